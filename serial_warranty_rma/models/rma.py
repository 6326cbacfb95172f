import contextvars

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

# Set only by serial.warranty.claim.action_create_rma(): which claim an RMA
# serves is never taken from a request.
CLAIM_RMA = contextvars.ContextVar("serial_warranty_rma_claim", default=False)


class Rma(models.Model):
    _inherit = "rma"

    warranty_claim_id = fields.Many2one(
        "serial.warranty.claim",
        "Warranty Claim",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The warranty claim this RMA takes the serial back for.",
    )

    def action_confirm(self):
        # Checked before OCA's confirmation creates the receipt: the customer
        # is told at once, not when the unit arrives.
        forced = self.filtered(
            lambda rma: rma.state == "draft"
        )._warranty_check_serials()
        res = super().action_confirm()
        forced._warranty_record_forced_returns()
        return res

    def _warranty_record_forced_returns(self):
        """Record on each receipt the return a manager forced by overriding the claim.

        As the claim's plain return does (serial_warranty's return wizard): a
        ``return_forced`` event under the authority of the manager who
        overrode the claim, with the override reason; the receipt's
        validation then lets the serial in despite its warranty terms.
        """
        for rma in self:
            claim = rma.warranty_claim_id
            receipt = rma.reception_move_id.picking_id
            if not receipt:
                continue
            self.env["stock.lot"].with_user(claim.overridden_by_id)._lifecycle_append(
                [
                    {
                        "lot_id": rma.lot_id.id,
                        "event_type": "return_forced",
                        "picking_id": receipt.id,
                        "partner_id": rma.partner_id.id,
                        "company_id": receipt.company_id.id,
                        "note": claim.override_reason,
                        "res_model": claim._name,
                        "res_id": claim.id,
                    }
                ]
            )

    def _warranty_serial_rmas(self):
        return self.filtered(lambda rma: rma.product_id.tracking == "serial")

    def _warranty_delivery_move(self):
        """The RMA's origin move if chosen, else the serial's last delivery."""
        self.ensure_one()
        return self.move_id or self._warranty_last_delivery_move(self.lot_id)

    @api.model
    def _warranty_last_delivery_move(self, lot):
        """The delivery move that took ``lot`` to a customer last, from its ledger."""
        return (
            self.env["stock.lot.lifecycle.event"]
            .sudo()
            .search(
                [
                    ("lot_id", "=", lot.id),
                    ("event_type", "=", "delivery"),
                    ("move_id", "!=", False),
                ],
                order="event_date desc, id desc",
                limit=1,
            )
            .move_id
        )

    def _warranty_check_serials(self):
        """Refuse RMAs whose serial may not come back from their customer.

        The checks of a customer return (serial_warranty): shipped to that
        customer on that delivery, not back already nor on another open
        return, and, for products whose warranty terms govern returns, not
        lost or stolen and inside the return window or under warranty. A
        claim a manager approved against the checks forces the terms, as its
        plain return does. The RMA is linked to the delivery, so that its
        receipt is a return of it (checked again when validated).
        All refused serials in one message; nothing is confirmed then.
        Returns the RMAs whose serial comes back only because it is forced.
        """
        errors = []
        to_link = []
        forced_rmas = self.browse()
        for rma in self._warranty_serial_rmas():
            if not rma.lot_id:
                errors.append(
                    _(
                        "%(rma)s: choose the serial of %(product)s coming back.",
                        rma=rma.name,
                        product=rma.product_id.display_name,
                    )
                )
                continue
            if (
                float_compare(
                    rma.product_uom._compute_quantity(
                        rma.product_uom_qty, rma.product_id.uom_id
                    ),
                    1,
                    precision_rounding=rma.product_id.uom_id.rounding,
                )
                != 0
            ):
                errors.append(
                    _(
                        "%(rma)s: an RMA takes back one serial (%(serial)s), "
                        "not a quantity of %(quantity)s.",
                        rma=rma.name,
                        serial=rma.lot_id.name,
                        quantity=rma.product_uom_qty,
                    )
                )
                continue
            move = rma._warranty_delivery_move()
            if not move:
                errors.append(
                    _(
                        "%(rma)s: %(serial)s was never delivered to a customer.",
                        rma=rma.name,
                        serial=rma.lot_id.name,
                    )
                )
                continue
            refusals = self.env["stock.move"]._warranty_return_refusals(
                {move: rma.lot_id}, rma.partner_id, open_returns=True
            )
            if (
                refusals
                and rma.warranty_claim_id.overridden_by_id
                and all(forceable for _lot, _refusal, forceable in refusals)
            ):
                forced_rmas |= rma
                refusals = []
            errors += [
                _("%(rma)s: %(refusal)s", rma=rma.name, refusal=refusal)
                for _lot, refusal, _forceable in refusals
            ]
            if not refusals and not rma.move_id:
                to_link.append((rma, move))
        if errors:
            raise UserError(
                _(
                    "Not confirmed; these serials may not come back:\n%(lines)s",
                    lines="\n".join(f" - {error}" for error in errors),
                )
            )
        for rma, move in to_link:
            # With what the RMA says: OCA recomputes product, quantity and
            # serial from the move (the whole delivery line's quantity).
            rma.write(
                {
                    "picking_id": move.picking_id.id,
                    "move_id": move.id,
                    "product_id": rma.product_id.id,
                    "product_uom_qty": rma.product_uom_qty,
                    "product_uom": rma.product_uom.id,
                    "lot_id": rma.lot_id.id,
                }
            )
        return forced_rmas

    def _prepare_reception_procurement_vals(self, group=None):
        vals = super()._prepare_reception_procurement_vals(group=group)
        # The serial chosen on the RMA is the one reserved on its receipt and
        # the only one it takes (serial_warranty's return of chosen serials).
        if self.lot_id and vals.get("origin_returned_move_id"):
            vals["warranty_chosen_lot_ids"] = [Command.set(self.lot_id.ids)]
        return vals

    def _warranty_claim_vals(self, claim, move):
        """Values of the RMA ``claim`` opens for its serial, delivered by ``move``."""
        return {
            "partner_id": claim.partner_id.id,
            "lot_id": claim.lot_id.id,
            "product_id": claim.product_id.id,
            "product_uom_qty": 1,
            "picking_id": move.picking_id.id,
            "move_id": move.id,
            "operation_id": self.env.ref("rma.rma_operation_return").id,
            "origin": claim.name,
            "description": claim.symptom,
            "company_id": claim.company_id.id,
            "warranty_claim_id": claim.id,
        }

    def _warranty_check_claim_link(self, vals_list):
        # Which claim an RMA serves is set by the claim's own action only.
        if not CLAIM_RMA.get() and any(
            vals.get("warranty_claim_id") for vals in vals_list
        ):
            raise UserError(
                _("An RMA is linked to a warranty claim by the claim's Create RMA.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._warranty_check_claim_link(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._warranty_check_claim_link([vals])
        return super().write(vals)
