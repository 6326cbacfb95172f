from odoo import fields, models


class SerialWarrantyVoidWizard(models.TransientModel):
    _name = "serial.warranty.void.wizard"
    _inherit = ["serial.input.mixin"]
    _description = "Void the Warranty of Serials"

    lot_ids = fields.Many2many("stock.lot", string="Serials", required=True)
    reason = fields.Text(
        required=True,
        help="Tampering, misuse...: recorded on each serial's history.",
    )

    def action_confirm(self):
        self.lot_ids._warranty_void(self.reason)
        return {"type": "ir.actions.act_window_close"}
