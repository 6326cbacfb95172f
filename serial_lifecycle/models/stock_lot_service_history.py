from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.service_history import EVENT_KINDS, KINDS, RECALL_MODELS

# Each source of the history numbers its rows source id * ID_SPREAD + its
# position among the sources: ids are unique and stable across queries.
ID_SPREAD = 16
SEPARATOR = " · "


class StockLotServiceHistory(models.Model):
    """The service history of a serial: one read-only timeline, in date order.

    A view over the ledger (receipts, shipments, installations, repairs,
    parts fitted and removed with the other serial, revision changes,
    recalls), to which other modules add their sources through
    ``_service_history_parts()`` (serial_warranty: the warranty claims with
    their decision). Each row is written by PostgreSQL, labels included:
    no Python runs per row.
    """

    _name = "stock.lot.service.history"
    _description = "Serial Service History"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "description"
    _depends = {
        "stock.lot.lifecycle.event": [
            "lot_id",
            "event_date",
            "event_type",
            "reference",
            "linked_lot_id",
            "revision",
            "partner_id",
            "user_id",
            "company_id",
            "res_model",
            "res_id",
        ],
        "stock.lot": ["name"],
    }

    lot_id = fields.Many2one("stock.lot", "Serial Number", readonly=True)
    date = fields.Datetime(readonly=True)
    kind = fields.Selection(KINDS, readonly=True)
    description = fields.Char(readonly=True)
    reference = fields.Char("Document", readonly=True)
    linked_lot_id = fields.Many2one("stock.lot", "Other Serial", readonly=True)
    partner_id = fields.Many2one("res.partner", "Partner", readonly=True)
    user_id = fields.Many2one("res.users", "User", readonly=True)
    company_id = fields.Many2one("res.company", "Company", readonly=True)
    res_model = fields.Char("Document Model", readonly=True)
    res_id = fields.Many2oneReference(
        "Document ID", model_field="res_model", readonly=True
    )

    @api.model
    def _service_history_event_kinds(self):
        """{event type: kind} of the ledger's events; other modules add theirs."""
        return dict(EVENT_KINDS)

    @api.model
    def _service_history_case(self, column, labels, default=None):
        """SQL of ``CASE column WHEN key THEN label ... END`` from a dict."""
        if not labels:
            return SQL("%s", default)
        return SQL(
            "CASE %s %s ELSE %s END",
            column,
            SQL(" ").join(
                SQL("WHEN %s THEN %s", key, label) for key, label in labels.items()
            ),
            default,
        )

    @api.model
    def _service_history_parts(self):
        """The sources of the history: a list of SQL queries with the columns

        ``source_id, lot_id, date, kind, description, reference, linked_lot_id,
        partner_id, user_id, company_id, res_model, res_id``. Override, call
        super and append: each source keeps its position in the list (it
        numbers its rows), so append, never insert.
        """
        Event = self.env["stock.lot.lifecycle.event"]
        labels = dict(Event._fields["event_type"]._description_selection(self.env))
        kind = self._service_history_case(
            SQL("event.event_type"), self._service_history_event_kinds(), "other"
        )
        return [
            SQL(
                """
            SELECT event.id AS source_id, event.lot_id, event.event_date AS date,
                   CASE WHEN event.res_model IN %(recall_models)s THEN 'recall' ELSE
                       %(kind)s END AS kind,
                   CONCAT_WS(%(sep)s, %(label)s, NULLIF(event.reference, ''),
                       linked.name,
                             NULLIF(event.revision, '')) AS description,
                   event.reference, event.linked_lot_id, event.partner_id,
                       event.user_id, event.company_id,
                   event.res_model, event.res_id
              FROM stock_lot_lifecycle_event event
              LEFT JOIN stock_lot linked ON linked.id = event.linked_lot_id
            """,
                recall_models=RECALL_MODELS,
                kind=kind,
                sep=SEPARATOR,
                label=self._service_history_case(SQL("event.event_type"), labels, None),
            )
        ]

    @property
    def _table_query(self):
        return SQL(" UNION ALL ").join(
            SQL(
                "SELECT part.source_id::bigint * %(spread)s + %(position)s "
                "AS id, part.lot_id, part.date, part.kind, "
                "part.description, part.reference, part.linked_lot_id, "
                "part.partner_id, part.user_id, "
                "part.company_id, part.res_model, part.res_id FROM (%(part)s) part",
                spread=ID_SPREAD,
                position=position,
                part=part,
            )
            for position, part in enumerate(self._service_history_parts())
        )
