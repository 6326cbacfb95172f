from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools.lifecycle_rules import CUSTOMER_STATES, EVENT_TYPES, STATES


class StockLotLifecycleEvent(models.Model):
    """One change in the situation of a serial: the append-only ledger.

    ``stock.lot.lifecycle_state`` is the state after the latest event of the
    serial and nothing else writes it. Rows are never edited nor deleted
    through the ORM, by anybody: a mistake is corrected by a new event.
    """

    _name = "stock.lot.lifecycle.event"
    _description = "Serial Lifecycle Event"
    _order = "event_date desc, id desc"
    _check_company_auto = True

    lot_id = fields.Many2one(
        "stock.lot", "Serial Number", required=True, index=True, ondelete="restrict",
        readonly=True,
    )
    product_id = fields.Many2one("product.product", "Product", required=True, index=True, readonly=True)
    company_id = fields.Many2one("res.company", "Company", index=True, readonly=True)
    event_date = fields.Datetime("Date", required=True, readonly=True, default=fields.Datetime.now)
    event_type = fields.Selection(EVENT_TYPES, "Event", required=True, index=True, readonly=True)
    state_before = fields.Selection(STATES, "State Before", readonly=True)
    state_after = fields.Selection(STATES, "State After", required=True, readonly=True)
    move_id = fields.Many2one("stock.move", "Stock Move", index="btree_not_null", ondelete="set null", readonly=True)
    picking_id = fields.Many2one("stock.picking", "Transfer", index="btree_not_null", ondelete="set null", readonly=True)
    partner_id = fields.Many2one("res.partner", "Partner", index="btree_not_null", readonly=True)
    location_id = fields.Many2one("stock.location", "From", readonly=True)
    location_dest_id = fields.Many2one("stock.location", "To", readonly=True)
    user_id = fields.Many2one("res.users", "Done By", readonly=True, default=lambda self: self.env.user)
    note = fields.Text("Note", readonly=True)
    res_model = fields.Char("Document Model", readonly=True)
    res_id = fields.Many2oneReference("Document ID", model_field="res_model", readonly=True)
    document_ref = fields.Reference(
        selection="_selection_document_ref", string="Document", compute="_compute_document_ref",
    )

    @api.depends("lot_id.name", "event_type")
    def _compute_display_name(self):
        labels = dict(self._fields["event_type"]._description_selection(self.env))
        for event in self:
            event.display_name = "%s - %s" % (event.lot_id.name, labels.get(event.event_type, ""))

    @api.model
    def _selection_document_ref(self):
        return [(model.model, model.name) for model in self.env["ir.model"].sudo().search([])]

    @api.depends("res_model", "res_id")
    def _compute_document_ref(self):
        for event in self:
            if event.res_model and event.res_id and event.res_model in self.env:
                event.document_ref = "%s,%s" % (event.res_model, event.res_id)
            else:
                event.document_ref = False

    @api.model_create_multi
    def create(self, vals_list):
        events = super().create(vals_list)
        events._apply_to_lots()
        return events

    def write(self, vals):
        raise UserError(_(
            "Lifecycle events cannot be changed: the history of a serial is append-only. "
            "Record a new event to correct it."
        ))

    def unlink(self):
        raise UserError(_(
            "Lifecycle events cannot be deleted: the history of a serial is append-only. "
            "Record a new event to correct it."
        ))

    def _apply_to_lots(self):
        """Write on each lot the state (and customer) after its newest event.

        One UPDATE per distinct (state, customer) pair rather than one per
        lot, so that a validation of 1,000 serials costs a handful of queries.
        """
        latest_by_lot = {}
        for event in self.sorted("id"):
            latest_by_lot[event.lot_id] = event
        lots_by_values = {}
        for lot, event in latest_by_lot.items():
            if event.state_after in CUSTOMER_STATES:
                partner = event.partner_id or lot.lifecycle_partner_id
            elif event.event_type in ("lost", "found"):
                # A unit stolen from a customer is still that customer's case.
                partner = lot.lifecycle_partner_id
            else:
                partner = False
            key = (event.state_after, partner.id if partner else False)
            # Ids, not recordsets: uniting recordsets one lot at a time is
            # quadratic (1.5 s for 8,000 lots in a recall).
            lots_by_values.setdefault(key, []).append(lot.id)
        for (state, partner_id), lot_ids in lots_by_values.items():
            self.env["stock.lot"].browse(lot_ids).sudo().with_context(serial_lifecycle_ledger=True).write({
                "lifecycle_state": state,
                "lifecycle_partner_id": partner_id,
            })
