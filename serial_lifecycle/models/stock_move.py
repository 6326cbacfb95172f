from odoo import _, api, models
from odoo.exceptions import UserError

from ..tools.lifecycle_rules import (
    STATE_LABELS,
    blocked_states_for_destination,
    classify_move,
    state_after_move,
)


class StockMove(models.Model):
    _inherit = "stock.move"

    def _lifecycle_is_outgoing(self):
        """Whether serials reserved on this move are on their way out."""
        self.ensure_one()
        return (
            self.picking_code == "outgoing"
            or self.location_dest_id.usage in ("customer", "supplier")
        )

    def _lifecycle_blocked_states(self):
        self.ensure_one()
        return blocked_states_for_destination(
            self.location_dest_id.usage, self.picking_code == "outgoing"
        )

    # ------------------------------------------------------------------
    # Reservation: blocked serials are never picked by Odoo
    # ------------------------------------------------------------------

    def _update_reserved_quantity(self, need, location_id, lot_id=None, package_id=None, owner_id=None, strict=True):
        blocked = self._lifecycle_blocked_states()
        if blocked:
            self = self.with_context(serial_lifecycle_exclude_states=blocked)
        return super()._update_reserved_quantity(need, location_id, lot_id, package_id, owner_id, strict)

    def _get_available_quantity(self, location_id, lot_id=None, package_id=None, owner_id=None, strict=False, allow_negative=False):
        if len(self) == 1:
            blocked = self._lifecycle_blocked_states()
            if blocked:
                self = self.with_context(serial_lifecycle_exclude_states=blocked)
        return super()._get_available_quantity(location_id, lot_id, package_id, owner_id, strict, allow_negative)

    def _action_assign(self, force_qty=False):
        # Allocation events are recorded once for the whole batch below
        # rather than once per move line created during the reservation.
        res = super(StockMove, self.with_context(serial_lifecycle_defer_allocation=True))._action_assign(force_qty)
        if not self.env.context.get("serial_lifecycle_defer_allocation"):
            self.move_line_ids.lot_id._lifecycle_sync_allocation()
        return res

    def _do_unreserve(self):
        lots = self.move_line_ids.lot_id
        res = super(StockMove, self.with_context(serial_lifecycle_defer_allocation=True))._do_unreserve()
        if not self.env.context.get("serial_lifecycle_defer_allocation"):
            lots._lifecycle_sync_allocation()
        return res

    @api.model
    def action_generate_lot_line_vals(self, context, mode, first_lot, count, lot_text):
        # The "Generate Serials" and "Import Serials" buttons of a receipt
        # land here; refuse a bad list now rather than at validation.
        product = self.env["product.product"].browse(context.get("default_product_id"))
        if product.tracking == "serial":
            if mode == "generate":
                self = self._with_serial_template_names(product, first_lot, count)
                names = [vals["lot_name"] for vals in self.env["stock.lot"].generate_lot_names(first_lot, count)]
            else:
                names = [vals["lot_name"] for vals in self.split_lots(lot_text)]
            self.env["stock.lot"]._check_serial_name_list(product, context.get("default_company_id"), names)
        return super().action_generate_lot_line_vals(context, mode, first_lot, count, lot_text)

    def _generate_serial_numbers(self, next_serial, next_serial_count=False, location_id=False):
        self = self._with_serial_template_names(self.product_id, next_serial, next_serial_count or self.next_serial_count)
        return super()._generate_serial_numbers(next_serial, next_serial_count, location_id)

    @api.model
    def _with_serial_template_names(self, product, first_serial, count):
        """Take ``count`` serials from the product's template when no first serial is given.

        Odoo builds the names with ``stock.lot.generate_lot_names``, which
        reads them from the context set here. A first serial typed by the
        user wins over the template.
        """
        if (first_serial or "").strip() or not product.serial_sequence_use or product.tracking != "serial":
            return self
        names = product.product_tmpl_id._serial_sequence_take(count)
        return self.with_context(serial_lifecycle_template_names=names)

    # ------------------------------------------------------------------
    # Done moves: one batch of events per validation
    # ------------------------------------------------------------------

    def _action_done(self, cancel_backorder=False):
        self._lifecycle_check_serials_before_done()
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        moves.filtered(lambda move: move.state == "done")._lifecycle_record_done_events()
        return moves

    def _lifecycle_serial_lines(self):
        return self.move_line_ids.filtered(
            lambda line: line.product_id.tracking == "serial" and line.quantity > 0
        )

    def _lifecycle_check_serials_before_done(self):
        """Refuse, before anything moves, serials that may not make this move.

        - a serial in a blocked state on a move that leaves the company;
        - a serial received from a vendor while we still hold it or a
          customer does (the same unit cannot arrive twice).
        """
        errors = []
        to_check = self.filtered(lambda move: move.state not in ("done", "cancel") and move.picked)
        for move in to_check:
            blocked = move._lifecycle_blocked_states()
            for line in move._lifecycle_serial_lines().filtered("picked"):
                if blocked and line.lot_id.lifecycle_state in blocked:
                    errors.append(_(
                        "%(serial)s (%(product)s) is %(state)s and cannot leave on %(move)s",
                        serial=line.lot_id.name, product=line.product_id.display_name,
                        state=STATE_LABELS[line.lot_id.lifecycle_state],
                        move=move.picking_id.name or move.reference,
                    ))
        errors += to_check._lifecycle_receipt_errors()
        if errors:
            raise UserError(_(
                "Nothing was validated; these serial numbers cannot move:\n%(lines)s",
                lines="\n".join(" - %s" % error for error in errors),
            ))

    def _lifecycle_receipt_errors(self):
        receipts = self.filtered(lambda move: move.location_id.usage == "supplier")
        lines = receipts._lifecycle_serial_lines().filtered("picked")
        lots = lines.lot_id
        names_by_product = {}
        for line in lines.filtered(lambda line: not line.lot_id and line.lot_name):
            names_by_product.setdefault(line.product_id.id, set()).add(line.lot_name)
        for product_id, names in names_by_product.items():
            lots |= self.env["stock.lot"].search([
                ("product_id", "=", product_id),
                ("name", "in", list(names)),
                ("company_id", "in", (False, *self.company_id.ids)),
            ])
        return [
            _("%(serial)s (%(product)s) is already %(state)s and cannot be received again",
              serial=lot.name, product=lot.product_id.display_name, state=STATE_LABELS[lot.lifecycle_state])
            for lot in lots
            if lot.lifecycle_state not in ("draft", "vendor_returned")
        ]

    def _lifecycle_record_done_events(self):
        Lot = self.env["stock.lot"]
        vals_list = []
        state_now = {}
        for move in self:
            for line in move._lifecycle_serial_lines():
                event_type = classify_move(
                    line.location_id.usage,
                    line.location_dest_id.usage,
                    line.location_dest_id.scrap_location,
                )
                lot = line.lot_id
                state_before = state_now.get(lot.id, lot.lifecycle_state)
                state_after = state_after_move(event_type, state_before)
                state_now[lot.id] = state_after
                vals_list.append({
                    "lot_id": lot.id,
                    "event_type": event_type,
                    "state_after": state_after,
                    "event_date": move.date,  # set to now by Odoo when the move is done
                    "move_id": move.id,
                    "picking_id": move.picking_id.id,
                    "company_id": move.company_id.id,
                    "partner_id": (move.picking_id.partner_id or move.partner_id).id,
                    "location_id": line.location_id.id,
                    "location_dest_id": line.location_dest_id.id,
                    "res_model": move.scrap_id and "stock.scrap" or False,
                    "res_id": move.scrap_id.id,
                })
        Lot._lifecycle_append(vals_list)
