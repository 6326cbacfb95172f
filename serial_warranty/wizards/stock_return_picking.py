from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

from ..models.serial_warranty_claim import MANAGER_GROUP, OVERRIDING_CLAIM


class StockReturnPickingLine(models.TransientModel):
    _inherit = "stock.return.picking.line"

    allowed_lot_ids = fields.Many2many(
        "stock.lot", string="Shipped Serials", compute="_compute_allowed_lot_ids"
    )
    lot_ids = fields.Many2many(
        "stock.lot",
        string="Serials Coming Back",
        domain="[('id', 'in', allowed_lot_ids)]",
        help="Which of the serials this delivery shipped come back; each is "
        "checked before "
        "the return is created, and the return carries exactly these. Leave "
        "empty to pick "
        "the serials on the return, at validation.",
    )
    tracking = fields.Selection(related="product_id.tracking")

    @api.depends("move_id")
    def _compute_allowed_lot_ids(self):
        for line in self:
            line.allowed_lot_ids = line.move_id.move_line_ids.filtered(
                lambda ml: ml.state == "done"
            ).lot_id

    @api.onchange("lot_ids")
    def _onchange_lot_ids(self):
        if self.tracking == "serial" and self.lot_ids:
            self.quantity = len(self.lot_ids)

    def _prepare_move_default_values(self, new_picking):
        # The chosen serials go on the return move: its reservation takes
        # them, and nothing else (stock.move._get_available_move_lines).
        vals = super()._prepare_move_default_values(new_picking)
        if (
            self.lot_ids
            and self.tracking == "serial"
            and self.wizard_id.is_customer_return
        ):
            vals["warranty_chosen_lot_ids"] = [Command.set(self.lot_ids.ids)]
        return vals


