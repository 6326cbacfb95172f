from odoo import _, api, fields, models


class StockLot(models.Model):
    _inherit = "stock.lot"

    recall_unit_ids = fields.One2many(
        "serial.recall.unit", "lot_id", "Recalls", readonly=True
    )
    recall_count = fields.Integer(compute="_compute_recall_count")

    def _compute_recall_count(self):
        counts = dict(
            self.env["serial.recall.unit"]._read_group(
                [("lot_id", "in", self.ids)], ["lot_id"], ["__count"]
            )
        )
        for lot in self:
            lot.recall_count = counts.get(lot, 0)

    def action_view_recall_units(self):
        return self.env["serial.recall.unit"]._recall_window_action(
            "serial_recall.serial_recall_unit_action",
            [("lot_id", "in", self.ids)],
        )

    def _recall_quarantined_by_campaign(self):
        """The serials of ``self`` whose latest quarantine was put by a recall
        campaign."""
        latest = self._lifecycle_latest_events({"quarantine"})
        return self.filtered(
            lambda lot: latest.get((lot.id, "quarantine"), {}).get("res_model")
            == "serial.recall.campaign"
        )

    @api.model
    def _lifecycle_append(self, vals_list):
        # Every change of a serial's state goes through here: the units of
        # open recalls follow it (serial.recall.unit._recall_follow_events).
        events = super()._lifecycle_append(vals_list)
        if events:
            self.env["serial.recall.unit"].sudo()._recall_follow_events(events)
        return events

    def _lifecycle_held_lots(self):
        # A recalled serial coming back (from a customer, or found in a count)
        # stays quarantined until the campaign releases it.
        held = super()._lifecycle_held_lots()
        return held | self.env["serial.recall.unit"].sudo()._open_units_of(
            self
        ).lot_id.with_env(self.env)

    def _lifecycle_return_acceptance_reasons(self):
        reasons = super()._lifecycle_return_acceptance_reasons()
        for unit in self.env["serial.recall.unit"].sudo()._open_units_of(self):
            reasons.setdefault(
                unit.lot_id.id,
                _("Under recall %(campaign)s", campaign=unit.campaign_id.name),
            )
        return reasons

    def _serial_status_flags(self):
        flags = super()._serial_status_flags()
        for unit in self.env["serial.recall.unit"].sudo()._open_units_of(self):
            flags.setdefault(unit.lot_id.id, []).append(
                {
                    "code": "recall",
                    "label": _(
                        "Recall %(campaign)s", campaign=unit.campaign_id.headline
                    ),
                    "level": "danger",
                }
            )
        return flags
