from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import ledger_guard
from ..tools.messages import bullet_list
from ..tools.serial_numbers import normalize_serial
from .stock_picking_asn_line import ACCEPTING, MOVING_TO_BACKORDER


class StockPicking(models.Model):
    _inherit = "stock.picking"

    serial_inspection_pending_count = fields.Integer(
        "Serials to Inspect",
        compute="_compute_serial_inspection_pending_count",
        help="Serials received on this transfer that wait for their inspection.",
    )

    serial_asn_line_ids = fields.One2many(
        "stock.picking.asn.line",
        "picking_id",
        "Announced Serials",
        copy=False,
        help="Serials the supplier announced for this receipt (advance shipping "
        "notice): "
        "receiving refuses any other serial of those products, unless a "
        "manager accepts it with a reason.",
    )
    serial_asn_count = fields.Integer(
        "Announced Serials Count", compute="_compute_serial_asn_count"
    )

    @api.depends("serial_asn_line_ids")
    def _compute_serial_asn_count(self):
        for picking in self:
            picking.serial_asn_count = len(picking.serial_asn_line_ids)

    @api.depends("state", "move_line_ids.lot_id.quality_status")
    def _compute_serial_inspection_pending_count(self):
        for picking in self:
            lots = (
                picking.move_line_ids.lot_id
                if picking.state == "done"
                else self.env["stock.lot"]
            )
            picking.serial_inspection_pending_count = len(
                lots.filtered(lambda lot: lot.quality_status == "pending")
            )

    def _serial_inspection_lots(self):
        self.ensure_one()
        pending = self.move_line_ids.lot_id.filtered(
            lambda lot: lot.quality_status == "pending"
        )
        if self.company_id.serial_inspection_sampling == "all":
            return pending.sorted("name")
        # With sampling, the screen lists the samples; the others follow their verdict.
        Lot = self.env["stock.lot"]
        samples = Lot.union(
            *(
                Lot._quality_receipt_samples(self, product)[0]
                for product in pending.product_id
            )
        )
        return (pending & samples).sorted("name")

    def action_open_inspection_wizard(self):
        """Record Inspection: all the receipt's serials waiting for inspection in one
        screen."""
        self.ensure_one()
        return self.env["serial.inspection.wizard"]._serial_open(
            self._serial_inspection_lots(), picking=self
        )

    # ------------------------------------------------------------------
    # Advance shipping notice: the serials the supplier announced
    # ------------------------------------------------------------------

    def _serial_asn_received_keys(self):
        """{(product id, serial name)} typed, scanned or chosen on these receipts'
        lines."""
        return {
            (line.product_id.id, line.lot_id.name or line.lot_name)
            for line in self.move_line_ids
            if (line.lot_id or line.lot_name) and line.quantity > 0
        }

    @api.model
    def _serial_asn_clean_name(self, name, vals=None):
        error = self.env["stock.lot"]._serial_input_error(name)
        if error:
            raise UserError(_("Announced serial refused: %(error)s.", error=error))
        return normalize_serial(name)

    def _serial_asn_check_editable(self):
        """Announced serials belong to a receipt that is not done; once receiving has
        started, only a manager changes them (or it would accept a serial by the back
        door)."""
        manager = self.env.su or self.env.user.has_group(
            "serial_lifecycle.group_serial_lifecycle_manager"
        )
        for picking in self:
            if picking.picking_type_code != "incoming":
                raise UserError(
                    _(
                        "%(picking)s is no receipt: serials are announced on "
                        "receipts only.",
                        picking=picking.display_name,
                    )
                )
            if picking.state in ("done", "cancel"):
                raise UserError(
                    _(
                        "%(picking)s is %(state)s: its announced serials "
                        "cannot change.",
                        picking=picking.display_name,
                        state=dict(
                            picking._fields["state"]._description_selection(self.env)
                        )[picking.state],
                    )
                )
            if not manager and picking._serial_asn_received_keys():
                raise AccessError(
                    _(
                        "Receiving %(picking)s has started: only a Serial "
                        "Lifecycle manager may change its "
                        "announced serials.",
                        picking=picking.display_name,
                    )
                )

    def _serial_asn_unexpected(self, serials):
        """The (product, name) of ``serials`` [(product, name)] that this receipt's
        announced list leaves out.

        The list applies to the products it announces serials for; others are not
        checked.
        """
        self.ensure_one()
        announced = {}
        for line in self.serial_asn_line_ids:
            announced.setdefault(line.product_id.id, set()).add(line.name)
        return [
            (product, name)
            for product, name in serials
            if product.id in announced and name not in announced[product.id]
        ]

    @api.model
    def _serial_asn_refusal(self, picking, unexpected):
        # Worded before the refusal: the .pot extraction misses a _() nested
        # two calls deep in another one's arguments.
        lines = [
            _("%(serial)s (%(product)s)", serial=name, product=product.display_name)
            for product, name in unexpected
        ]
        return UserError(
            _(
                "These serial numbers were not announced for %(picking)s; a "
                "manager may accept them "
                "with a reason (Announced Serials):\n%(lines)s",
                picking=picking.display_name,
                lines=bullet_list(lines),
            )
        )

    def action_serial_asn_accept(self, product_id, names, reason):
        """A manager accepts serials the supplier did not announce, with a reason.

        Recorded on the receipt (an accepted line and a message) and, when the
        receipt is validated, in the note of each serial's receipt event.
        """
        self.ensure_one()
        if not self.env.user.has_group(
            "serial_lifecycle.group_serial_lifecycle_manager"
        ):
            raise AccessError(
                _(
                    "Only a Serial Lifecycle manager may accept a serial "
                    "that was not announced."
                )
            )
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(
                _("Give the reason for accepting serials that were not announced.")
            )
        if isinstance(names, str):
            names = [names]
        if not isinstance(names, list | tuple) or not names:
            raise UserError(
                _("%(value)r is not a list of serial numbers.", value=names)
            )
        product = (
            self.env["product.product"]
            .browse(product_id if isinstance(product_id, int) else ())
            .exists()
        )
        if not product:
            raise UserError(_("%(value)r is not a product.", value=product_id))
        names = list(dict.fromkeys(self._serial_asn_clean_name(name) for name in names))
        existing = {
            line.name for line in self.serial_asn_line_ids if line.product_id == product
        }
        names = [name for name in names if name not in existing]
        if not names:
            return True
        reason = reason.strip()
        with ledger_guard.setting(ACCEPTING, True):
            self.env["stock.picking.asn.line"].create(
                [
                    {
                        "picking_id": self.id,
                        "product_id": product.id,
                        "name": name,
                        "accepted": True,
                        "accept_reason": reason,
                        "accepted_by_id": self.env.user.id,
                        "accepted_date": fields.Datetime.now(),
                    }
                    for name in names
                ]
            )
        self.message_post(
            body=_(
                "Serials not announced for %(product)s accepted by %(user)s: "
                "%(serials)s. Reason: %(reason)s",
                product=product.display_name,
                user=self.env.user.name,
                serials=", ".join(names),
                reason=reason,
            )
        )
        return True

    def _serial_asn_missing(self):
        """{picking: announced lines not received}, for the receipts being validated."""
        missing = {}
        for picking in self.filtered("serial_asn_line_ids"):
            received = picking._serial_asn_received_keys()
            lines = picking.serial_asn_line_ids.filtered(
                lambda line, received=received: not line.accepted
                and (line.product_id.id, line.name) not in received
            )
            if lines:
                missing[picking] = lines
        return missing

    def _action_done(self):
        missing = self._serial_asn_missing()
        res = super()._action_done()
        for picking, lines in missing.items():
            lines = lines.exists()
            backorder = lines.picking_id - picking
            picking.message_post(
                body=_(
                    "Announced serials not received: %(serials)s.%(backorder)s",
                    serials=", ".join(
                        f"{line.name} ({line.product_id.display_name})"
                        for line in lines
                    ),
                    backorder=_(
                        " They stay announced on the backorder %(backorder)s.",
                        backorder=backorder.name,
                    )
                    if backorder
                    else "",
                )
            )
        return res

    def _create_backorder(self, backorder_moves=None):
        missing = self._serial_asn_missing()
        backorders = super()._create_backorder(backorder_moves)
        for picking, lines in missing.items():
            backorder = backorders.filtered(
                lambda bo, picking=picking: bo.backorder_id == picking
            )[:1]
            lines = lines.filtered(
                lambda line, backorder=backorder: line.product_id
                in backorder.move_ids.product_id
            )
            if backorder and lines:
                with ledger_guard.setting(MOVING_TO_BACKORDER, True):
                    lines.sudo().write({"picking_id": backorder.id})
        return backorders