class StockReturnPicking(models.TransientModel):
    _inherit = "stock.return.picking"

    is_customer_return = fields.Boolean(compute="_compute_is_customer_return")
    force_reason = fields.Text(
        "Force Return Because",
        help="Managers only: serials refused by the warranty terms come back "
        "anyway; the reason "
        "is recorded on each serial's history. A serial that is not at the "
        "customer from this "
        "delivery cannot be forced.",
    )
    warranty_claim_id = fields.Many2one("serial.warranty.claim", "Warranty Claim")
    serial_return_reason_id = fields.Many2one("serial.return.reason", "Return Reason")

    @api.depends("picking_id")
    def _compute_is_customer_return(self):
        for wizard in self:
            wizard.is_customer_return = (
                wizard.picking_id.location_dest_id.usage == "customer"
            )

    def _warranty_serial_lines(self):
        """Lines returning serial products from the customer: those with a
        quantity, and those with serials chosen (even with no quantity)."""
        if not self.is_customer_return:
            return self.env["stock.return.picking.line"]
        return self.product_return_moves.filtered(
            lambda line: line.move_id
            and line.tracking == "serial"
            and (line.quantity or line.lot_ids)
        )

    def _prepare_picking_default_values(self):
        vals = super()._prepare_picking_default_values()
        if self.serial_return_reason_id:
            vals["serial_return_reason_id"] = self.serial_return_reason_id.id
        return vals

    def _create_return(self):
        lines = self._warranty_serial_lines()
        # Serials chosen: exactly as many as the quantity. None chosen: Odoo's
        # return by quantity, with the serials picked at validation; but the
        # warranty terms of a product decide on each serial, so they need it.
        missing = lines.filtered(
            lambda line: (
                float_compare(
                    len(line.lot_ids),
                    line.quantity,
                    precision_rounding=line.uom_id.rounding,
                )
                if line.lot_ids
                else line.product_id.product_tmpl_id._warranty_governs_returns()
            )
        )
        if missing:
            raise UserError(
                _(
                    "Choose which serials come back (as many as the "
                    "quantity) for: %(products)s",
                    products=", ".join(missing.product_id.mapped("display_name")),
                )
            )
        chosen_lines = lines.filtered("lot_ids")
        refusals = self.env["stock.move"]._warranty_return_refusals(
            {line.move_id: line.lot_ids for line in chosen_lines},
            self.picking_id.partner_id,
            open_returns=True,
        )
        forced_lots, force_reason, authority = self._warranty_forced_lots(refusals)
        new_picking = super()._create_return()
        if chosen_lines:
            self._warranty_check_return_serials(new_picking, chosen_lines)
        if forced_lots:
            claim = self.env["serial.warranty.claim"].browse(OVERRIDING_CLAIM.get())
            # Under the authority of the manager who decided it: the manager
            # forcing here, or the one whose override of the claim is on record.
            self.env["stock.lot"].with_user(authority)._lifecycle_append(
                [
                    {
                        "lot_id": lot.id,
                        "event_type": "return_forced",
                        "picking_id": new_picking.id,
                        "partner_id": self.picking_id.partner_id.id,
                        "company_id": new_picking.company_id.id,
                        "note": force_reason,
                        "res_model": claim._name if claim else False,
                        "res_id": claim.id if claim else False,
                    }
                    for lot in forced_lots
                ]
            )
        if self.warranty_claim_id:
            new_picking.message_post(
                body=_(
                    "Return for warranty claim %(claim)s.",
                    claim=self.warranty_claim_id.name,
                )
            )
        return new_picking

    def _warranty_forced_lots(self, refusals):
        """(lots forced back, reason, user whose authority forces them), or a
        UserError naming the refused serials.

        Only what the warranty terms refuse can be forced: by a manager who
        writes a reason here, or by a warranty claim's own action
        (``OVERRIDING_CLAIM``) for the claim's serial, when a manager
        overrode the claim's decision; the override reason is the force
        reason.
        """
        no_lots = self.env["stock.lot"]
        if not refusals:
            return no_lots, "", self.env.user
        fixed = [sentence for _lot, sentence, forceable in refusals if not forceable]
        claim = self.env["serial.warranty.claim"].browse(OVERRIDING_CLAIM.get())
        reason = ((claim.override_reason if claim else self.force_reason) or "").strip()
        if fixed or not reason:
            hint = ""
            if len(fixed) < len(refusals):
                hint = _(
                    "A Serial Lifecycle manager can force the return with a reason"
                )
                hint = "\n" + (
                    _(
                        "%(hint)s, but not of serials that are not at the customer.",
                        hint=hint,
                    )
                    if fixed
                    else hint + "."
                )
            raise UserError(
                _(
                    "No return was created; these serials may not come "
                    "back:\n%(lines)s%(hint)s",
                    lines="\n".join(
                        f" - {sentence}" for _lot, sentence, _forceable in refusals
                    ),
                    hint=hint,
                )
            )
        forced_lots = no_lots.union(*[lot for lot, _sentence, _forceable in refusals])
        if not claim:
            if not self.env.user.has_group(MANAGER_GROUP):
                raise AccessError(
                    _("Only a Serial Lifecycle manager can force a return.")
                )
            return forced_lots, reason, self.env.user
        manager = claim.overridden_by_id
        if forced_lots - claim.lot_id or claim.state != "approved":
            raise UserError(
                _(
                    "The override of %(claim)s forces the return of %(serial)s only.",
                    claim=claim.name,
                    serial=claim.lot_id.name,
                )
            )
        if not manager.has_group(MANAGER_GROUP):
            raise UserError(
                _(
                    "%(manager)s, who overrode %(claim)s, is no longer a "
                    "Serial Lifecycle manager: "
                    "a manager must force the return of %(serial)s.",
                    manager=manager.name,
                    claim=claim.name,
                    serial=claim.lot_id.name,
                )
            )
        return forced_lots, reason, manager

    def _warranty_check_return_serials(self, new_picking, lines):
        """The return carries exactly the chosen serials (a safety net: the
        reservation takes them and nothing else).

        Per delivery move: OCA's stock_picking_return_lot gives a move one
        line per serial, each with its own choice."""
        for move in lines.move_id:
            chosen = lines.filtered(
                lambda line, move=move: line.move_id == move
            ).lot_ids
            moves = new_picking.move_ids.filtered(
                lambda new, move=move: new.origin_returned_move_id == move
            )
            on_return = moves.move_line_ids.filtered("quantity").lot_id
            if on_return != chosen:
                raise UserError(
                    _(
                        "The return of %(product)s would carry %(actual)s "
                        "instead of the serials chosen: %(chosen)s.",
                        product=move.product_id.display_name,
                        actual=", ".join(on_return.mapped("name")) or "-",
                        chosen=", ".join(chosen.mapped("name")),
                    )
                )
