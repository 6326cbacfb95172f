from odoo import api, fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    serial_inspection_pending_count = fields.Integer(
        "Serials to Inspect", compute="_compute_serial_inspection_pending_count",
        help="Serials received on this transfer that wait for their inspection.",
    )

    @api.depends("state", "move_line_ids.lot_id.quality_status")
    def _compute_serial_inspection_pending_count(self):
        for picking in self:
            lots = picking.move_line_ids.lot_id if picking.state == "done" else self.env["stock.lot"]
            picking.serial_inspection_pending_count = len(lots.filtered(lambda lot: lot.quality_status == "pending"))

    def _serial_inspection_lots(self):
        self.ensure_one()
        pending = self.move_line_ids.lot_id.filtered(lambda lot: lot.quality_status == "pending")
        if self.company_id.serial_inspection_sampling == "all":
            return pending.sorted("name")
        # With sampling, the screen lists the samples; the others follow their verdict.
        Lot = self.env["stock.lot"]
        samples = Lot.union(*(Lot._quality_receipt_samples(self, product)[0] for product in pending.product_id))
        return (pending & samples).sorted("name")

    def action_open_inspection_wizard(self):
        """Record Inspection: all the receipt's serials waiting for inspection in one screen."""
        self.ensure_one()
        return self.env["serial.inspection.wizard"]._serial_open(self._serial_inspection_lots(), picking=self)
