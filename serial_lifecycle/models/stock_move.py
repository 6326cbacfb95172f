import contextvars

from odoo import _, api, models
from odoo.exceptions import UserError, ValidationError

from ..tools import ledger_guard
from ..tools.input_values import value_problem
from ..tools.lifecycle_rules import (
    BLOCKED_STATES,
    TransitionRefused,
    checked_event_type,
    classify_move,
    next_state,
)
from ..tools.messages import bullet_list
from ..tools.quality import INSPECTED_ARRIVALS
from ..tools.serial_numbers import normalize_serial
from .stock_lot_naming import TEMPLATE_NAMES

# Set while Odoo reserves for a move that blocked serials may not make: the
# states stock.quant leaves out of the units it offers. Server-side, so that
# no request can widen (or narrow) what is reserved.
EXCLUDED_STATES = contextvars.ContextVar("serial_lifecycle_excluded_states", default=())
# Set while Odoo reserves for a move: (company id, operation type id) whose
# serial picking rules the quants follow (stock.serial.picking.rule).
RESERVATION_SCOPE = contextvars.ContextVar(
    "serial_lifecycle_reservation_scope", default=None
)
# Set while a batch reservation runs: allocation events are recorded once for
# the batch at its end rather than once per move line.
DEFER_ALLOCATION = contextvars.ContextVar(
    "serial_lifecycle_defer_allocation", default=False
)
# One generation fills one transfer: beyond this it is a typing mistake (and
# would hold the request for minutes).
MAX_GENERATED_SERIALS = 10000


