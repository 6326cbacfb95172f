from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.serial_lifecycle.tools import ledger_guard

MANAGER_GROUP = "serial_lifecycle.group_serial_lifecycle_manager"
# What the customer registered and what was decided: written only by the
# portal's registration and the Approve and Refuse buttons.
GUARDED_FIELDS = {
    "name",
    "company_id",
    "partner_id",
    "lot_id",
    "purchase_date",
    "reseller",
    "proof_attachment_id",
    "state",
    "review_reason",
    "decided_by_id",
}
REGISTRATION_STATES = [
    ("to_approve", "To Approve"),
    ("flagged", "Flagged for Review"),
    ("approved", "Approved"),
    ("refused", "Refused"),
]


class SerialDeviceRegistration(models.Model):
    """A customer who bought through a reseller registers a device to get its warranty.

    Opened from the portal with a proof of purchase; a manager approves it,
    which records the installation at the customer (the warranty starts as
    the product's terms say) and lets the customer claim on it. A serial
    that is lost or stolen, or at another end customer, is flagged for
    review, never approved silently.
    """

    _name = "serial.device.registration"
    _description = "Device Registration"
    _inherit = ["mail.thread", "serial.input.mixin"]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        "Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: _("New"),
    )
    company_id = fields.Many2one(
        "res.company",
        "Company",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, readonly=True
    )
    lot_id = fields.Many2one(
        "stock.lot",
        "Serial Number",
        required=True,
        index=True,
        readonly=True,
        check_company=True,
    )
    product_id = fields.Many2one(related="lot_id.product_id", string="Product")
    purchase_date = fields.Date(required=True, readonly=True)
    reseller = fields.Char("Bought From", readonly=True)
    proof_attachment_id = fields.Many2one(
        "ir.attachment", "Proof of Purchase", readonly=True
    )
    state = fields.Selection(
        REGISTRATION_STATES,
        "Status",
        required=True,
        default="to_approve",
        readonly=True,
        tracking=True,
        index=True,
    )
    review_reason = fields.Text("Why Flagged", readonly=True)
    decided_by_id = fields.Many2one("res.users", "Decided By", readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        self._serial_check_input_values(vals_list)
        if not ledger_guard.is_unlocked():
            raise UserError(
                _("Device registrations are opened by customers from the portal.")
            )
        for vals in vals_list:
            vals["name"] = self.env["ir.sequence"].next_by_code(
                "serial.device.registration"
            ) or _("New")
        registrations = super().create(vals_list)
        registrations._flag_doubtful()
        return registrations

    def write(self, vals):
        # Its facts and decision; the chatter's own fields stay Odoo's.
        if not ledger_guard.is_unlocked() and set(vals) & GUARDED_FIELDS:
            raise UserError(
                _(
                    "A device registration changes only by its Approve and "
                    "Refuse buttons."
                )
            )
        return super().write(vals)

    def _review_reason(self):
        """Why this registration needs a closer look, or ''."""
        lot, customer = self.lot_id, self.partner_id.commercial_partner_id
        if lot.lifecycle_state == "lost":
            return _("%(serial)s is reported lost or stolen.", serial=lot.name)
        others = self.search(
            [
                ("lot_id", "=", lot.id),
                ("state", "=", "approved"),
                ("id", "!=", self.id),
                "!",
                ("partner_id", "child_of", customer.id),
            ]
        )
        if others:
            return _(
                "%(serial)s is already registered to %(customer)s.",
                serial=lot.name,
                customer=others[0].partner_id.display_name,
            )
        if (
            lot.lifecycle_state == "installed"
            and lot.lifecycle_partner_id.commercial_partner_id != customer
        ):
            return _(
                "%(serial)s is installed at %(customer)s.",
                serial=lot.name,
                customer=lot.lifecycle_partner_id.display_name,
            )
        if lot.lifecycle_state not in ("shipped", "installed"):
            return _(
                "%(serial)s was never shipped: it is %(state)s.",
                serial=lot.name,
                state=lot._lifecycle_state_label(lot.lifecycle_state),
            )
        return ""

    def _flag_doubtful(self):
        for registration in self:
            reason = registration._review_reason()
            if reason:
                with ledger_guard.unlocked():
                    registration.write({"state": "flagged", "review_reason": reason})

    def _check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                _(
                    "Only a Serial Lifecycle manager can decide on a device "
                    "registration."
                )
            )

    def action_approve(self):
        """Record the installation at the customer: the warranty follows the product's
        terms."""
        self._check_manager()
        wrong = self.filtered(
            lambda registration: registration.state not in ("to_approve", "flagged")
        )
        if wrong:
            raise UserError(
                _(
                    "Already decided: %(registrations)s.",
                    registrations=", ".join(wrong.mapped("name")),
                )
            )
        for registration in self:
            reason = registration._review_reason()
            if reason and registration.lot_id.lifecycle_state == "lost":
                raise UserError(
                    _(
                        "%(registration)s cannot be approved: %(reason)s "
                        "Record the serial as found "
                        "first.",
                        registration=registration.name,
                        reason=reason,
                    )
                )
            registration.lot_id._lifecycle_apply_manual_action(
                "installed",
                fields.Datetime.now(),
                _(
                    "Registered by the customer (%(registration)s), bought on %(date)s",
                    registration=registration.name,
                    date=registration.purchase_date,
                ),
                partner=registration.partner_id,
            )
        with ledger_guard.unlocked():
            self.write({"state": "approved", "decided_by_id": self.env.uid})

    def action_refuse(self):
        self._check_manager()
        if self.filtered(lambda registration: registration.state == "approved"):
            raise UserError(
                _(
                    "An approved registration cannot be refused: the "
                    "installation is recorded."
                )
            )
        with ledger_guard.unlocked():
            self.write({"state": "refused", "decided_by_id": self.env.uid})
