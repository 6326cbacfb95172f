from collections import defaultdict

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_datetime
from odoo.tools.sql import column_exists, table_exists

from ..tools import ledger_guard
from ..tools.lifecycle_rules import (
    BLOCKED_STATES,
    MANUAL_ACTIONS,
    STATE_PLACES,
    STOCK_ENTRY_EVENTS,
    TransitionRefused,
    customer_after,
    next_state,
    restored_event_type,
)
from ..tools.messages import bullet_list
from ..tools.quality import INSPECTED_ARRIVALS, quality_after

MANAGER_GROUP = "serial_lifecycle.group_serial_lifecycle_manager"
USER_GROUP = "serial_lifecycle.group_serial_lifecycle_user"
STOCK_USAGES = ("internal", "transit")
# The first event of a kind is kept on the serial ({field: the events of that
# kind}): who supplied it and when it first went to a customer, which the
# analytics group a million serials by without sorting their whole history.
# A serial already at a customer when the module was installed has its
# backfill event as its first delivery.
FIRST_EVENTS = {
    "first_receipt_event_id": SQL("event.event_type = 'receipt'"),
    "first_delivery_event_id": SQL(
        "(event.event_type = 'delivery' OR event.event_type = 'backfill' AND "
        "event.state_after IN %s)",
        ("shipped", "installed"),
    ),
}
FIRST_EVENT_TYPES = ("receipt", "delivery", "backfill")