class StockMove(models.Model):
    _inherit = "stock.move"

    def _lifecycle_is_outgoing(self):
        """Whether serials reserved on this move are on their way out."""
        self.ensure_one()
        return self.picking_code == "outgoing" or self.location_dest_id.usage in (
            "customer",
            "supplier",
        )

    def _lifecycle_blocked_states(self):
        """States that the table refuses on this move: never offered to its
        reservation."""
        self.ensure_one()
        event_type = self._lifecycle_checked_event_type(
            self.location_id.usage,
            self.location_dest_id.usage,
            self.location_dest_id.scrap_location,
        )
        transitions = self.env["stock.lot.lifecycle.event"]._lifecycle_transitions()
        allowed = transitions[event_type].from_states
        return tuple(state for state in BLOCKED_STATES if state not in allowed)

    def _serial_pick_refusal(self, lot):
        """Why ``lot`` may not be picked for this move, or False: a scan's refusal.

        A scanning screen asks it to refuse a serial in its own message bar,
        before it writes anything: on a receipt, a serial that arrived
        already (and did not go back to its vendor); on an outgoing move,
        what the move line itself refuses when the serial is written on it
        (stock.move.line._serial_check_blocked_picks: a blocked state, a
        pending or failed inspection), asked of a line not saved, in its
        words. Used by our scan screen and by OCA's barcode app
        (serial_lifecycle_stock_barcodes); the line and the validation
        check again whatever writes.
        """
        self.ensure_one()
        if self.picking_code == "incoming":
            # A unit is received once (again after it went back to its vendor).
            if lot.lifecycle_state not in ("draft", "vendor_returned"):
                return _("Serial %(serial)s was already received.", serial=lot.name)
            return False
        line = self.env["stock.move.line"].new(
            {
                "move_id": self.id,
                "product_id": self.product_id.id,
                "lot_id": lot.id,
                "location_id": self.location_id.id,
                "location_dest_id": self.location_dest_id.id,
            }
        )
        try:
            line._serial_check_blocked_picks()
        except UserError as error:
            return error.args[0]
        return False

    def _lifecycle_checked_event_type(
        self, source_usage, destination_usage, destination_is_scrap
    ):
        given = ledger_guard.move_event(self.id)
        if given:
            return given["event_type"]
        return checked_event_type(
            classify_move(source_usage, destination_usage, destination_is_scrap),
            self.picking_code == "outgoing",
        )

    # ------------------------------------------------------------------
    # Reservation: blocked serials are never picked by Odoo
    # ------------------------------------------------------------------

    def _serial_reservation_scope(self):
        """(company id, operation type id): which serial picking rules apply to
        reserving for this move."""
        self.ensure_one()
        return (self.company_id.id, self.picking_type_id.id)

    def _update_reserved_quantity(
        self,
        need,
        location_id,
        lot_id=None,
        package_id=None,
        owner_id=None,
        strict=True,
    ):
        with (
            ledger_guard.setting(EXCLUDED_STATES, self._lifecycle_blocked_states()),
            ledger_guard.setting(RESERVATION_SCOPE, self._serial_reservation_scope()),
        ):
            return super()._update_reserved_quantity(
                need, location_id, lot_id, package_id, owner_id, strict
            )

    def _get_available_quantity(
        self,
        location_id,
        lot_id=None,
        package_id=None,
        owner_id=None,
        strict=False,
        allow_negative=False,
    ):
        blocked = (
            self._lifecycle_blocked_states()
            if len(self) == 1
            else EXCLUDED_STATES.get()
        )
        scope = (
            self._serial_reservation_scope()
            if len(self) == 1
            else RESERVATION_SCOPE.get()
        )
        with (
            ledger_guard.setting(EXCLUDED_STATES, blocked),
            ledger_guard.setting(RESERVATION_SCOPE, scope),
        ):
            return super()._get_available_quantity(
                location_id, lot_id, package_id, owner_id, strict, allow_negative
            )

    def _action_assign(self, force_qty=False):
        # Allocation events are recorded once for the whole batch below
        # rather than once per move line created during the reservation.
        if DEFER_ALLOCATION.get():
            return super()._action_assign(force_qty)
        with ledger_guard.setting(DEFER_ALLOCATION, True):
            res = super()._action_assign(force_qty)
        self.move_line_ids.lot_id._lifecycle_sync_allocation()
        return res

    def _do_unreserve(self):
        if DEFER_ALLOCATION.get():
            return super()._do_unreserve()
        lots = self.move_line_ids.lot_id
        with ledger_guard.setting(DEFER_ALLOCATION, True):
            res = super()._do_unreserve()
        lots._lifecycle_sync_allocation()
        return res

    @api.model
    def action_generate_lot_line_vals(self, context, mode, first_lot, count, lot_text):
        # The "Generate Serials" and "Import Serials" buttons of a receipt
        # land here; refuse a bad list now rather than at validation.
        product = self.env["product.product"].browse(context.get("default_product_id"))
        names = None
        if product.tracking == "serial":
            # An empty first serial continues the product's serial template.
            from_template = product.serial_sequence_use and (
                first_lot in (False, None)
                or isinstance(first_lot, str)
                and not first_lot.strip()
            )
            if mode == "generate":
                error = (
                    None
                    if from_template
                    else self.env["stock.lot"]._serial_input_error(first_lot)
                )
            else:
                error = (
                    None
                    if isinstance(lot_text, str)
                    else _("%(value)r is not a list of serial numbers", value=lot_text)
                )
            if error:
                raise ValidationError(
                    _("No serial numbers were added: %(error)s.", error=error)
                )
            if mode == "generate":
                self._serial_check_generate_count(count)
                names = self._serial_template_names(product, first_lot, count)
                with ledger_guard.setting(TEMPLATE_NAMES, names):
                    generated = [
                        vals["lot_name"]
                        for vals in self.env["stock.lot"].generate_lot_names(
                            first_lot, count
                        )
                    ]
            else:
                generated = [vals["lot_name"] for vals in self.split_lots(lot_text)]
            # The dialog's context names the company: only one the user works in counts.
            company_id = context.get("default_company_id")
            if company_id not in self.env.companies.ids:
                company_id = self.env.company.id
            self.env["stock.lot"]._check_serial_name_list(
                product, company_id, generated
            )
            self._serial_check_dialog_vendor_patterns(
                context, product, company_id, generated
            )
            self._serial_check_dialog_asn(context, product, generated)
        with ledger_guard.setting(TEMPLATE_NAMES, names):
            return super().action_generate_lot_line_vals(
                context, mode, first_lot, count, lot_text
            )

    @api.model
    def _serial_check_dialog_vendor_patterns(self, context, product, company_id, names):
        """Refuse in the dialog the serials the receipt's vendor pattern would refuse
        when saved.

        The dialog's context names the source location, the picking and its
        partner; it can only make this check stricter or skip it, never
        unlock anything: the move lines are checked again when saved.
        """

        def record(model, value):
            return (
                self.env[model]
                .browse(value if not value_problem("many2one", value) else ())
                .exists()
            )

        if (
            record("stock.location", context.get("default_location_id")).usage
            != "supplier"
        ):
            return
        picking = record("stock.picking", context.get("default_picking_id"))
        partner = picking.partner_id or record(
            "res.partner", context.get("address_in_id")
        )
        errors = self.env["stock.move.line"]._serial_vendor_pattern_errors(
            partner,
            self.env["res.company"].browse(company_id),
            [(product, normalize_serial(name)) for name in names],
        )
        if errors:
            raise ValidationError(
                _(
                    "These serial numbers for %(product)s are refused; "
                    "nothing was added:\n%(lines)s",
                    product=product.display_name,
                    lines=bullet_list(errors),
                )
            )

    @api.model
    def _serial_check_dialog_asn(self, context, product, names):
        """Refuse in the dialog the serials the receipt's announced list leaves out
        (checked again when saved)."""
        picking_id = context.get("default_picking_id")
        picking = (
            self.env["stock.picking"]
            .browse(picking_id if not value_problem("many2one", picking_id) else ())
            .exists()
        )
        if not picking.serial_asn_line_ids:
            return
        unexpected = picking._serial_asn_unexpected(
            [(product, normalize_serial(name)) for name in names]
        )
        if unexpected:
            raise picking._serial_asn_refusal(picking, unexpected)

    def _generate_serial_numbers(
        self, next_serial, next_serial_count=False, location_id=False
    ):
        if self.product_id.tracking == "serial":
            self._serial_check_generate_count(
                next_serial_count or self.next_serial_count
            )
        names = self._serial_template_names(
            self.product_id, next_serial, next_serial_count or self.next_serial_count
        )
        with ledger_guard.setting(TEMPLATE_NAMES, names):
            return super()._generate_serial_numbers(
                next_serial, next_serial_count, location_id
            )

    @api.model
    def _serial_check_generate_count(self, count):
        """Generate between one and MAX_GENERATED_SERIALS serials at a time."""
        if (
            isinstance(count, bool)
            or not isinstance(count, int)
            or not 1 <= count <= MAX_GENERATED_SERIALS
        ):
            # ValidationError, as Odoo's own refusal of 0 serials: its callers catch
            # that.
            raise ValidationError(
                _(
                    "Generate between 1 and %(limit)s serial numbers at a "
                    "time, not %(count)s.",
                    limit=MAX_GENERATED_SERIALS,
                    count=count,
                )
            )

    @api.model
    def _serial_template_names(self, product, first_serial, count):
        """The ``count`` serials to take from the product's template, or None.

        Odoo builds the names with ``stock.lot.generate_lot_names``, which
        reads them from TEMPLATE_NAMES while the generation runs. A first
        serial typed by the user wins over the template.
        """
        if (
            (first_serial or "").strip()
            or not product.serial_sequence_use
            or product.tracking != "serial"
        ):
            return None
        return product.product_tmpl_id._serial_sequence_take(count)

    # ------------------------------------------------------------------
    # Done moves: one batch of events per validation
    # ------------------------------------------------------------------

    def _action_done(self, cancel_backorder=False):
        self._lifecycle_check_serials_before_done()
        # A vendor pattern set after the serials were typed still applies.
        todo_lines = self.filtered(
            lambda move: move.state not in ("done", "cancel")
        ).move_line_ids
        todo_lines._serial_check_vendor_patterns()
        todo_lines.filtered("picked")._serial_check_asn()
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        done = moves.filtered(lambda move: move.state == "done")
        done._lifecycle_record_done_events()
        done._lifecycle_serial_lines().lot_id._lifecycle_check_one_stock_location()
        done._component_links_from_manufacturing()
        return moves

    # ------------------------------------------------------------------
    # Manufacturing (when mrp is installed): component links of a production
    # ------------------------------------------------------------------

    def _component_links_from_manufacturing(self):
        """Link the serials a production consumed into the serial it produced; an
        unbuild ends them.

        serial_lifecycle does not depend on mrp: this acts only when mrp's
        fields are there. Odoo makes one production per finished serial; its
        component moves are done before its finished move (_post_inventory),
        so when the finished move is done here, the consumed serials are known.
        """
        if "production_id" not in self._fields or "unbuild_id" not in self._fields:
            return
        Lot = self.env["stock.lot"]
        install = []
        removals = []
        for move in self:
            production = move.production_id
            unbuild = move.unbuild_id or move.consume_unbuild_id
            if move.product_id.tracking != "serial" or not (production or unbuild):
                continue
            finished = move.move_line_ids.filtered(
                lambda line: line.lot_id and line.quantity > 0
            ).lot_id
            if (
                production
                and move.product_id == production.product_id
                and len(finished) == 1
            ):
                consumed = (
                    production.move_raw_ids.filtered(lambda raw: raw.state == "done")
                    .move_line_ids.filtered(
                        lambda line: line.lot_id
                        and line.quantity > 0
                        and line.product_id.tracking == "serial"
                    )
                    .lot_id
                )
                install += [
                    {
                        "parent_lot_id": finished.id,
                        "component_lot_id": component.id,
                        "date_start": move.date,
                        "reference": production.name,
                        "move_id": move.id,
                        "res_model": production._name,
                        "res_id": production.id,
                    }
                    for component in consumed - finished
                ]
            # An unbuild consumes the unit (to the production location) and
            # gives its components back.
            if (
                unbuild
                and move.product_id == unbuild.product_id
                and finished
                and move.location_dest_id.usage == "production"
            ):
                inside = (
                    self.env["stock.lot.component"]
                    .sudo()
                    .search(
                        [
                            ("parent_lot_id", "in", finished.ids),
                            ("date_end", "=", False),
                        ]
                    )
                )
                removals += [
                    {
                        "component_lot_id": link.component_lot_id.id,
                        "parent_lot_id": link.parent_lot_id.id,
                        "date_end": move.date,
                        "reference": unbuild.name,
                        "res_model": unbuild._name,
                        "res_id": unbuild.id,
                        "note": _("Unbuilt"),
                    }
                    for link in inside
                ]
        Lot._component_remove(removals, manual=False)
        Lot._component_install(install, manual=False)

    def _lifecycle_serial_lines(self):
        return self.move_line_ids.filtered(
            lambda line: line.product_id.tracking == "serial" and line.quantity > 0
        )

    def _lifecycle_check_serials_before_done(self):
        """Refuse, before anything moves, every serial the table refuses on its move.

        Each picked serial line is checked as the event it will record (a
        step of a delivery as a delivery), in the order the serial makes
        them; serials typed on a receipt but existing already are checked
        too (the same unit cannot arrive twice). All offenders in one message.
        """
        Lot = self.env["stock.lot"]
        transitions = self.env["stock.lot.lifecycle.event"]._lifecycle_transitions()
        to_check = self.filtered(
            lambda move: move.state not in ("done", "cancel") and move.picked
        )
        lines = to_check._lifecycle_serial_lines().filtered("picked")
        typed_lots = to_check._lifecycle_typed_lots(lines)
        held = (lines.lot_id | Lot.union(*typed_lots.values()))._lifecycle_held_lots()
        errors = []
        state_now = {}
        for line in lines:
            lot = line.lot_id or typed_lots.get(
                (line.product_id.id, line.lot_name), Lot
            )
            if not lot:
                continue
            move = line.move_id
            event_type = move._lifecycle_checked_event_type(
                line.location_id.usage,
                line.location_dest_id.usage,
                line.location_dest_id.scrap_location,
            )
            before = state_now.get(lot.id, lot.lifecycle_state)
            try:
                state_now[lot.id] = next_state(
                    event_type, before, transitions, held=lot in held
                )
            except TransitionRefused:
                errors.append(
                    Lot._lifecycle_refusal(
                        lot,
                        event_type,
                        before,
                        transitions,
                        document=move.picking_id.name or move.reference,
                    )
                )
                continue
            # Pending or failed inspection: refused wherever a quarantined serial is
            # (a failed serial sent back to its vendor comes back by a receipt).
            if (
                lot._quality_blocked()
                and event_type not in INSPECTED_ARRIVALS
                and "quarantined" not in transitions[event_type].from_states
            ):
                errors.append(
                    lot._quality_refusal(move.picking_id.name or move.reference)
                )
        if errors:
            raise UserError(
                _(
                    "Nothing was validated; these serial numbers cannot "
                    "move:\n%(lines)s",
                    lines=bullet_list(errors),
                )
            )

    def _lifecycle_typed_lots(self, lines):
        """{(product id, name): lot} of the serials typed (not chosen) on these lines
        that exist already."""
        names_by_product = {}
        for line in lines.filtered(lambda line: not line.lot_id and line.lot_name):
            names_by_product.setdefault(line.product_id.id, set()).add(line.lot_name)
        found = {}
        for product_id, names in names_by_product.items():
            for lot in self.env["stock.lot"].search(
                [
                    ("product_id", "=", product_id),
                    ("name", "in", list(names)),
                    ("company_id", "in", (False, *self.company_id.ids)),
                ]
            ):
                found[(product_id, lot.name)] = lot
        return found

    def _lifecycle_record_done_events(self):
        vals_list = []
        # A serial a manager accepted though it was not announced keeps the reason in
        # its receipt event.
        accepted = {
            (line.picking_id.id, line.product_id.id, line.name): _(
                "Not announced by the supplier; accepted by %(user)s: %(reason)s",
                user=line.accepted_by_id.name,
                reason=line.accept_reason,
            )
            for line in self.picking_id.serial_asn_line_ids.filtered("accepted")
        }
        for move in self:
            # A line without a serial (an operation type that neither creates
            # nor uses lots, an inventory line without a lot) moves no unit we track.
            given = ledger_guard.move_event(move.id) or {}
            for line in move._lifecycle_serial_lines().filtered("lot_id"):
                vals_list.append(
                    {
                        "lot_id": line.lot_id.id,
                        "event_type": classify_move(
                            line.location_id.usage,
                            line.location_dest_id.usage,
                            line.location_dest_id.scrap_location,
                        ),
                        # set to now by Odoo when the move is done
                        "event_date": move.date,
                        "move_id": move.id,
                        "picking_id": move.picking_id.id,
                        "company_id": move.company_id.id,
                        "partner_id": (
                            move.picking_id.partner_id or move.partner_id
                        ).id,
                        "location_id": line.location_id.id,
                        "location_dest_id": line.location_dest_id.id,
                        "res_model": move.scrap_id and "stock.scrap" or False,
                        "res_id": move.scrap_id.id,
                        **(
                            {"note": accepted[key]}
                            if (
                                key := (
                                    move.picking_id.id,
                                    line.product_id.id,
                                    line.lot_id.name,
                                )
                            )
                            in accepted
                            else {}
                        ),
                        **given,
                    }
                )
        self.env["stock.lot"]._lifecycle_append(vals_list)
