from odoo import Command, _, fields, models
from odoo.exceptions import UserError

from ..messages import render
from ..tools.return_eligibility import ReturnFacts, presence_refusal, terms_refusal
from ..tools.warranty_dates import local_date


class StockMove(models.Model):
    _inherit = "stock.move"

    warranty_chosen_lot_ids = fields.Many2many(
        "stock.lot",
        "stock_move_warranty_chosen_lot_rel",
        "move_id",
        "lot_id",
        "Serials Chosen",
        copy=False,
        readonly=True,
        help="On a customer return: the serials chosen in the return wizard. Only "
        "they are reserved, "
        "and validation refuses any other serial put on the return.",
    )

    def _warranty_is_customer_serial_return(self):
        self.ensure_one()
        return bool(
            self.origin_returned_move_id
            and self.location_id.usage == "customer"
            and self.product_id.tracking == "serial"
        )

    def _get_available_move_lines(
        self, assigned_moves_ids, partially_available_moves_ids
    ):
        """What Odoo may reserve on this move from what its origin moves brought.

        A serial coming back from a customer is the one chosen in the return
        wizard, or the one the user picks at validation: never one Odoo takes
        from the delivery by itself (the first ones shipped), also when the
        return is reserved again after the user or Odoo unreserved it.
        """
        available = super()._get_available_move_lines(
            assigned_moves_ids, partially_available_moves_ids
        )
        if len(self) != 1 or not self._warranty_is_customer_serial_return():
            return available
        wanted = self.warranty_chosen_lot_ids - self.move_line_ids.lot_id
        return {
            key: quantity for key, quantity in available.items() if key[1] in wanted
        }

    def _prepare_move_split_vals(self, qty):
        """A backorder of a customer return still expects the chosen serials that did
        not come."""
        vals = super()._prepare_move_split_vals(qty)
        if self.warranty_chosen_lot_ids:
            received = self.move_line_ids.filtered(
                lambda line: line.picked and line.quantity
            ).lot_id
            vals["warranty_chosen_lot_ids"] = [
                Command.set((self.warranty_chosen_lot_ids - received).ids)
            ]
        return vals

    def _warranty_return_refusals(
        self,
        lots_by_move,
        partner,
        forced_lots=None,
        chosen_by_move=None,
        open_returns=False,
    ):
        """Why serials may not come back from ``partner`` on returns of these delivery
        moves.

        ``lots_by_move``: {original delivery move: lots coming back}. Returns
        [(lot, sentence, forceable)], one per refused serial:

        - for every serial product, a serial that is not at the customer from
          that delivery (never shipped on it, already back; with
          ``open_returns``, already on another return not validated yet) or,
          when ``chosen_by_move`` gives {delivery move: lots chosen in the
          wizard}, one that was not chosen, is refused; nobody can force it;
        - for products whose warranty terms govern returns, the terms (lost,
          return window, coverage) refuse the others; a manager may force
          those, and ``forced_lots`` pass them.

        Reads are batched: shipped and returned lines in two searches.
        """
        forced_lots = forced_lots or self.env["stock.lot"]
        chosen_by_move = chosen_by_move or {}
        lots_by_move = {move: lots for move, lots in lots_by_move.items() if lots}
        if not lots_by_move:
            return []
        moves = self.browse([move.id for move in lots_by_move])
        all_lots = self.env["stock.lot"].union(*lots_by_move.values())
        shipped = self.env["stock.move.line"].search_fetch(
            [
                ("move_id", "in", moves.ids),
                ("state", "=", "done"),
                ("lot_id", "in", all_lots.ids),
            ],
            ["move_id", "lot_id"],
        )
        shipped_keys = {(line.move_id.id, line.lot_id.id) for line in shipped}
        returned = self.env["stock.move.line"].search_fetch(
            [
                ("move_id.origin_returned_move_id", "in", moves.ids),
                ("state", "!=", "cancel") if open_returns else ("state", "=", "done"),
                ("lot_id", "in", all_lots.ids),
            ],
            ["move_id", "lot_id", "state", "picking_id"],
        )
        back_keys = set()
        open_return_of = {}
        for line in returned:
            key = (line.move_id.origin_returned_move_id.id, line.lot_id.id)
            if line.state == "done":
                back_keys.add(key)
            else:
                open_return_of[key] = line.picking_id.name or line.move_id.reference
        governed = {
            move
            for move in lots_by_move
            if move.product_id.product_tmpl_id._warranty_governs_returns()
        }
        exemptions = (
            self.env["stock.lot"]
            .union(*(lots_by_move[move] for move in governed))
            ._lifecycle_return_acceptance_reasons()
            if governed
            else {}
        )
        refusals = []
        for move, lots in lots_by_move.items():
            customer = move.picking_id.partner_id.commercial_partner_id
            # Whom the serial belongs to is a warranty rule; the delivery it
            # left on is a fact for every product.
            same_customer = (
                move not in governed
                or not partner
                or partner.commercial_partner_id == customer
            )
            terms = move.product_id.product_tmpl_id._warranty_terms()
            tz = lots[:1]._warranty_tz()
            chosen = chosen_by_move.get(move)
            for lot in lots:
                facts = ReturnFacts(
                    serial=lot.name,
                    shipped_on_delivery=same_customer
                    and (move.id, lot.id) in shipped_keys,
                    delivery_name=move.picking_id.name or move.reference,
                    customer_name=(partner or customer).display_name,
                    already_returned=(move.id, lot.id) in back_keys,
                    open_return_name=open_return_of.get((move.id, lot.id), ""),
                    chosen=chosen is None or lot in chosen,
                    chosen_names=", ".join(chosen.mapped("name"))
                    if chosen is not None
                    else "",
                    shipped_on=local_date(move.date, tz),
                    return_day=lot._warranty_today(),
                    return_window_days=terms["warranty_return_days"],
                    start=lot.warranty_start_date,
                    end=lot.warranty_end_date,
                    voided=lot.warranty_state == "void",
                    lifecycle_state=lot.lifecycle_state,
                    exemption=exemptions.get(lot.id, ""),
                )
                refusal = presence_refusal(facts)
                if refusal:
                    refusals.append((lot, render(self.env, refusal), False))
                elif move in governed and lot not in forced_lots:
                    refusal = terms_refusal(facts)
                    if refusal:
                        refusals.append((lot, render(self.env, refusal), True))
        return refusals

    def _action_done(self, cancel_backorder=False):
        self._warranty_check_customer_returns()
        return super()._action_done(cancel_backorder=cancel_backorder)

    def _warranty_check_customer_returns(self):
        """At validation, the serials actually on a customer return must be those that
        may come back.

        The wizard checked the serials chosen there; this catches lines
        changed by hand since: for every serial product, a serial that was
        not chosen (when serials were chosen) or is not at the customer from
        that delivery; for products whose warranty terms govern returns, the
        terms too, but for serials a manager forced back on this return (a
        ``return_forced`` event). A return created without choosing serials,
        of a product without terms, is Odoo's own: the serials the user picks
        are not checked.
        """
        returns = self.filtered(
            lambda move: move.state not in ("done", "cancel")
            and move.picked
            and move._warranty_is_customer_serial_return()
        )
        if not returns:
            return
        forced = (
            self.env["stock.lot.lifecycle.event"]
            .sudo()
            .search_fetch(
                [
                    ("event_type", "=", "return_forced"),
                    ("picking_id", "in", returns.picking_id.ids),
                ],
                ["lot_id", "picking_id"],
            )
        )
        refusals = []
        for picking in returns.picking_id:
            lots_by_move = {}
            chosen_by_move = {}
            for move in returns.filtered(
                lambda move, picking=picking: move.picking_id == picking
            ):
                lots = move.move_line_ids.filtered(
                    lambda line: line.picked and line.quantity > 0
                ).lot_id
                origin = move.origin_returned_move_id
                lots_by_move[origin] = (
                    lots_by_move.get(origin, self.env["stock.lot"]) | lots
                )
                if move.warranty_chosen_lot_ids:
                    chosen_by_move[origin] = (
                        chosen_by_move.get(origin, self.env["stock.lot"])
                        | move.warranty_chosen_lot_ids
                    )
            lots_by_move = {
                origin: lots
                for origin, lots in lots_by_move.items()
                if origin in chosen_by_move
                or origin.product_id.product_tmpl_id._warranty_governs_returns()
            }
            forced_lots = forced.filtered(
                lambda event, picking=picking: event.picking_id == picking
            ).lot_id
            refusals += self.env["stock.move"]._warranty_return_refusals(
                lots_by_move, picking.partner_id, forced_lots, chosen_by_move
            )
        if refusals:
            raise UserError(
                _(
                    "Nothing was validated; these serials may not come "
                    "back:\n%(lines)s",
                    lines="\n".join(
                        f" - {refusal}" for _lot, refusal, _forceable in refusals
                    ),
                )
            )
