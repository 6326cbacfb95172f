from odoo import _, models
from odoo.exceptions import UserError

from ..tools.return_eligibility import ReturnFacts, return_refusal
from ..tools.warranty_dates import local_date


class StockMove(models.Model):
    _inherit = "stock.move"

    def _warranty_return_refusals(self, lots_by_move, partner, forced_lots=None):
        """Why serials may not come back from ``partner`` on returns of these delivery moves.

        ``lots_by_move``: {original delivery move: lots coming back}. Returns
        [(lot, sentence)], one per refused serial. Products without warranty terms nor
        return window are not checked (Odoo's standard returns). Reads are
        batched: shipped and already-returned lines in two searches.
        """
        forced_lots = forced_lots or self.env["stock.lot"]
        governed = {
            move: lots - forced_lots for move, lots in lots_by_move.items()
            if move.product_id.product_tmpl_id._warranty_governs_returns() and lots - forced_lots
        }
        if not governed:
            return []
        moves = self.browse([move.id for move in governed])
        all_lots = self.env["stock.lot"].union(*governed.values())
        shipped = self.env["stock.move.line"].search_fetch([
            ("move_id", "in", moves.ids), ("state", "=", "done"), ("lot_id", "in", all_lots.ids),
        ], ["move_id", "lot_id"])
        shipped_keys = {(line.move_id.id, line.lot_id.id) for line in shipped}
        back = self.env["stock.move.line"].search_fetch([
            ("move_id.origin_returned_move_id", "in", moves.ids), ("state", "=", "done"),
            ("lot_id", "in", all_lots.ids),
        ], ["move_id", "lot_id"])
        back_keys = {(line.move_id.origin_returned_move_id.id, line.lot_id.id) for line in back}
        exemptions = all_lots._lifecycle_return_acceptance_reasons()
        refusals = []
        for move, lots in governed.items():
            customer = move.picking_id.partner_id.commercial_partner_id
            same_customer = not partner or partner.commercial_partner_id == customer
            terms = move.product_id.product_tmpl_id._warranty_terms()
            tz = lots[:1]._warranty_tz()
            for lot in lots:
                refusal = return_refusal(ReturnFacts(
                    serial=lot.name,
                    shipped_on_delivery=same_customer and (move.id, lot.id) in shipped_keys,
                    delivery_name=move.picking_id.name or move.reference,
                    customer_name=(partner or customer).display_name,
                    already_returned=(move.id, lot.id) in back_keys,
                    shipped_on=local_date(move.date, tz),
                    return_day=lot._warranty_today(),
                    return_window_days=terms["warranty_return_days"],
                    start=lot.warranty_start_date,
                    end=lot.warranty_end_date,
                    voided=lot.warranty_state == "void",
                    lifecycle_state=lot.lifecycle_state,
                    exemption=exemptions.get(lot.id, ""),
                ))
                if refusal:
                    refusals.append((lot, refusal))
        return refusals

    def _action_done(self, cancel_backorder=False):
        self._warranty_check_customer_returns()
        return super()._action_done(cancel_backorder=cancel_backorder)

    def _warranty_check_customer_returns(self):
        """At validation, the serials actually on a customer return must be eligible.

        The wizard checked the serials chosen there; this catches a serial
        swapped by hand on the move lines. Serials a manager forced back on
        this return (a ``return_forced`` event) pass.
        """
        returns = self.filtered(
            lambda move: move.state not in ("done", "cancel") and move.picked
            and move.origin_returned_move_id and move.location_id.usage == "customer"
            and move.product_id.product_tmpl_id._warranty_governs_returns()
        )
        if not returns:
            return
        forced = self.env["stock.lot.lifecycle.event"].sudo().search_fetch([
            ("event_type", "=", "return_forced"), ("picking_id", "in", returns.picking_id.ids),
        ], ["lot_id", "picking_id"])
        refusals = []
        for picking in returns.picking_id:
            lots_by_move = {}
            for move in returns.filtered(lambda move: move.picking_id == picking):
                lots = move.move_line_ids.filtered(lambda line: line.picked and line.quantity > 0).lot_id
                origin = move.origin_returned_move_id
                lots_by_move[origin] = lots_by_move.get(origin, self.env["stock.lot"]) | lots
            forced_lots = forced.filtered(lambda event: event.picking_id == picking).lot_id
            refusals += self.env["stock.move"]._warranty_return_refusals(
                lots_by_move, picking.partner_id, forced_lots)
        if refusals:
            raise UserError(_(
                "Nothing was validated; these serials may not come back:\n%(lines)s",
                lines="\n".join(" - %s" % refusal for _lot, refusal in refusals),
            ))
