from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import ledger_guard
from ..tools.lifecycle_rules import EVENT_TYPES, STATES, TRANSITIONS
from ..tools.quality import QUALITY_STATUSES


class StockLotLifecycleEvent(models.Model):
    """One change in the situation of a serial: the append-only ledger.

    ``stock.lot.lifecycle_state`` is the state after the latest event of the
    serial and nothing else writes it. Rows are created only by
    ``stock.lot._lifecycle_append()``, which checks each against the
    transition table, and never edited nor deleted through the ORM, by
    anybody: a mistake is corrected by a new event. What an event names (its
    serial, product, company, partner, user, locations) cannot be deleted
    while it does; the document's name is kept in ``reference``.
    """

    _name = "stock.lot.lifecycle.event"
    _description = "Serial Lifecycle Event"
    _order = "event_date desc, id desc"
    _check_company_auto = True

    lot_id = fields.Many2one(
        "stock.lot",
        "Serial Number",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
    )
    product_id = fields.Many2one(
        "product.product",
        "Product",
        required=True,
        index=True,
        readonly=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(
        "res.company", "Company", index=True, readonly=True, ondelete="restrict"
    )
    event_date = fields.Datetime(
        "Date", required=True, readonly=True, default=fields.Datetime.now
    )
    stock_entry_date = fields.Datetime(
        "In Stock Since",
        readonly=True,
        help="On a delivery: when the serial it shipped had last come into stock.",
    )
    event_type = fields.Selection(
        EVENT_TYPES, "Event", required=True, index=True, readonly=True
    )
    state_before = fields.Selection(STATES, readonly=True)
    state_after = fields.Selection(STATES, required=True, readonly=True)
    quality_status = fields.Selection(
        QUALITY_STATUSES,
        "Quality After",
        readonly=True,
        help="The serial's quality status after the event (empty: its product "
        "requires no inspection).",
    )
    move_id = fields.Many2one(
        "stock.move",
        "Stock Move",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
    )
    picking_id = fields.Many2one(
        "stock.picking",
        "Transfer",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
    )
    reference = fields.Char(
        readonly=True,
        help="The document behind the event (transfer, repair, campaign) as it "
        "was named then.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        "Partner",
        index="btree_not_null",
        readonly=True,
        ondelete="restrict",
    )
    location_id = fields.Many2one(
        "stock.location", "From", readonly=True, ondelete="restrict"
    )
    location_dest_id = fields.Many2one(
        "stock.location", "To", readonly=True, ondelete="restrict"
    )
    user_id = fields.Many2one(
        "res.users",
        "Done By",
        readonly=True,
        default=lambda self: self.env.user,
        ondelete="restrict",
    )
    note = fields.Text(readonly=True)
    revision = fields.Char(
        readonly=True, help="For a revision change: the revision after it."
    )
    linked_lot_id = fields.Many2one(
        "stock.lot",
        "Linked Serial",
        index="btree_not_null",
        readonly=True,
        ondelete="restrict",
        help="For a component installed or removed: the other serial (the "
        "component, or the unit it went into).",
    )
    res_model = fields.Char("Document Model", readonly=True)
    res_id = fields.Many2oneReference(
        "Document ID", model_field="res_model", readonly=True
    )
    document_ref = fields.Reference(
        selection="_selection_document_ref",
        string="Document",
        compute="_compute_document_ref",
    )

    @api.depends("lot_id.name", "event_type")
    def _compute_display_name(self):
        labels = dict(self._fields["event_type"]._description_selection(self.env))
        for event in self:
            event.display_name = "{} - {}".format(
                event.lot_id.name,
                labels.get(event.event_type, ""),
            )

    @api.model
    def _selection_document_ref(self):
        return [
            (model.model, model.name)
            for model in self.env["ir.model"].sudo().search([])
        ]

    @api.depends("res_model", "res_id")
    def _compute_document_ref(self):
        for event in self:
            if event.res_model and event.res_id and event.res_model in self.env:
                event.document_ref = f"{event.res_model},{event.res_id}"
            else:
                event.document_ref = False

    @api.model
    def _lifecycle_transitions(self):
        """The transition table: {event type: lifecycle_rules.Transition}.

        The one hook through which other modules add their event types (and
        the rows saying what they do): override, call super and add rows.
        """
        return dict(TRANSITIONS)

    @api.model_create_multi
    def create(self, vals_list):
        # Superuser included: an event written by hand would forge a history.
        # Users without the right to create are told so first.
        self.browse().check_access("create")
        if not ledger_guard.is_unlocked():
            raise UserError(
                _(
                    "Lifecycle events are recorded by the flows that change "
                    "a serial (receipts, "
                    "deliveries, the actions on the serial form), not created by hand."
                )
            )
        events = super().create(vals_list)
        # The analytics cubes of these products are rebuilt before their next read.
        self.env["serial.report.cube.mark"]._serial_mark_changed(
            self._name, None, {vals.get("product_id") for vals in vals_list}
        )
        return events

    def write(self, vals):
        if not self:
            return super().write(vals)
        raise UserError(
            _(
                "Lifecycle events cannot be changed: the history of a serial "
                "is append-only. "
                "Record a new event to correct it."
            )
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_append_only(self):
        raise UserError(
            _(
                "Lifecycle events cannot be deleted: the history of a serial "
                "is append-only. "
                "Record a new event to correct it."
            )
        )
