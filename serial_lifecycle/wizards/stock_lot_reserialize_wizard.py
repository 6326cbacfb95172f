from odoo import fields, models


class StockLotReserializeWizard(models.TransientModel):
    """Ask a manager the new serial number of a refurbished unit and why."""

    _name = "stock.lot.reserialize.wizard"
    _inherit = ["serial.input.mixin"]
    _description = "Re-serialize a Refurbished Unit"
    _serial_text_fields = ("new_name",)

    lot_id = fields.Many2one("stock.lot", "Serial Number", required=True, readonly=True)
    product_id = fields.Many2one(related="lot_id.product_id")
    new_name = fields.Char(
        "New Serial Number",
        required=True,
        help="The number the unit carries from now on; the product's serial rules "
        "apply.",
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        new_lot = self.lot_id._serial_reserialize(self.new_name, self.reason)
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.lot",
            "res_id": new_lot.id,
            "view_mode": "form",
            "views": [[False, "form"]],
        }
