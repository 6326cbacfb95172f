import contextvars

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

# Held while stock.picking.action_serial_asn_accept records a manager's
# acceptance: server-side, so that no request can write one itself.
ACCEPTING = contextvars.ContextVar("serial_lifecycle_asn_accepting", default=False)
# Held while a backorder takes over the announced serials not received.
MOVING_TO_BACKORDER = contextvars.ContextVar(
    "serial_lifecycle_asn_backorder", default=False
)
ACCEPTANCE_FIELDS = ("accepted", "accept_reason", "accepted_by_id", "accepted_date")


class StockPickingAsnLine(models.Model):
    """A serial the supplier announced for a receipt (advance shipping notice), or one a
    manager accepted."""

    _name = "stock.picking.asn.line"
    _description = "Announced Serial of a Receipt"
    _inherit = ["serial.input.mixin"]
    _order = "picking_id, product_id, name, id"
    _check_company_auto = True
    _serial_text_fields = ("name",)

    picking_id = fields.Many2one(
        "stock.picking",
        "Receipt",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain="[('picking_type_code', '=', 'incoming')]",
    )
    company_id = fields.Many2one(
        related="picking_id.company_id", store=True, index=True
    )
    product_id = fields.Many2one(
        "product.product",
        "Product",
        required=True,
        check_company=True,
        domain="[('tracking', '=', 'serial')]",
    )
    name = fields.Char("Serial Number", required=True)
    accepted = fields.Boolean(
        "Accepted Unexpected",
        readonly=True,
        help="Not announced by the supplier; accepted on the receipt by a "
        "manager, with a reason.",
    )
    accept_reason = fields.Char("Reason", readonly=True)
    accepted_by_id = fields.Many2one("res.users", "Accepted By", readonly=True)
    accepted_date = fields.Datetime("Accepted On", readonly=True)
    received = fields.Boolean(compute="_compute_received")

    _sql_constraints = [
        (
            "serial_unique",
            "unique(picking_id, product_id, name)",
            "A serial is announced once per receipt and product.",
        ),
    ]

    @api.depends("picking_id.move_line_ids.lot_name", "picking_id.move_line_ids.lot_id")
    def _compute_received(self):
        received = {
            picking: picking._serial_asn_received_keys() for picking in self.picking_id
        }
        for line in self:
            line.received = (line.product_id.id, line.name) in received.get(
                line.picking_id, ()
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._serial_check_input_values(vals_list)
        self._serial_asn_check_acceptance_vals(vals_list)
        pickings = self.env["stock.picking"].browse(
            {vals.get("picking_id") for vals in vals_list} - {None, False}
        )
        pickings._serial_asn_check_editable()
        self._serial_asn_check_additions(pickings, vals_list)
        vals_list = [
            dict(
                vals,
                name=self.env["stock.picking"]._serial_asn_clean_name(
                    vals.get("name"), vals
                ),
            )
            for vals in vals_list
        ]
        return super().create(vals_list)

    def write(self, vals):
        self._serial_check_input_values([vals])
        if not (MOVING_TO_BACKORDER.get() and set(vals) <= {"picking_id"}):
            self._serial_asn_check_manager(_("change announced serials"))
            self._serial_asn_check_acceptance_vals([vals])
            self.picking_id._serial_asn_check_editable()
        if "name" in vals:
            vals = dict(
                vals,
                name=self.env["stock.picking"]._serial_asn_clean_name(
                    vals["name"], vals
                ),
            )
        res = super().write(vals)
        if "picking_id" in vals:
            self.picking_id._serial_asn_check_editable()
        return res

    def unlink(self):
        self._serial_asn_check_manager(_("remove announced serials"))
        self.picking_id._serial_asn_check_editable()
        return super().unlink()

    @api.model
    def _serial_asn_check_acceptance_vals(self, vals_list):
        if ACCEPTING.get():
            return
        for vals in vals_list:
            if any(vals.get(name) for name in ACCEPTANCE_FIELDS):
                raise AccessError(
                    _(
                        "An unexpected serial is accepted only with the "
                        'receipt\'s "Accept Unexpected Serial" action.'
                    )
                )

    @api.model
    def _serial_asn_check_additions(self, pickings, vals_list):
        """A stock user gives a product's list once; adding to it is a manager's.

        Once a receipt announces serials of a product, it refuses every other
        serial of that product: a serial added to the list afterwards is one
        the supplier did not announce, and would be accepted by the back door
        (say, right after it was refused at the scan, before anything was
        received). Only a Serial Lifecycle manager adds to a product's list:
        Accept as Unexpected, with a reason, or the supplier's corrected
        notice. The first list of each product is checked as a whole, so one
        paste, import or case label may carry any number of serials.
        """
        if (
            self.env.su
            or ACCEPTING.get()
            or self.env.user.has_group(
                "serial_lifecycle.group_serial_lifecycle_manager"
            )
        ):
            return
        announced = {
            (line.picking_id.id, line.product_id.id)
            for line in pickings.serial_asn_line_ids
        }
        added = {}
        for vals in vals_list:
            key = (vals.get("picking_id"), vals.get("product_id"))
            if key in announced:
                added.setdefault(key, []).append(vals.get("name"))
        if added:
            (picking_id, product_id), names = next(iter(added.items()))
            raise AccessError(
                _(
                    "%(picking)s announces serials of %(product)s already: adding "
                    "%(serials)s to them accepts serials the supplier did not "
                    "announce, which only a Serial Lifecycle manager may do, with a "
                    "reason (Accept as Unexpected).",
                    picking=pickings.browse(picking_id).display_name,
                    product=self.env["product.product"].browse(product_id).display_name,
                    serials=", ".join(str(name) for name in names),
                )
            )

    def _serial_asn_check_manager(self, what):
        if not self.env.su and not self.env.user.has_group(
            "serial_lifecycle.group_serial_lifecycle_manager"
        ):
            raise AccessError(
                _("Only a Serial Lifecycle manager may %(what)s.", what=what)
            )