# The model is extended by concern, one file each: not merged on purpose.
# pylint: disable=consider-merging-classes-inherited
class StockLot(models.Model):
    """The ledger of a serial: the one way its state changes, and what reads it."""

    _inherit = "stock.lot"

    first_receipt_event_id = fields.Many2one(
        "stock.lot.lifecycle.event",
        "First Receipt",
        readonly=True,
        copy=False,
        help="The serial's first receipt from a vendor: its supplier and date.",
    )
    first_delivery_event_id = fields.Many2one(
        "stock.lot.lifecycle.event",
        "First Delivery",
        readonly=True,
        copy=False,
        help="The serial's first delivery to a customer.",
    )
    stock_entry_date = fields.Datetime(
        "In Stock Since",
        readonly=True,
        copy=False,
        help="When the serial last came into stock: received, made, returned by a "
        "customer or counted in.",
    )

    def _auto_init(self):
        new = not column_exists(self.env.cr, self._table, "stock_entry_date")
        result = super()._auto_init()
        if new and table_exists(self.env.cr, "stock_lot_lifecycle_event"):
            # A database where the module was installed before these fields:
            # once every table has its new columns.
            self.pool.post_init(self._lifecycle_set_first_events)
            self.pool.post_init(self._lifecycle_set_stock_entry_dates)
        return result

    def _lifecycle_set_stock_entry_dates(self):
        """Set, from the whole ledger, when each serial last came into stock and,
        on each delivery event, when the serial it shipped had come in."""
        cr = self.env.cr
        self.env["stock.lot.lifecycle.event"].flush_model()
        cr.execute(
            SQL(
                """
            UPDATE stock_lot lot SET stock_entry_date = entry.event_date
              FROM (SELECT lot_id, MAX(event_date) AS event_date FROM
                  stock_lot_lifecycle_event
                     WHERE event_type IN %(entries)s GROUP BY lot_id) entry
             WHERE lot.id = entry.lot_id
            """,
                entries=STOCK_ENTRY_EVENTS,
            )
        )
        cr.execute(
            SQL(
                """
            UPDATE stock_lot_lifecycle_event event SET stock_entry_date =
                shipment.entered
              FROM (SELECT id, event_type, MAX(event_date) FILTER (WHERE event_type IN
                  %(entries)s) OVER (
                               PARTITION BY lot_id ORDER BY event_date, id) AS entered
                      FROM stock_lot_lifecycle_event
                     WHERE event_type IN %(entries)s OR event_type = 'delivery')
                         shipment
             WHERE event.id = shipment.id AND shipment.event_type = 'delivery'
            """,
                entries=STOCK_ENTRY_EVENTS,
            )
        )
        self.invalidate_model(["stock_entry_date"])
        self.env["stock.lot.lifecycle.event"].invalidate_model(["stock_entry_date"])

    def _lifecycle_set_first_events(self, event_ids=None):
        """Keep the first event of each kind of FIRST_EVENTS on its serial.

        ``event_ids``: the events just appended (None: the whole ledger). One
        UPDATE; only serials without one yet change.
        """
        self.env["stock.lot.lifecycle.event"].flush_model(
            ["lot_id", "event_type", "event_date", "state_after"]
        )
        for field_name, kind in FIRST_EVENTS.items():
            self.env.cr.execute(
                SQL(
                    """
                UPDATE stock_lot lot SET %(field)s = first.id
                  FROM (SELECT DISTINCT ON (event.lot_id) event.lot_id, event.id
                          FROM stock_lot_lifecycle_event event
                         WHERE %(kind)s AND %(scope)s
                         ORDER BY event.lot_id, event.event_date, event.id) first
                 WHERE lot.id = first.lot_id AND lot.%(field)s IS NULL
                """,
                    field=SQL.identifier(field_name),
                    kind=kind,
                    scope=SQL("TRUE")
                    if event_ids is None
                    else SQL("event.id = ANY(%s)", list(event_ids)),
                )
            )
        self.invalidate_model(list(FIRST_EVENTS))

    # ------------------------------------------------------------------
    # Appending events: the only writer of state, customer and history
    # ------------------------------------------------------------------

    @api.model
    def _cron_lifecycle_backfill(self):
        """Cron: the next chunk of the install backfill, its progress noted.

        Odoo runs it again at once, in a new transaction, while lots are
        left; the last chunk deactivates it.
        """
        from ..hooks import BACKFILL_CHUNK, backfill_next_chunk

        looked, _count, remaining = backfill_next_chunk(self.env, BACKFILL_CHUNK)
        self.env["ir.cron"]._notify_progress(
            done=looked, remaining=remaining, deactivate=not remaining
        )

    @api.model
    def _lifecycle_append(self, vals_list):
        """Append lifecycle events, checked against the transition table.

        Each dict needs ``lot_id`` and ``event_type``; the state before, the
        state after and the current customer come from the table
        (``stock.lot.lifecycle.event._lifecycle_transitions()``), never from
        the caller (but for a ``GIVEN`` target: the install backfill). An
        event the table refuses refuses the whole batch, every offending
        serial named. Events are written as superuser because they record
        what a user was allowed to do (a salesperson confirming an order
        reserves serials), not a right to edit the ledger.
        """
        Event = self.env["stock.lot.lifecycle.event"]
        if not vals_list:
            return Event
        transitions = Event._lifecycle_transitions()
        lots = self.browse([vals["lot_id"] for vals in vals_list]).sudo()
        manager_rows = {
            vals["event_type"]
            for vals in vals_list
            if vals["event_type"] in transitions
            and transitions[vals["event_type"]].manager_only
        }
        if manager_rows and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                _(
                    "Only a Serial Lifecycle manager can record this event: "
                    "%(events)s.",
                    events=", ".join(
                        sorted(self._lifecycle_event_label(key) for key in manager_rows)
                    ),
                )
            )
        restore_types = {
            restored_event_type(key, transitions) for key in transitions
        } - {None}
        restorable = lots._lifecycle_latest_events(restore_types)
        held = lots._lifecycle_held_lots()
        state_now = {}
        partner_now = {}
        entry_now = {}
        quality_now = {}
        errors = []
        for vals in vals_list:
            lot = lots.browse(vals["lot_id"]).with_prefetch(lots._prefetch_ids)
            event_type = vals["event_type"]
            before = state_now.get(lot.id, lot.lifecycle_state)
            restored = restorable.get(
                (lot.id, restored_event_type(event_type, transitions)), {}
            )
            try:
                after = next_state(
                    event_type,
                    before,
                    transitions,
                    restored=restored.get("state_before"),
                    given=vals.get("state_after"),
                    held=lot in held,
                )
            except TransitionRefused:
                errors.append(
                    self._lifecycle_refusal(lot, event_type, before, transitions)
                )
                continue
            restorable[(lot.id, event_type)] = {
                "state_before": before,
                "res_model": vals.get("res_model"),
            }
            partner_now[lot.id] = customer_after(
                event_type,
                vals.get("partner_id"),
                partner_now.get(lot.id, lot.lifecycle_partner_id.id),
                transitions,
            )
            state_now[lot.id] = after
            requires_inspection = (
                event_type in INSPECTED_ARRIVALS and lot._quality_requires_inspection()
            )
            quality_now[lot.id] = quality_after(
                event_type,
                quality_now.get(lot.id, lot.quality_status),
                requires_inspection,
            )
            vals.update(
                state_before=before,
                state_after=after,
                quality_status=quality_now[lot.id],
            )
            vals.setdefault("event_date", fields.Datetime.now())
            if event_type in STOCK_ENTRY_EVENTS:
                entry_now[lot.id] = vals["event_date"]
            elif event_type == "delivery":
                vals["stock_entry_date"] = entry_now.get(lot.id, lot.stock_entry_date)
            vals.setdefault("product_id", lot.product_id.id)
            # The company where it happened: a product shared by all companies
            # still has its history kept per company.
            vals.setdefault("company_id", lot.company_id.id or self.env.company.id)
            vals.setdefault("user_id", self.env.uid)
        if errors:
            raise UserError(
                _(
                    "Nothing was recorded; these serials do not allow this "
                    "event:\n%(lines)s",
                    lines=bullet_list(errors),
                )
            )
        self._lifecycle_set_references(vals_list)
        with ledger_guard.unlocked():
            events = Event.sudo().create(vals_list)
            lots_by_values = defaultdict(list)
            for lot_id, state in state_now.items():
                # Ids, not recordsets: uniting recordsets one lot at a time is
                # quadratic (1.5 s for 8,000 lots in a recall).
                lots_by_values[
                    (state, partner_now[lot_id] or False, quality_now[lot_id])
                ].append(lot_id)
            # One UPDATE per distinct (state, customer, quality) rather than one
            # per lot, so that a validation of 1,000 serials costs a few queries.
            for (state, partner_id, quality), lot_ids in lots_by_values.items():
                self.browse(lot_ids).sudo().write(
                    {
                        "lifecycle_state": state,
                        "lifecycle_partner_id": partner_id,
                        "quality_status": quality,
                    }
                )
            entries_by_date = defaultdict(list)
            for lot_id, entry_date in entry_now.items():
                entries_by_date[entry_date].append(lot_id)
            for entry_date, lot_ids in entries_by_date.items():
                self.browse(lot_ids).sudo().write({"stock_entry_date": entry_date})
        firsts = events.filtered(lambda event: event.event_type in FIRST_EVENT_TYPES)
        if firsts:
            self._lifecycle_set_first_events(firsts.ids)
        return events

    @api.model
    def _lifecycle_event_label(self, event_type):
        labels = dict(
            self.env["stock.lot.lifecycle.event"]
            ._fields["event_type"]
            ._description_selection(self.env)
        )
        return labels.get(event_type, event_type)

    @api.model
    def _lifecycle_state_label(self, state):
        return dict(
            self._fields["lifecycle_state"]._description_selection(self.env)
        ).get(state, state)

    @api.model
    def _lifecycle_refusal(self, lot, event_type, state, transitions, document=None):
        """Why the table refuses ``event_type`` on ``lot`` in ``state``, in the user's
        words."""
        row = transitions.get(event_type)
        allowed = (
            ", ".join(self._lifecycle_state_label(key) for key in row.from_states)
            if row
            else ""
        )
        return _(
            "%(serial)s (%(product)s) is %(state)s: %(event)s%(document)s "
            "applies only to serials that are %(allowed)s",
            serial=lot.name,
            product=lot.product_id.display_name,
            state=self._lifecycle_state_label(state),
            event=self._lifecycle_event_label(event_type),
            allowed=allowed or "-",
            document=_(" on %s", document) if document else "",
        )

    @api.model
    def _lifecycle_set_references(self, vals_list):
        """Store what each event was about in words: the document survives in the
        history even when a cancelled transfer or a move is deleted later."""
        pickings = (
            self.env["stock.picking"]
            .sudo()
            .browse(
                {vals["picking_id"] for vals in vals_list if vals.get("picking_id")}
            )
        )
        moves = (
            self.env["stock.move"]
            .sudo()
            .browse({vals["move_id"] for vals in vals_list if vals.get("move_id")})
        )
        for vals in vals_list:
            if vals.get("reference"):
                continue
            if vals.get("picking_id"):
                vals["reference"] = (
                    pickings.browse(vals["picking_id"])
                    .with_prefetch(pickings._prefetch_ids)
                    .name
                )
            elif vals.get("move_id"):
                vals["reference"] = (
                    moves.browse(vals["move_id"])
                    .with_prefetch(moves._prefetch_ids)
                    .reference
                )
            elif (
                vals.get("res_model")
                and vals.get("res_id")
                and vals["res_model"] in self.env
            ):
                vals["reference"] = (
                    self.env[vals["res_model"]]
                    .sudo()
                    .browse(vals["res_id"])
                    .display_name
                )

    @api.model
    def _lifecycle_company_domain(self, company):
        """Serials of ``company``: its own, and those without a company (a product
        shared by all companies) whose history was made in it."""
        return [
            "|",
            ("company_id", "=", company.id),
            "&",
            ("company_id", "=", False),
            ("lifecycle_event_ids.company_id", "=", company.id),
        ]

    def _lifecycle_held_lots(self):
        """The serials of ``self`` that stay blocked when they come back, whatever their
        state.

        The table quarantines a blocked serial coming back into stock; other
        modules add their reasons (serial_recall: an open recall).
        """
        return self.browse()

    def _lifecycle_latest_events(self, event_types):
        """Return {(lot id, event type): {"state_before", "res_model"}} of each serial's
        latest event of each of these types: the one reader of the ledger's past."""
        if not self or not event_types:
            return {}
        self.env["stock.lot.lifecycle.event"].flush_model()
        self.env.cr.execute(
            """
            SELECT DISTINCT ON (lot_id, event_type) lot_id, event_type, state_before,
                res_model
              FROM stock_lot_lifecycle_event
             WHERE lot_id = ANY(%s) AND event_type = ANY(%s)
          ORDER BY lot_id, event_type, id DESC
        """,
            (self.ids, list(event_types)),
        )
        return {
            (lot_id, event_type): {"state_before": state_before, "res_model": res_model}
            for lot_id, event_type, state_before, res_model in self.env.cr.fetchall()
        }

    # ------------------------------------------------------------------
    # Reservations
    # ------------------------------------------------------------------

    def _lifecycle_sync_allocation(self):
        """Allocate or release these serials according to their reservations.

        A serial is allocated while a move line that is not done reserves it
        on an outgoing move; once no such line remains, it gets back the state
        it had before its allocation (the table's ``deallocation`` row).
        """
        lots = self.filtered(lambda lot: lot.product_id.tracking == "serial")
        if not lots:
            return
        reserved_lines = (
            self.env["stock.move.line"]
            .sudo()
            .search_fetch(
                [
                    ("lot_id", "in", lots.ids),
                    ("state", "not in", ("done", "cancel")),
                    ("quantity", ">", 0),
                    ("move_id", "!=", False),
                ],
                ["lot_id", "move_id"],
            )
        )
        reserved_lots = reserved_lines.filtered(
            lambda line: line.move_id._lifecycle_is_outgoing()
        ).lot_id
        transitions = self.env["stock.lot.lifecycle.event"]._lifecycle_transitions()
        to_allocate = (lots & reserved_lots).filtered(
            lambda lot: lot.lifecycle_state in transitions["allocation"].from_states
        )
        to_release = (lots - reserved_lots).filtered(
            lambda lot: lot.lifecycle_state in transitions["deallocation"].from_states
        )
        line_by_lot = {line.lot_id.id: line for line in reserved_lines}
        vals_list = [
            {
                "lot_id": lot.id,
                "event_type": "allocation",
                "move_id": line_by_lot[lot.id].move_id.id,
                "picking_id": line_by_lot[lot.id].move_id.picking_id.id,
                "partner_id": line_by_lot[lot.id].move_id.picking_id.partner_id.id,
            }
            for lot in to_allocate
        ]
        vals_list += [
            {"lot_id": lot.id, "event_type": "deallocation"} for lot in to_release
        ]
        self._lifecycle_append(vals_list)

    def _lifecycle_release_reservations(self):
        """Free the outgoing reservations of these serials and reserve again.

        Used when serials become blocked: the moves look for other units,
        which can no longer be these ones.
        """
        lines = self.env["stock.move.line"].search(
            [
                ("lot_id", "in", self.ids),
                ("state", "not in", ("done", "cancel")),
                ("picked", "=", False),
            ]
        )
        moves = lines.move_id.filtered(lambda move: move._lifecycle_is_outgoing())
        if moves:
            moves._do_unreserve()
            moves._action_assign()

    # ------------------------------------------------------------------
    # Extension points for the other serial modules
    # ------------------------------------------------------------------

    def _serial_status_flags(self):
        """Return {lot id: [flag, ...]}: what a user must know at a glance.

        A flag is a dict with ``code``, ``label`` and ``level`` (``info``,
        ``warning`` or ``danger``). Scan screens and labels show them;
        serial_warranty and serial_recall add theirs by extending this.
        """
        return {
            lot.id: [
                {
                    "code": "blocked",
                    "label": self._lifecycle_state_label(lot.lifecycle_state),
                    "level": "danger",
                }
            ]
            if lot.lifecycle_state in BLOCKED_STATES
            else []
            for lot in self
        }

    def _lifecycle_return_acceptance_reasons(self):
        """Return {lot id: reason} for serials whose customer return is always accepted.

        Return eligibility checks (serial_warranty) skip these serials: a
        serial under an open recall comes back whatever its warranty says.
        serial_recall extends this; here no serial is exempt.
        """
        return {}

    # ------------------------------------------------------------------
    # Manual events (the wizard calls this)
    # ------------------------------------------------------------------

    def _lifecycle_apply_manual_action(
        self, action, event_date, note, partner=None, site=None
    ):
        """Record a manual event on every serial of ``self``, or on none."""
        if action not in MANUAL_ACTIONS:
            raise UserError(_("%(action)s is not an action on serials.", action=action))
        if not self.env.user.has_group(USER_GROUP):
            raise AccessError(_("You are not allowed to record lifecycle events."))
        # The history reads in date order: an event may not be dated before
        # what already happened to the serial.
        latest = dict(
            self.env["stock.lot.lifecycle.event"]
            .sudo()
            ._read_group([("lot_id", "in", self.ids)], ["lot_id"], ["event_date:max"])
        )
        errors = [
            _(
                "%(serial)s: the date is before its latest event (%(latest)s)",
                serial=lot.display_name,
                latest=format_datetime(self.env, latest[lot]),
            )
            for lot in self
            if lot in latest and fields.Datetime.to_datetime(event_date) < latest[lot]
        ]
        if errors:
            raise UserError(
                _(
                    "Nothing was recorded; these serials do not allow this "
                    "event:\n%(lines)s",
                    lines=bullet_list(errors),
                )
            )
        if site:
            note = _("Site: %(site)s\n%(note)s", site=site, note=note)
        events = self._lifecycle_append(
            [
                {
                    "lot_id": lot.id,
                    "event_type": action,
                    "event_date": event_date,
                    "note": note,
                    "partner_id": partner.id if partner else False,
                }
                for lot in self
            ]
        )
        if action == "quarantine":
            self._lifecycle_release_reservations()
        return events

    def action_open_lifecycle_wizard(self):
        # The button's context names the action; a client may send any text
        # there, so it is checked against the actions that exist.
        lifecycle_action = self.env.context.get("lifecycle_action", "installed")
        if lifecycle_action not in MANUAL_ACTIONS:
            raise UserError(
                _("%(action)s is not an action on serials.", action=lifecycle_action)
            )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "serial_lifecycle.stock_lot_lifecycle_wizard_action"
        )
        action["name"] = _(
            "%(event)s: %(serials)s",
            event=self._lifecycle_event_label(lifecycle_action),
            serials=", ".join(self.mapped("name")),
        )
        action["context"] = {
            "default_lot_ids": self.ids,
            "default_action": lifecycle_action,
            "default_partner_id": self[:1].lifecycle_partner_id.id,
        }
        return action

    # ------------------------------------------------------------------
    # Quants and ledger agree
    # ------------------------------------------------------------------

    def _lifecycle_check_one_stock_location(self):
        """Refuse a serial held in two stock locations at once (odoo/odoo#57210).

        Called after moves are done, in the same transaction: raising undoes
        the whole validation or adjustment.
        """
        serials = self.filtered(lambda lot: lot.product_id.tracking == "serial")
        if not serials:
            return
        self.env["stock.quant"].flush_model(["lot_id", "location_id", "quantity"])
        self.env.cr.execute(
            """
            SELECT quant.lot_id, array_agg(DISTINCT location.complete_name ORDER BY
                location.complete_name)
              FROM stock_quant quant
              JOIN stock_location location ON location.id = quant.location_id
             WHERE quant.lot_id = ANY(%s) AND quant.quantity > 0 AND location.usage IN
                 %s
          GROUP BY quant.lot_id
            HAVING COUNT(DISTINCT quant.location_id) > 1 OR SUM(quant.quantity) > 1
        """,
            (serials.ids, STOCK_USAGES),
        )
        rows = self.env.cr.fetchall()
        if rows:
            # Worded before the refusal: the .pot extraction misses a _()
            # nested two calls deep in another one's arguments.
            lines = [
                _(
                    "%(serial)s would be in %(locations)s",
                    serial=self.browse(lot_id).name,
                    locations=_(" and ").join(locations),
                )
                for lot_id, locations in rows
            ]
            raise UserError(
                _(
                    "Nothing was done; a serial number is one unit and "
                    "cannot be in stock twice:\n%(lines)s",
                    lines=bullet_list(lines),
                )
            )

    @api.model
    def _lifecycle_disagreements(self, lot_ids=None):
        """Return [(lot, reason)]: serials whose state disagrees with where their quants
        are.

        ``STATE_PLACES`` says where each state puts a serial: in exactly one
        stock location, in none, or either.
        """
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT lot.id, lot.lifecycle_state,
                   array_remove(array_agg(DISTINCT location.complete_name), NULL),
                   COALESCE(SUM(quant.quantity) FILTER (WHERE location.id IS NOT NULL),
                       0)
              FROM stock_lot lot
              JOIN product_product product ON product.id = lot.product_id
              JOIN product_template template ON template.id = product.product_tmpl_id
         LEFT JOIN stock_quant quant ON quant.lot_id = lot.id AND quant.quantity > 0
         LEFT JOIN stock_location location ON location.id = quant.location_id AND
             location.usage IN %s
             WHERE template.tracking = 'serial' AND (%s IS NULL OR lot.id = ANY(%s))
          GROUP BY lot.id, lot.lifecycle_state
        """,
            (STOCK_USAGES, lot_ids, lot_ids),
        )
        found = []
        for lot_id, state, locations, quantity in self.env.cr.fetchall():
            place = STATE_PLACES.get(state, "any")
            lot = self.browse(lot_id)
            label = self._lifecycle_state_label(state)
            if len(locations) > 1 or quantity > 1:
                found.append(
                    (
                        lot,
                        _(
                            "in stock twice: %(locations)s",
                            locations=", ".join(locations),
                        ),
                    )
                )
            elif place == "stock" and not locations:
                found.append(
                    (lot, _("%(state)s but in no stock location", state=label))
                )
            elif place == "away" and locations:
                found.append(
                    (
                        lot,
                        _(
                            "%(state)s but in stock at %(location)s",
                            state=label,
                            location=locations[0],
                        ),
                    )
                )
        return found

    @api.model
    def action_lifecycle_check(self):
        """Inventory > Serials > Check States against Stock: list the serials that
        disagree."""
        if not self.env.user.has_group(USER_GROUP):
            raise AccessError(_("Only Serial Lifecycle users can check serials."))
        found = self.sudo()._lifecycle_disagreements()
        if not found:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "success",
                    "title": _("Serials agree with stock"),
                    "message": _(
                        "Every serial's lifecycle state matches where its stock is."
                    ),
                },
            }
        return {
            "type": "ir.actions.act_window",
            "name": _("Serials whose state disagrees with stock"),
            "res_model": "stock.lot",
            "view_mode": "list,form",
            "views": [[False, "list"], [False, "form"]],
            "domain": [("id", "in", [lot.id for lot, _reason in found])],
        }

    # ------------------------------------------------------------------
    # Where serials are, and moving them
    # ------------------------------------------------------------------

    def _set_single_location(self):
        # Odoo's "Location" field on the serial form moves its quants with a
        # move of their own; a unit reaches a customer, a vendor or the scrap
        # only with the document that says so (a delivery, a return, a scrap).
        outside = self.filtered(
            lambda lot: lot.product_id.tracking == "serial"
            and lot.location_id
            and lot.location_id.usage not in STOCK_USAGES
            and lot.quant_ids.filtered(lambda quant: quant.quantity > 0)
        )
        if outside:
            raise UserError(
                _(
                    "%(serials)s can be moved here only to a stock location, "
                    "not to %(location)s: "
                    "make a delivery, a return or a scrap for it.",
                    serials=", ".join(outside.mapped("name")),
                    location=outside[:1].location_id.complete_name,
                )
            )
        return super()._set_single_location()

    def _serial_stock_locations(self):
        """Return {lot id: internal location holding it}, for the serials in stock."""
        quants = self.env["stock.quant"].search_fetch(
            [
                ("lot_id", "in", self.ids),
                ("quantity", ">", 0),
                ("location_id.usage", "=", "internal"),
            ],
            ["lot_id", "location_id"],
        )
        return {quant.lot_id.id: quant.location_id for quant in quants}

    def _serial_relocate(self, destination, origin):
        """Move these serials (in stock) to ``destination``: validated internal
        transfers.

        One transfer per source location, all created and validated together,
        so the ledger records an internal event per serial.
        """
        if destination.usage != "internal":
            # Leaving stock is a delivery, a return or a scrap, with its document.
            raise UserError(
                _(
                    "%(location)s is not a stock location: serials are moved "
                    "only between "
                    "internal locations here.",
                    location=destination.complete_name,
                )
            )
        sources = self._serial_stock_locations()
        elsewhere = self.filtered(lambda lot: lot.id not in sources)
        if elsewhere:
            raise UserError(
                _(
                    "%(serials)s not in stock: nothing to move.",
                    serials=", ".join(elsewhere.mapped("name")),
                )
            )
        by_source = defaultdict(lambda: self.browse())
        for lot in self:
            by_source[sources[lot.id]] |= lot
        warehouse = destination.warehouse_id or self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        pickings = self.env["stock.picking"].create(
            [
                {
                    "picking_type_id": warehouse.int_type_id.id,
                    "location_id": source.id,
                    "location_dest_id": destination.id,
                    "origin": origin,
                    "move_ids": [
                        Command.create(
                            {
                                "name": lot.product_id.display_name,
                                "product_id": lot.product_id.id,
                                "product_uom_qty": 1,
                                "product_uom": lot.product_id.uom_id.id,
                                "location_id": source.id,
                                "location_dest_id": destination.id,
                                "move_line_ids": [
                                    Command.create(
                                        {
                                            "product_id": lot.product_id.id,
                                            "lot_id": lot.id,
                                            "quantity": 1,
                                            "picked": True,
                                            "location_id": source.id,
                                            "location_dest_id": destination.id,
                                        }
                                    )
                                ],
                            }
                        )
                        for lot in lots
                    ],
                }
                for source, lots in by_source.items()
            ]
        )
        pickings.action_confirm()
        pickings.move_ids.picked = True
        if pickings.button_validate() is not True:
            raise UserError(
                _(
                    "%(pickings)s could not be validated.",
                    pickings=", ".join(pickings.mapped("name")),
                )
            )
        return pickings
