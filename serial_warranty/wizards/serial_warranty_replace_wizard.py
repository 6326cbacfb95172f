from odoo import fields, models


class SerialWarrantyReplaceWizard(models.TransientModel):
    _name = "serial.warranty.replace.wizard"
    _inherit = ["serial.input.mixin"]
    _description = "Replace a Unit under Warranty"

    claim_id = fields.Many2one("serial.warranty.claim", "Claim", required=True)
    product_id = fields.Many2one(related="claim_id.product_id")
    faulty_lot_id = fields.Many2one(related="claim_id.lot_id", string="Faulty Serial")
    replacement_lot_id = fields.Many2one(
        "stock.lot",
        "Replacement Serial",
        required=True,
        domain="[('product_id', '=', product_id), ('id', '!=', faulty_lot_id),"
        " ('lifecycle_state', 'in', ('available', 'allocated'))]",
    )

    def action_confirm(self):
        self.claim_id._replace(self.replacement_lot_id)
        return {"type": "ir.actions.act_window_close"}
