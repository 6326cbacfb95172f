from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.serial_lifecycle.tools.lifecycle_rules import STATES

UNIT_STATUSES = [
    ("to_quarantine", "To Quarantine"),
    ("quarantined", "Quarantined"),
    ("at_customer", "At Customer"),
    ("notified", "Notified"),
    ("returned", "Returned"),
    ("remedied", "Remedied"),
    ("closed", "Closed"),
    ("not_found", "Not Found"),
]
OPEN_UNIT_STATUSES = (
    "to_quarantine",
    "quarantined",
    "at_customer",
    "notified",
    "returned",
    "not_found",
)
REMEDIES = [
    ("repair", "Repaired"),
    ("replace", "Replaced"),
    ("refund", "Refunded"),
    ("destroy", "Destroyed"),
]


class SerialRecallUnit(models.Model):
    """One recalled serial and where its remediation stands."""

    _name = "serial.recall.unit"
    _description = "Recall Campaign Unit"
    _order = "campaign_id desc, partner_id, lot_id"
    _rec_name = "lot_id"
    _check_company_auto = True

    campaign_id = fields.Many2one(
        "serial.recall.campaign",
        "Campaign",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    campaign_state = fields.Selection(
        related="campaign_id.state", string="Campaign Status"
    )
    company_id = fields.Many2one(
        "res.company", "Company", required=True, index=True, readonly=True
    )
    lot_id = fields.Many2one(
        "stock.lot",
        "Serial Number",
        required=True,
        index=True,
        readonly=True,
        ondelete="restrict",
    )
    product_id = fields.Many2one(
        "product.product", "Product", required=True, index=True, readonly=True
    )
    status = fields.Selection(
        UNIT_STATUSES,
        required=True,
        default="to_quarantine",
        index=True,
        readonly=True,
    )
    lifecycle_state_at_open = fields.Selection(
        STATES, "State When Recalled", readonly=True
    )
    lifecycle_state = fields.Selection(
        related="lot_id.lifecycle_state", string="Lifecycle State"
    )
    partner_id = fields.Many2one(
        "res.partner", "Customer", index="btree_not_null", readonly=True
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse", "Warehouse", index="btree_not_null", readonly=True
    )
    notice_id = fields.Many2one(
        "serial.recall.notice", "Notification", index="btree_not_null", readonly=True
    )
    notified_date = fields.Datetime("Notified On", readonly=True)
    return_picking_id = fields.Many2one(
        "stock.picking", "Return", index="btree_not_null", readonly=True
    )
    returned_date = fields.Datetime("Returned On", readonly=True)
    remedy = fields.Selection(REMEDIES, readonly=True)
    remedy_note = fields.Text(readonly=True)
    remedied_date = fields.Datetime("Remedied On", readonly=True)
    written_off = fields.Boolean(readonly=True)
    component_removed = fields.Boolean(
        "Component Removed Since",
        readonly=True,
        help="Selected because it held a recalled component, which has been taken "
        "out of it since "
        "(replaced in service, unbuilt): check whether it shipped with it.",
    )
    close_note = fields.Text("Closing Note", readonly=True)
    customer_confirmed_date = fields.Datetime(
        "Return Promised On",
        readonly=True,
        help="When the customer confirmed in the portal that they will send the "
        "unit back.",
    )

    _sql_constraints = [
        (
            "lot_campaign_unique",
            "unique (campaign_id, lot_id)",
            "A serial is recalled once per campaign.",
        ),
    ]

    @api.model
    def _open_units_of(self, lots):
        """Units of open campaigns for these serials, still waiting for the unit to come
        back."""
        return self.search(
            [
                ("lot_id", "in", lots.ids),
                # Units of a campaign still opening follow their serial too.
                ("campaign_id.state", "in", ("opening", "open")),
                ("status", "in", OPEN_UNIT_STATUSES),
            ]
        )

    @api.model
    def _recall_window_action(self, xmlid, domain, context=None):
        """A window action of ``xmlid`` restricted to ``domain`` (smart buttons)."""
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action.update(domain=domain, context=context or {})
        return action

    # ------------------------------------------------------------------
    # Customers
    # ------------------------------------------------------------------

    def _recall_notify(self):
        """Send one notification per customer listing their serials; record it
        everywhere.

        Only units not notified yet: notifying again never mails a customer twice.
        """
        units = self.filtered(
            lambda unit: unit.status == "at_customer" and unit.partner_id
        )
        if not units:
            raise UserError(
                _("Every customer of these units has been notified already.")
            )
        for campaign in units.campaign_id:
            # refuses before anything is written when no address can send
            campaign._notice_sender()
        units_by_key = units.grouped(lambda unit: (unit.campaign_id, unit.partner_id))
        notices = self.env["serial.recall.notice"].create(
            [
                {
                    "campaign_id": campaign.id,
                    "partner_id": partner.id,
                    "company_id": campaign.company_id.id,
                }
                for campaign, partner in units_by_key
            ]
        )
        now = fields.Datetime.now()
        for notice, customer_units in zip(notices, units_by_key.values(), strict=False):
            customer_units.write(
                {"notice_id": notice.id, "notified_date": now, "status": "notified"}
            )
        notices._send()
        return notices

    # ------------------------------------------------------------------
    # Following the serials
    # ------------------------------------------------------------------

    def _recall_follow_events(self, events):
        """Move the units of open campaigns on after lifecycle ``events`` of their
        serials.

        A unit's status follows its serial, whatever moved it
        (stock.lot._lifecycle_append calls this after every batch of events):

        - back from a customer: At Customer, Notified, To Quarantine or Not Found ->
          Returned;
        - lost: To Quarantine or Quarantined -> Not Found;
        - quarantined and in a quarantine location: To Quarantine or Not Found ->
          Quarantined;
        - quarantined and on a shelf elsewhere: Not Found -> To Quarantine, on a new
          ready transfer.
        """
        units = self._open_units_of(events.lot_id)
        if not units:
            return
        returns = {
            event.lot_id.id: event
            for event in events
            if event.event_type == "customer_return"
        }
        location_by_lot = units.lot_id._serial_stock_locations()
        now = fields.Datetime.now()
        updates = {}
        to_move = []
        for unit in units:
            lot, status = unit.lot_id, unit.status
            location = location_by_lot.get(lot.id)
            warehouse_id = location.warehouse_id.id if location else False
            if lot.id in returns and status in (
                "at_customer",
                "notified",
                "to_quarantine",
                "not_found",
            ):
                updates[unit] = {
                    "status": "returned",
                    "return_picking_id": returns[lot.id].picking_id.id,
                    "returned_date": now,
                    "warehouse_id": warehouse_id or unit.warehouse_id.id,
                }
            elif lot.lifecycle_state == "lost" and status in (
                "to_quarantine",
                "quarantined",
            ):
                updates[unit] = {"status": "not_found"}
            elif (
                lot.lifecycle_state == "quarantined"
                and location
                and status in ("to_quarantine", "not_found")
            ):
                if location.recall_quarantine:
                    updates[unit] = {
                        "status": "quarantined",
                        "warehouse_id": warehouse_id,
                    }
                elif status == "not_found":
                    updates[unit] = {
                        "status": "to_quarantine",
                        "warehouse_id": warehouse_id,
                    }
                    if warehouse_id:
                        to_move.append(unit.id)
        # One write per distinct change, not one per unit.
        by_vals = {}
        for unit, vals in updates.items():
            by_vals.setdefault(tuple(sorted(vals.items())), []).append(unit.id)
        for vals, unit_ids in by_vals.items():
            self.browse(unit_ids).write(dict(vals))
        for campaign, campaign_units in (
            self.browse(to_move).grouped("campaign_id").items()
        ):
            campaign._create_quarantine_transfers(
                campaign_units.lot_id,
                {unit.lot_id.id: unit.warehouse_id.id for unit in campaign_units},
            )

    # ------------------------------------------------------------------
    # Remedies, release, write-off
    # ------------------------------------------------------------------

    def _recall_check_campaign_open(self):
        closed = self.filtered(lambda unit: unit.campaign_id.state != "open")
        if closed:
            raise UserError(
                _(
                    "These serials belong to campaigns that are not open: %(serials)s",
                    serials=", ".join(closed.lot_id.mapped("name")),
                )
            )

    def _recall_remedy(self, remedy, note):
        self.campaign_id._check_manager()
        self._recall_check_campaign_open()
        done = self.filtered(lambda unit: unit.status in ("remedied", "closed"))
        if done:
            raise UserError(
                _(
                    "Nothing was recorded; these serials are already "
                    "remedied or closed: %(serials)s",
                    serials=", ".join(done.lot_id.mapped("name")),
                )
            )
        self.write(
            {
                "remedy": remedy,
                "remedy_note": note,
                "remedied_date": fields.Datetime.now(),
                "status": "remedied",
            }
        )

    def _recall_write_off(self, reason):
        self.campaign_id._check_manager()
        self._recall_check_campaign_open()
        if not (reason or "").strip():
            raise UserError(_("Say why these serials are written off."))
        self.write({"written_off": True, "close_note": reason, "status": "closed"})

    def _recall_close(self, note):
        self.campaign_id._check_manager()
        self._recall_check_campaign_open()
        pending = self.filtered(lambda unit: unit.status != "remedied")
        if pending:
            raise UserError(
                _(
                    "Only remedied serials can be closed; write the others "
                    "off with a reason: %(serials)s",
                    serials=", ".join(pending.lot_id.mapped("name")),
                )
            )
        self.write({"status": "closed", "close_note": note})

    def _recall_release(self):
        """Lift the quarantine of serials found sound and close their units."""
        self.campaign_id._check_manager()
        self._recall_check_campaign_open()
        # A campaign lifts only the blocks it put: not a quarantine that was
        # there before it opened, nor one another open campaign still needs.
        held_elsewhere = (self._open_units_of(self.lot_id) - self).lot_id
        blocked_before = self.filtered(
            lambda unit: unit.lifecycle_state_at_open == "quarantined"
        ).lot_id
        by_hand = blocked_before - blocked_before._recall_quarantined_by_campaign()
        blocked = self.filtered(
            lambda unit: unit.lot_id.lifecycle_state in ("quarantined", "returned")
            and unit.lot_id not in held_elsewhere | by_hand
        )
        self.env["stock.lot"]._lifecycle_append(
            [
                unit.campaign_id._ledger_event_vals(
                    unit.lot_id,
                    "release",
                    _(
                        "Released by recall %(campaign)s: not found defective",
                        campaign=unit.campaign_id.name,
                    ),
                )
                for unit in blocked
            ]
        )
        self.write(
            {"status": "closed", "close_note": _("Released: not found defective")}
        )

    def _portal_confirm_return(self, partner):
        """The customer says, in the portal, that they will send this unit back."""
        self.ensure_one()
        if not self.customer_confirmed_date:
            self.customer_confirmed_date = fields.Datetime.now()
            self.campaign_id.message_post(
                body=_(
                    "%(customer)s will send back %(serial)s (confirmed in "
                    "the customer portal).",
                    customer=partner.display_name,
                    serial=self.lot_id.name,
                )
            )
