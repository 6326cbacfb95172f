from odoo import _, api, models
from odoo.tools import SQL

# The warranty's events on the timeline.
WARRANTY_EVENT_KINDS = {
    "repair_start": "repair",
    "repair_done": "repair",
    "warranty_replaced": "claim",
    "warranty_void": "status",
    "return_forced": "return",
}


class StockLotServiceHistory(models.Model):
    """The warranty claims of a serial on its service history, with their decision."""

    _inherit = "stock.lot.service.history"
    _depends = {
        "serial.warranty.claim": [
            "lot_id",
            "claim_date",
            "name",
            "state",
            "decision_reason",
            "partner_id",
            "user_id",
            "company_id",
            "create_date",
        ],
    }

    @api.model
    def _service_history_event_kinds(self):
        kinds = super()._service_history_event_kinds()
        kinds.update(WARRANTY_EVENT_KINDS)
        return kinds

    @api.model
    def _service_history_parts(self):
        parts = super()._service_history_parts()
        Claim = self.env["serial.warranty.claim"]
        # A user who may not read claims sees none on the timeline: the part
        # stays (it keeps its position, which numbers the rows) but is empty.
        readable = SQL("TRUE") if Claim.has_access("read") else SQL("FALSE")
        states = dict(Claim._fields["state"]._description_selection(self.env))
        reasons = dict(
            Claim._fields["decision_reason"]._description_selection(self.env)
        )
        parts.append(
            SQL(
                """
            SELECT claim.id AS source_id, claim.lot_id,
                   -- The claim's day, at the time of day it was recorded.
                   claim.claim_date + claim.create_date::time AS date,
                   'claim' AS kind,
                   CONCAT_WS(%(sep)s, %(label)s, claim.name, %(state)s, %(reason)s) AS
                       description,
                   claim.name AS reference, NULL::int AS linked_lot_id,
                       claim.partner_id, claim.user_id,
                   claim.company_id, 'serial.warranty.claim' AS res_model, claim.id AS
                       res_id
              FROM serial_warranty_claim claim
             WHERE claim.lot_id IS NOT NULL AND %(readable)s
            """,
                sep=" · ",
                label=_("Warranty Claim"),
                readable=readable,
                state=self._service_history_case(SQL("claim.state"), states, None),
                reason=self._service_history_case(
                    SQL("claim.decision_reason"), reasons, None
                ),
            )
        )
        return parts
