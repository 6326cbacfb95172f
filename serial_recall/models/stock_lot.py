from odoo import _, fields, models


class StockLot(models.Model):
    _inherit = "stock.lot"

    recall_unit_ids = fields.One2many("serial.recall.unit", "lot_id", "Recalls", readonly=True)
    recall_count = fields.Integer("Recall Count", compute="_compute_recall_count")

    def _compute_recall_count(self):
        counts = dict(self.env["serial.recall.unit"]._read_group(
            [("lot_id", "in", self.ids)], ["lot_id"], ["__count"]))
        for lot in self:
            lot.recall_count = counts.get(lot, 0)

    def action_view_recall_units(self):
        return self.env["serial.recall.unit"]._recall_window_action(
            "serial_recall.serial_recall_unit_action", [("lot_id", "in", self.ids)],
        )

    def _recall_warehouses(self):
        """Return {lot id: warehouse id} of the internal location holding each serial (one query)."""
        quants = self.env["stock.quant"].sudo().search_fetch([
            ("lot_id", "in", self.ids),
            ("quantity", ">", 0),
            ("location_id.usage", "=", "internal"),
        ], ["lot_id", "location_id"])
        return {quant.lot_id.id: quant.location_id.warehouse_id.id for quant in quants if quant.location_id.warehouse_id}

    def _recall_quarantined_by_campaign(self):
        """The serials of ``self`` whose latest quarantine was put by a recall campaign."""
        if not self:
            return self
        self.env["stock.lot.lifecycle.event"].flush_model()
        self.env.cr.execute("""
            SELECT lot_id FROM (
                SELECT DISTINCT ON (lot_id) lot_id, res_model
                  FROM stock_lot_lifecycle_event
                 WHERE lot_id = ANY(%s) AND event_type = 'quarantine'
              ORDER BY lot_id, id DESC
            ) latest WHERE res_model = 'serial.recall.campaign'
        """, (self.ids,))
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    def _lifecycle_return_acceptance_reasons(self):
        reasons = super()._lifecycle_return_acceptance_reasons()
        for unit in self.env["serial.recall.unit"].sudo()._open_units_of(self):
            reasons.setdefault(unit.lot_id.id, _("Under recall %(campaign)s", campaign=unit.campaign_id.name))
        return reasons

    def _serial_status_flags(self):
        flags = super()._serial_status_flags()
        for unit in self.env["serial.recall.unit"].sudo()._open_units_of(self):
            flags.setdefault(unit.lot_id.id, []).append({
                "code": "recall",
                "label": _("Recall %(campaign)s: %(title)s", campaign=unit.campaign_id.name, title=unit.campaign_id.title),
                "level": "danger",
            })
        return flags
