from odoo import _, api, fields, models

from .stock_serial_count import RESULTS


class StockSerialCountLine(models.Model):
    _name = "stock.serial.count.line"
    _inherit = ["serial.input.mixin"]
    _description = "Count by Serial: Result Line"
    _order = "result, serial"

    count_id = fields.Many2one(
        "stock.serial.count", "Count", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="count_id.company_id", store=True)
    serial = fields.Char(required=True)
    lot_id = fields.Many2one("stock.lot", "Serial Number")
    product_id = fields.Many2one("product.product", "Product")
    result = fields.Selection(RESULTS, required=True)
    current_location_id = fields.Many2one(
        "stock.location",
        "Location in Odoo",
        help="Where Odoo had the serial when the count was checked.",
    )
    lifecycle_state = fields.Selection(
        related="lot_id.lifecycle_state", string="Lifecycle State"
    )
    planned_action = fields.Char("On Apply", compute="_compute_planned_action")

    @api.depends("result", "current_location_id", "product_id", "lifecycle_state")
    def _compute_planned_action(self):
        states = dict(self._fields["lifecycle_state"]._description_selection(self.env))
        for line in self:
            if line.result == "missing":
                line.planned_action = _("Inventory loss (becomes Lost)")
            elif line.result == "elsewhere" and line.current_location_id:
                line.planned_action = _(
                    "Move here from %(location)s",
                    location=line.current_location_id.complete_name,
                )
            elif line.result == "elsewhere":
                line.planned_action = _(
                    "Inventory gain (was %(state)s)",
                    state=states.get(line.lifecycle_state, ""),
                )
            elif line.result == "unknown":
                line.planned_action = (
                    _("New serial, inventory gain")
                    if line.product_id
                    else _("Set a product to add it")
                )
            else:
                line.planned_action = False
