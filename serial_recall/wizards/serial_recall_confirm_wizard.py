from odoo import _, api, fields, models

from odoo.addons.serial_lifecycle.tools.lifecycle_rules import CUSTOMER_STATES

from ..models.serial_recall_campaign import GONE_STATES


class SerialRecallConfirmWizard(models.TransientModel):
    """Says what opening a campaign or notifying its customers will do, before it is
    done."""

    _name = "serial.recall.confirm.wizard"
    _inherit = ["serial.input.mixin"]
    _description = "Recall Campaign Confirmation"

    campaign_id = fields.Many2one(
        "serial.recall.campaign", "Campaign", required=True, ondelete="cascade"
    )
    action = fields.Selection(
        [("open", "Open Campaign"), ("notify", "Notify Customers")],
        required=True,
        default="open",
    )
    summary = fields.Text("What Will Happen", compute="_compute_summary")

    @api.depends("campaign_id", "action")
    def _compute_summary(self):
        for wizard in self:
            campaign = wizard.campaign_id
            if not campaign:
                wizard.summary = False
            elif wizard.action == "open":
                wizard.summary = wizard._open_summary()
            else:
                wizard.summary = wizard._notify_summary()

    def _count(self, count, noun):
        """``count`` of ``noun`` in words that fit it: "1 unit", "3 units"."""
        # Translated here, not in the callers' arguments: the .pot extraction
        # does not reach a _() nested in another _()'s arguments.
        one, many = {
            "unit": (_("1 unit"), _("%s units")),
            "unit_is": (_("1 unit is"), _("%s units are")),
            "warehouse": (_("1 warehouse"), _("%s warehouses")),
            "customer": (_("1 customer"), _("%s customers")),
            "customer_has": (_("1 customer has"), _("%s customers have")),
        }[noun]
        return one if count == 1 else many % count

    def _open_summary(self):
        campaign = self.campaign_id
        lots, in_stock, location_by_lot = campaign._open_plan()
        warehouses = {
            location.warehouse_id
            for location in location_by_lot.values()
            if location.warehouse_id
        }
        at_customers = lots.filtered(lambda lot: lot.lifecycle_state in CUSTOMER_STATES)
        customers = at_customers.lifecycle_partner_id.commercial_partner_id
        gone = lots.filtered(lambda lot: lot.lifecycle_state in GONE_STATES)
        lines = [
            _(
                "This will quarantine %(units)s in stock at %(warehouses)s "
                "and record %(customer_units)s held by "
                "%(customers)s, to notify next.",
                units=self._count(len(in_stock), "unit"),
                warehouses=self._count(len(warehouses), "warehouse"),
                customer_units=self._count(len(at_customers), "unit"),
                customers=self._count(len(customers), "customer"),
            )
        ]
        if gone:
            lines.append(
                _(
                    "%(units)s closed at once: gone before the recall.",
                    units=self._count(len(gone), "unit_is"),
                )
            )
        others = lots - in_stock - at_customers - gone
        if others:
            lines.append(
                _(
                    "%(units)s not found (%(serials)s): to write off or find.",
                    units=self._count(len(others), "unit_is"),
                    serials=", ".join(others[:10].mapped("name"))
                    + (" ..." if len(others) > 10 else ""),
                )
            )
        return "\n".join(lines)

    def _notify_summary(self):
        campaign = self.campaign_id
        units = campaign.unit_ids.filtered(
            lambda unit: unit.status == "at_customer" and unit.partner_id
        )
        if not units:
            return _(
                "Every customer of %(campaign)s has been notified already.",
                campaign=campaign.name,
            )
        customers = units.partner_id
        _author, email_from = campaign._notice_sender()
        lines = [
            _(
                "This will notify %(customers)s about their %(units)s, by "
                "e-mail from %(sender)s.",
                customers=self._count(len(customers), "customer"),
                units=self._count(len(units), "unit"),
                sender=email_from,
            )
        ]
        without_email = customers.filtered(lambda partner: not partner.email)
        if without_email:
            lines.append(
                _(
                    "%(customers)s no e-mail address and will find the "
                    "notice in their history only: %(names)s.",
                    customers=self._count(len(without_email), "customer_has"),
                    names=", ".join(without_email.mapped("display_name")),
                )
            )
        return "\n".join(lines)

    def action_confirm(self):
        """Do what the summary said; the campaign checks the user is a manager."""
        self.ensure_one()
        if self.action == "open":
            self.campaign_id.action_open()
        else:
            self.campaign_id.action_notify_customers()
        return {"type": "ir.actions.act_window_close"}
