import csv
import io

import xlsxwriter

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import SQL

from odoo.addons.serial_lifecycle.tools import ledger_guard
from odoo.addons.serial_lifecycle.tools.lifecycle_rules import (
    CUSTOMER_STATES,
    STOCK_STATES,
)
from odoo.addons.serial_lifecycle.tools.messages import bullet_list

from .stock_move import RESERVE_ONLY_LOTS

# Lifecycle states grouped the way a recall preview reports them.
PREVIEW_BUCKETS = {
    "available": "in_stock",
    "returned": "in_stock",
    "quarantined": "in_stock",
    "allocated": "reserved",
    "shipped": "at_customer",
    "installed": "at_customer",
    "in_repair": "in_repair",
    "scrapped": "scrapped",
}
# Serials in these states are in our hands: quarantined when the campaign opens.
# Serials already gone for good are closed at once, with the reason.
GONE_STATES = {
    "scrapped": "Scrapped before the recall",
    "consumed": "Consumed in production before the recall",
    "vendor_returned": "Returned to the vendor before the recall",
}

# Units opened per batch, customers notified per batch (settings
# serial_recall.open_batch_size / notify_batch_size): a batch stays well under
# Odoo's time limits on a loaded 2-core server (tests/README.md, bench_recall).
OPEN_BATCH_SIZE = 2000
NOTIFY_BATCH_SIZE = 200


class SerialRecallCampaign(models.Model):
    _name = "serial.recall.campaign"
    _description = "Recall Campaign"
    _inherit = ["mail.thread", "mail.activity.mixin", "serial.input.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        "Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: _("New"),
    )
    title = fields.Char(required=True, tracking=True)
    headline = fields.Char(
        compute="_compute_headline",
        help="The reference and the title, as the customer mail and the summary "
        "print them; "
        "the recalled products stand in for a blank title.",
    )
    reason = fields.Text(
        help="What is wrong with the units, as customers and regulators will read it.",
    )
    severity = fields.Selection(
        [
            ("low", "Low"),
            ("medium", "Medium"),
            ("high", "High"),
            ("critical", "Critical"),
        ],
        required=True,
        default="medium",
        tracking=True,
    )
    regulatory_reference = fields.Char(
        help="The authority's file number, e.g. an FSCA reference.",
    )
    instructions = fields.Html(
        "Instructions to Customers",
        help="What customers must do; quoted in the notification.",
    )
    user_id = fields.Many2one(
        "res.users", "Responsible", default=lambda self: self.env.user, tracking=True
    )
    company_id = fields.Many2one(
        "res.company",
        "Company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    date_start = fields.Date("Start Date", default=fields.Date.context_today)
    date_deadline = fields.Date("Deadline")
    date_opened = fields.Datetime("Opened On", readonly=True, copy=False)
    date_closed = fields.Datetime("Closed On", readonly=True, copy=False)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("opening", "Opening"),
            ("open", "Open"),
            ("closed", "Closed"),
            ("cancelled", "Cancelled"),
        ],
        "Status",
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    criterion_ids = fields.One2many(
        "serial.recall.criterion", "campaign_id", "Selection", copy=True
    )
    unit_ids = fields.One2many(
        "serial.recall.unit", "campaign_id", "Units", readonly=True
    )
    notice_ids = fields.One2many(
        "serial.recall.notice", "campaign_id", "Notifications", readonly=True
    )
    transfer_ids = fields.One2many(
        "stock.picking", "recall_campaign_id", "Quarantine Transfers", readonly=True
    )
    # Preview: written by action_preview, so the counts stay as the user saw them.
    preview_lot_ids = fields.Many2many(
        "stock.lot", string="Matched Serials", readonly=True, copy=False
    )
    preview_date = fields.Datetime("Previewed On", readonly=True, copy=False)
    preview_total = fields.Integer("Matched", readonly=True, copy=False)
    preview_in_stock = fields.Integer("In Stock", readonly=True, copy=False)
    preview_reserved = fields.Integer("Reserved", readonly=True, copy=False)
    preview_at_customer = fields.Integer("At Customers", readonly=True, copy=False)
    preview_in_repair = fields.Integer("In Repair", readonly=True, copy=False)
    preview_scrapped = fields.Integer("Scrapped", readonly=True, copy=False)
    preview_other = fields.Integer("Other", readonly=True, copy=False)
    preview_component_removed = fields.Integer(
        "Component Removed Since",
        readonly=True,
        copy=False,
        help="Matched serials that held a recalled component but hold it no more "
        "(it was replaced or taken out).",
    )
    # Opening in batches: the serials selected when the manager opened it
    # (frozen, so every batch works on the same set), and how far it is.
    open_lot_ids = fields.Many2many(
        "stock.lot",
        "serial_recall_campaign_open_lot_rel",
        "campaign_id",
        "lot_id",
        string="Serials to Open",
        readonly=True,
        copy=False,
    )
    open_removed_lot_ids = fields.Many2many(
        "stock.lot",
        "serial_recall_campaign_open_removed_rel",
        "campaign_id",
        "lot_id",
        string="Serials Whose Recalled Component Was Removed",
        readonly=True,
        copy=False,
    )
    open_total = fields.Integer("Units to Open", readonly=True, copy=False)
    open_done = fields.Integer("Units Opened", readonly=True, copy=False)
    open_percent = fields.Float("Opened (%)", compute="_compute_open_percent")
    notify_pending = fields.Boolean(
        "Notifying in the Background",
        readonly=True,
        copy=False,
        help="Customers are being notified in batches; each customer once.",
    )
    # Progress
    unit_count = fields.Integer("Number of Units", compute="_compute_progress")
    customer_count = fields.Integer("Customers", compute="_compute_progress")
    reached_percent = fields.Float(
        "Customer Units Reached (%)", compute="_compute_progress"
    )
    remedied_percent = fields.Float("Units Remedied (%)", compute="_compute_progress")
    transfer_count = fields.Integer("Transfers", compute="_compute_progress")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "serial.recall.campaign"
                ) or _("New")
        return super().create(vals_list)

    @api.depends("name", "title", "criterion_ids.product_id")
    def _compute_headline(self):
        for campaign in self:
            title = (campaign.title or "").strip() or ", ".join(
                campaign.criterion_ids.product_id.mapped("display_name")
            )
            campaign.headline = f"{campaign.name}: {title}" if title else campaign.name

    @api.depends("open_done", "open_total")
    def _compute_open_percent(self):
        for campaign in self:
            campaign.open_percent = (
                100.0 * campaign.open_done / campaign.open_total
                if campaign.open_total
                else 0.0
            )

    @api.depends("unit_ids.remedy", "unit_ids.notified_date", "transfer_ids")
    def _compute_progress(self):
        Unit = self.env["serial.recall.unit"]
        totals = {
            campaign: (count, remedied)
            for campaign, count, remedied in Unit._read_group(
                [("campaign_id", "in", self.ids)],
                ["campaign_id"],
                ["__count", "remedy:count"],
            )
        }
        at_customers = {
            campaign: (count, notified, customers)
            for campaign, count, notified, customers in Unit._read_group(
                [("campaign_id", "in", self.ids), ("partner_id", "!=", False)],
                ["campaign_id"],
                ["__count", "notified_date:count", "partner_id:count_distinct"],
            )
        }
        for campaign in self:
            total, remedied = totals.get(campaign, (0, 0))
            customer_units, notified, customers = at_customers.get(campaign, (0, 0, 0))
            campaign.unit_count = total
            campaign.customer_count = customers
            campaign.reached_percent = (
                100.0 * notified / customer_units if customer_units else 0.0
            )
            campaign.remedied_percent = 100.0 * remedied / total if total else 0.0
            campaign.transfer_count = len(campaign.transfer_ids)

    # ------------------------------------------------------------------
    # Selection
    # ------------------------------------------------------------------

    def _component_removed_lot_ids(self):
        """Ids of the serials selected only as former holders of a recalled component.

        Serials another criterion selects, or that still hold a recalled
        component, are not apart."""
        self.ensure_one()
        component_criteria = self.criterion_ids.filtered(
            lambda c: c.criterion_type == "component"
        )
        removed = component_criteria._component_removed_lot_ids()
        others = self.criterion_ids - component_criteria
        if removed and others:
            removed -= set(
                self.env["stock.lot"]
                .search(
                    expression.AND(
                        [
                            [("id", "in", list(removed))],
                            expression.OR([c._lot_domain() for c in others]),
                        ]
                    )
                )
                .ids
            )
        return removed

    def _lot_domain(self):
        """The union of the criteria, as one stock.lot domain."""
        self.ensure_one()
        if not self.criterion_ids:
            raise UserError(
                _(
                    "Add at least one selection criterion to %(campaign)s.",
                    campaign=self.name,
                )
            )
        errors = [
            error
            for criterion in self.criterion_ids
            for error in [criterion._criterion_error()]
            if error
        ]
        if errors:
            raise UserError("\n".join(errors))
        # A serial of a product shared by all companies has no company: it
        # belongs to this campaign when its history was made in this company.
        company_domain = self.env["stock.lot"]._lifecycle_company_domain(
            self.company_id
        )
        missing = self.criterion_ids._missing_serial_errors(company_domain)
        if missing:
            raise UserError(
                _(
                    "Nothing was selected; these criteria of %(campaign)s "
                    "select no serial:\n%(lines)s",
                    campaign=self.name,
                    lines=bullet_list(missing),
                )
            )
        return expression.AND(
            [
                company_domain,
                expression.OR([c._lot_domain() for c in self.criterion_ids]),
            ]
        )

    def _check_manager(self):
        if not self.env.user.has_group(
            "serial_lifecycle.group_serial_lifecycle_manager"
        ):
            raise AccessError(
                _("Only a Serial Lifecycle manager can run recall campaigns.")
            )

    def action_preview(self):
        """Count the matched serials per situation and list them, before anything
        happens."""
        for campaign in self:
            if campaign.state != "draft":
                raise UserError(
                    _(
                        "%(campaign)s is already %(state)s.",
                        campaign=campaign.name,
                        state=campaign.state,
                    )
                )
            domain = campaign._lot_domain()
            Lot = self.env["stock.lot"]
            buckets = dict.fromkeys(
                (
                    "in_stock",
                    "reserved",
                    "at_customer",
                    "in_repair",
                    "scrapped",
                    "other",
                ),
                0,
            )
            for state, count in Lot._read_group(
                domain, ["lifecycle_state"], ["__count"]
            ):
                buckets[PREVIEW_BUCKETS.get(state, "other")] += count
            matched = Lot.search(domain)
            campaign.write(
                {
                    "preview_lot_ids": [fields.Command.set(matched.ids)],
                    "preview_component_removed": len(
                        set(matched.ids) & campaign._component_removed_lot_ids()
                    ),
                    "preview_date": fields.Datetime.now(),
                    "preview_total": sum(buckets.values()),
                    **{f"preview_{bucket}": count for bucket, count in buckets.items()},
                }
            )
        return True

    # ------------------------------------------------------------------
    # Opening: units, quarantine, transfers
    # ------------------------------------------------------------------

    def action_confirm_open(self):
        """Ask before opening, saying how many units and customers it touches."""
        self.ensure_one()
        self._check_manager()
        if self.state != "draft":
            raise UserError(
                _(
                    "Only a draft campaign can be opened; %(campaign)s is %(state)s.",
                    campaign=self.name,
                    state=self.state,
                )
            )
        return self._confirm_wizard_action("open")

    def action_confirm_notify(self):
        """Ask before mailing, saying how many customers it reaches and from which
        address."""
        self.ensure_one()
        self._check_manager()
        if self.state != "open":
            raise UserError(
                _(
                    "Customers are notified once %(campaign)s is open.",
                    campaign=self.name,
                )
            )
        self._notice_sender()  # no address to send from: said now, not after the dialog
        return self._confirm_wizard_action("notify")

    def _confirm_wizard_action(self, action):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": dict(
                self.env["serial.recall.confirm.wizard"]
                ._fields["action"]
                ._description_selection(self.env)
            )[action],
            "res_model": "serial.recall.confirm.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_campaign_id": self.id, "default_action": action},
        }

    def action_open(self):
        self._check_manager()
        # Two managers opening one campaign at once: the row lock makes the
        # second wait, then run again (Odoo retries the serialization failure)
        # and read that the campaign is open, instead of colliding on units.
        self.env.cr.execute(
            SQL(
                "SELECT id FROM serial_recall_campaign WHERE id IN %s FOR UPDATE",
                tuple(self.ids),
            )
        )
        for campaign in self:
            if campaign.state != "draft":
                raise UserError(
                    _(
                        "Only a draft campaign can be opened; %(campaign)s "
                        "is %(state)s.",
                        campaign=campaign.name,
                        state=campaign.state,
                    )
                )
            campaign._open()
        return True

    def _open_plan(self):
        """What opening will do, for the confirmation and for the opening itself.

        Returns (lots selected, lots in stock, {lot id: internal location holding it}).
        """
        self.ensure_one()
        lots = self.env["stock.lot"].search_fetch(
            self._lot_domain(),
            [
                "name",
                "product_id",
                "lifecycle_state",
                "lifecycle_partner_id",
                "company_id",
            ],
        )
        in_stock = lots.filtered(lambda lot: lot.lifecycle_state in STOCK_STATES)
        return lots, in_stock, in_stock.sudo()._serial_stock_locations()

    def _open(self):
        """Open the campaign: in the request when it is small, else in batches.

        The selection is frozen first, so that every batch (and a resumed
        opening) works on the same serials; a serial is done when its unit
        exists, which is committed with its quarantine in one batch.
        """
        self.ensure_one()
        self._open_freeze()
        size = self._batch_size("serial_recall.open_batch_size", OPEN_BATCH_SIZE)
        if self.open_total <= size:
            self._open_batch(size)
            return
        self._post_note(
            _(
                "Opening in the background: %(total)s units, in batches of %(size)s. "
                "The units, the quarantine and its transfers come batch by batch; "
                "the form shows how many are done.",
                total=self.open_total,
                size=size,
            )
        )
        self._schedule_batches()

    def _open_freeze(self):
        """Freeze the selected serials on the campaign (one query); it is opening."""
        domain = self._lot_domain()
        query = self.env["stock.lot"]._search(domain)
        self.env.cr.execute(
            SQL(
                "INSERT INTO serial_recall_campaign_open_lot_rel (campaign_id, lot_id) "
                "SELECT %s, selected.id FROM (%s) AS selected ON CONFLICT DO NOTHING",
                self.id,
                query.subselect(),
            )
        )
        total = self.env.cr.rowcount
        if not total:
            raise UserError(
                _(
                    "%(campaign)s selects no serial: there is nothing to recall.",
                    campaign=self.name,
                )
            )
        removed = self._component_removed_lot_ids()
        if removed:
            self.env.cr.execute(
                SQL(
                    "INSERT INTO serial_recall_campaign_open_removed_rel "
                    "(campaign_id, lot_id) SELECT %s, unnest(%s::int[]) "
                    "ON CONFLICT DO NOTHING",
                    self.id,
                    sorted(removed),
                )
            )
        self.invalidate_recordset(["open_lot_ids", "open_removed_lot_ids"])
        self.write({"state": "opening", "open_total": total, "open_done": 0})

    @api.model
    def _batch_size(self, key, default):
        value = self.env["ir.config_parameter"].sudo().get_param(key)
        return max(int(value or default), 1)

    def _lock_for_batch(self):
        """Lock the campaign row: two runners of one campaign's batches take turns.

        The one that waited reads the state the first committed (or fails
        on the serialization and is retried), never the same serials.
        """
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM serial_recall_campaign WHERE id = %s FOR UPDATE",
                self.id,
            )
        )
        self.invalidate_recordset()

    def _open_batch(self, size):
        """Open the next ``size`` frozen serials that have no unit yet; return how many.

        Finishes the opening when none is left. Everything a batch writes
        is in one transaction: interrupted, it leaves nothing, and the next
        run takes the same serials again.
        """
        self.ensure_one()
        self._lock_for_batch()
        if self.state != "opening":
            return 0
        self.env.cr.execute(
            SQL(
                """
                SELECT rel.lot_id FROM serial_recall_campaign_open_lot_rel rel
                 WHERE rel.campaign_id = %(campaign)s
                   AND NOT EXISTS (
                        SELECT 1 FROM serial_recall_unit unit
                         WHERE unit.campaign_id = %(campaign)s
                           AND unit.lot_id = rel.lot_id)
              ORDER BY rel.lot_id
                 LIMIT %(size)s
                """,
                campaign=self.id,
                size=size,
            )
        )
        lot_ids = [row[0] for row in self.env.cr.fetchall()]
        if lot_ids:
            self._open_units(self.env["stock.lot"].browse(lot_ids))
            self.open_done += len(lot_ids)
        if len(lot_ids) < size or self.open_done >= self.open_total:
            self._open_finish()
        return len(lot_ids)

    def _open_units(self, lots):
        """Units, quarantine and transfers of ``lots``: one batch of the opening."""
        lots.fetch(
            [
                "name",
                "product_id",
                "lifecycle_state",
                "lifecycle_partner_id",
                "company_id",
            ]
        )
        in_stock = lots.filtered(lambda lot: lot.lifecycle_state in STOCK_STATES)
        location_by_lot = in_stock.sudo()._serial_stock_locations()
        removed = set((lots & self.open_removed_lot_ids).ids)
        self.env["serial.recall.unit"].create(
            [
                dict(
                    self._prepare_unit_vals(lot, location_by_lot.get(lot.id)),
                    component_removed=lot.id in removed,
                )
                for lot in lots
            ]
        )
        # Block in the ledger what we hold: one event per serial, one batch.
        to_block = in_stock.filtered(lambda lot: lot.lifecycle_state != "quarantined")
        note = _("Recall %(campaign)s", campaign=self.headline)
        self.env["stock.lot"]._lifecycle_append(
            [self._ledger_event_vals(lot, "quarantine", note) for lot in to_block]
        )
        # Outgoing moves that had reserved them look for other units, once for the set.
        to_block._lifecycle_release_reservations()
        # What sits in a quarantine location already has nowhere to go.
        to_move = in_stock.filtered(
            lambda lot: lot.id in location_by_lot
            and not location_by_lot[lot.id].recall_quarantine
        )
        self._create_quarantine_transfers(
            to_move,
            {lot.id: location_by_lot[lot.id].warehouse_id.id for lot in to_move},
        )

    def _open_finish(self):
        """Every unit is there: the campaign is open; say what it holds."""
        Unit = self.env["serial.recall.unit"]
        by_state = dict(
            Unit._read_group(
                [("campaign_id", "=", self.id)],
                ["lifecycle_state_at_open"],
                ["__count"],
            )
        )
        self.env.cr.execute(
            SQL(
                "DELETE FROM serial_recall_campaign_open_lot_rel "
                "WHERE campaign_id = %s",
                self.id,
            )
        )
        self.invalidate_recordset(["open_lot_ids"])
        self.write({"state": "open", "date_opened": fields.Datetime.now()})
        self._post_note(
            _(
                "Campaign opened: %(total)s units, %(stock)s quarantined in "
                "stock, %(customers)s at customers.",
                total=sum(by_state.values()),
                stock=sum(by_state.get(state, 0) for state in STOCK_STATES),
                customers=sum(by_state.get(state, 0) for state in CUSTOMER_STATES),
            )
        )
        removed_units = Unit.search(
            [("campaign_id", "=", self.id), ("component_removed", "=", True)]
        )
        if removed_units:
            removed_lots = removed_units.lot_id.sorted()
            self._post_note(
                _(
                    "%(count)s units held a recalled component that was "
                    "removed since: %(serials)s.",
                    count=len(removed_lots),
                    serials=", ".join(removed_lots[:50].mapped("name")),
                )
            )

    def action_resume_open(self):
        """Start again an opening that stopped (a server restart, a failed batch)."""
        self._check_manager()
        opening = self.filtered(lambda campaign: campaign.state == "opening")
        if not opening:
            raise UserError(_("Only a campaign being opened can be resumed."))
        opening._schedule_batches()
        return True

    # ------------------------------------------------------------------
    # Background batches: queue_job when installed, else the cron
    # ------------------------------------------------------------------

    def _schedule_batches(self):
        """Run the next batch of these campaigns' opening or notifying soon.

        With OCA's queue_job installed, a job per campaign and batch (its
        runner spreads them over the workers); the identity key keeps a
        batch from being queued twice (a resume clicked twice). Without it,
        the cron of this module, triggered now.
        """
        if "queue.job" in self.env:
            for campaign in self:
                step = "open" if campaign.state == "opening" else "notify"
                campaign.with_delay(
                    description=_(
                        "Recall %(campaign)s: next batch (%(step)s)",
                        campaign=campaign.name,
                        step=step,
                    ),
                    identity_key=(
                        f"serial_recall:{campaign.id}:{step}:"
                        f"{campaign._batch_position()}"
                    ),
                )._job_run_batch()
            return
        self.env.ref("serial_recall.ir_cron_recall_batches").sudo()._trigger()

    def _batch_position(self):
        """How far the background work of the campaign is: a batch's identity."""
        self.ensure_one()
        if self.state == "opening":
            return self.open_done
        return self.env["serial.recall.unit"].search_count(
            [("campaign_id", "=", self.id), ("status", "=", "at_customer")]
        )

    def _job_run_batch(self):
        """queue_job: one batch, then the next job while work is left."""
        for campaign in self:
            if campaign._run_one_batch():
                campaign._schedule_batches()

    def _run_one_batch(self):
        """One batch of the opening, else of the notifications; True if work is left."""
        self.ensure_one()
        if self.state == "opening":
            self._open_batch(
                self._batch_size("serial_recall.open_batch_size", OPEN_BATCH_SIZE)
            )
            return self.state == "opening" or self.notify_pending
        if self.notify_pending:
            self._notify_batch(
                self._batch_size("serial_recall.notify_batch_size", NOTIFY_BATCH_SIZE)
            )
        return self.notify_pending

    @api.model
    def _cron_recall_batches(self):
        """Cron: one batch of the oldest campaign with work left, its progress noted.

        Odoo's cron runs this again at once, in a new transaction, while
        ``remaining`` is not zero (ir.cron._notify_progress): every batch is
        committed on its own and none runs into the time limits.
        """
        campaigns = self.search(
            ["|", ("state", "=", "opening"), ("notify_pending", "=", True)],
            order="id",
        )
        done = 0
        if campaigns:
            campaign = campaigns[0]
            before = campaign._batch_progress()
            campaign._run_one_batch()
            done = campaign._batch_progress() - before
        remaining = sum(
            campaign._batch_remaining()
            for campaign in campaigns.filtered(
                lambda c: c.state == "opening" or c.notify_pending
            )
        )
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done

    def _batch_progress(self):
        self.ensure_one()
        return self.open_done + self._notified_count()

    def _batch_remaining(self):
        self.ensure_one()
        remaining = self.open_total - self.open_done if self.state == "opening" else 0
        if self.notify_pending:
            remaining += self.env["serial.recall.unit"].search_count(
                [("campaign_id", "=", self.id), ("status", "=", "at_customer")]
            )
        return remaining

    def _notified_count(self):
        return self.env["serial.recall.unit"].search_count(
            [("campaign_id", "=", self.id), ("notice_id", "!=", False)]
        )

    def _post_note(self, body):
        """Log ``body`` on the campaign, whether or not the user has an e-mail address.

        Posting as a user without one fails in Odoo ("configure the sender's
        email address"); the company (or OdooBot) speaks for them then.
        """
        author, email_from = self._note_author()
        return self.message_post(body=body, author_id=author.id, email_from=email_from)

    def _note_author(self):
        """(partner, address) in whose name the campaign's notes are posted."""
        user_partner = self.env.user.partner_id
        if user_partner.email:
            return user_partner, user_partner.email_formatted
        company_partner = self.company_id.partner_id
        if company_partner.email:
            return company_partner, company_partner.email_formatted
        odoobot = self.env.ref("base.partner_root")
        return odoobot, odoobot.email_formatted or self.company_id.catchall_formatted

    def _notice_sender(self):
        """(partner, address) that recall notices come from: the company, or the user if
        it has no address."""
        self.ensure_one()
        company_partner = self.company_id.partner_id
        if company_partner.email:
            return company_partner, company_partner.email_formatted
        user_partner = self.env.user.partner_id
        if user_partner.email:
            return user_partner, user_partner.email_formatted
        raise UserError(
            _(
                "Nothing was sent: %(company)s has no e-mail address to send "
                "the notices of %(campaign)s from, "
                "and neither has %(user)s. Set the company's address "
                "(Settings > Companies).",
                company=self.company_id.name,
                campaign=self.name,
                user=self.env.user.name,
            )
        )

    def _ledger_event_vals(self, lot, event_type, note, **extra):
        """A lifecycle event of ``lot`` recorded by this campaign (the document behind
        it)."""
        return dict(
            extra,
            lot_id=lot.id,
            event_type=event_type,
            note=note,
            res_model=self._name,
            res_id=self.id,
        )

    def _prepare_unit_vals(self, lot, location):
        """The unit of ``lot``; ``location`` is the internal location holding it, if
        any."""
        state = lot.lifecycle_state
        vals = {
            "campaign_id": self.id,
            "lot_id": lot.id,
            "product_id": lot.product_id.id,
            "company_id": self.company_id.id,
            "lifecycle_state_at_open": state,
            "warehouse_id": location.warehouse_id.id if location else False,
        }
        if state in STOCK_STATES:
            vals["status"] = (
                "quarantined"
                if location and location.recall_quarantine
                else "to_quarantine"
            )
        elif state in CUSTOMER_STATES:
            vals.update(
                status="at_customer",
                partner_id=lot.lifecycle_partner_id.commercial_partner_id.id,
            )
        elif state in GONE_STATES:
            vals.update(status="closed", close_note=GONE_STATES[state])
        else:
            vals["status"] = "not_found"
        return vals

    def _create_quarantine_transfers(self, lots, warehouse_by_lot):
        """One internal transfer per warehouse, to its quarantine location, ready for
        the staff.

        The transfers are confirmed and reserved: the warehouse finds them
        Ready, with the exact recalled serials on their lines (see
        stock.move._action_assign in this module), and only validates them.
        """
        lots_by_warehouse = lots.filtered(
            lambda lot: warehouse_by_lot.get(lot.id)
        ).grouped(lambda lot: warehouse_by_lot[lot.id])
        vals_list = []
        for warehouse_id, warehouse_lots in lots_by_warehouse.items():
            warehouse = self.env["stock.warehouse"].browse(warehouse_id)
            quarantine = warehouse._recall_quarantine_location()
            count_by_product = {
                product: len(product_lots)
                for product, product_lots in warehouse_lots.grouped(
                    "product_id"
                ).items()
            }
            vals_list.append(
                {
                    "picking_type_id": warehouse.int_type_id.id,
                    "location_id": warehouse.view_location_id.id,
                    "location_dest_id": quarantine.id,
                    "origin": self.name,
                    "recall_campaign_id": self.id,
                    "company_id": self.company_id.id,
                    "move_ids": [
                        fields.Command.create(
                            {
                                "name": _("Recall %(campaign)s", campaign=self.name),
                                "product_id": product.id,
                                "product_uom": product.uom_id.id,
                                "product_uom_qty": count,
                                "location_id": warehouse.view_location_id.id,
                                "location_dest_id": quarantine.id,
                                "recall_campaign_id": self.id,
                                "company_id": self.company_id.id,
                            }
                        )
                        for product, count in count_by_product.items()
                    ],
                }
            )
        pickings = self.env["stock.picking"].create(vals_list)
        if pickings:
            with ledger_guard.setting(RESERVE_ONLY_LOTS, frozenset(lots.ids)):
                pickings.action_confirm()
                pickings.action_assign()
        return pickings

    # ------------------------------------------------------------------
    # Customers, release, closing
    # ------------------------------------------------------------------

    def action_notify_customers(self):
        self._check_manager()
        for campaign in self:
            if campaign.state != "open":
                raise UserError(
                    _(
                        "Customers are notified once %(campaign)s is open.",
                        campaign=campaign.name,
                    )
                )
            size = campaign._batch_size(
                "serial_recall.notify_batch_size", NOTIFY_BATCH_SIZE
            )
            customers = campaign._customers_to_notify(size + 1)
            if len(customers) <= size:
                campaign.unit_ids._recall_notify()
                continue
            campaign._notice_sender()  # no address to send from: said now
            campaign.notify_pending = True
            campaign._post_note(
                _(
                    "Notifying the customers in the background, %(size)s at a time; "
                    "Customer Units Reached shows how far it is.",
                    size=size,
                )
            )
            campaign._schedule_batches()
        return True

    def _customers_to_notify(self, limit):
        """Ids of the first ``limit`` customers holding units not notified yet."""
        self.ensure_one()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT partner_id FROM serial_recall_unit
                 WHERE campaign_id = %s AND status = 'at_customer'
                   AND partner_id IS NOT NULL
              ORDER BY partner_id
                 LIMIT %s
                """,
                self.id,
                limit,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _notify_batch(self, size):
        """Notify the next ``size`` customers; return how many.

        A unit's status (At Customer, then Notified with its notice) is the
        cursor: a batch that fails leaves its customers to the next one, and
        no customer is mailed twice.
        """
        self.ensure_one()
        self._lock_for_batch()
        if not self.notify_pending:
            return 0
        partner_ids = self._customers_to_notify(size)
        if partner_ids:
            self.env["serial.recall.unit"].search(
                [
                    ("campaign_id", "=", self.id),
                    ("status", "=", "at_customer"),
                    ("partner_id", "in", partner_ids),
                ]
            )._recall_notify()
        if len(partner_ids) < size:
            self.notify_pending = False
        return len(partner_ids)

    def action_edit_notice_template(self):
        """Open the customer mail template: wording is the company's, not ours."""
        template = self.env.ref("serial_recall.mail_template_recall_notice")
        return {
            "type": "ir.actions.act_window",
            "name": template.name,
            "res_model": "mail.template",
            "res_id": template.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_release(self):
        """Lift the quarantine of the units held in stock that were not found
        defective."""
        self._check_manager()
        for campaign in self:
            units = campaign.unit_ids.filtered(
                lambda unit: unit.status in ("to_quarantine", "quarantined", "returned")
                and not unit.remedy
            )
            units._recall_release()
            if not campaign.unit_ids.filtered(
                lambda unit: unit.status == "to_quarantine"
            ):
                # Nothing is left for the warehouse to move.
                campaign.transfer_ids.filtered(
                    lambda picking: picking.state not in ("done", "cancel")
                ).action_cancel()
        return True

    def action_close(self):
        self._check_manager()
        for campaign in self:
            if campaign.state != "open":
                raise UserError(_("Only an open campaign can be closed."))
            pending = campaign.unit_ids.filtered(
                lambda unit: unit.status not in ("remedied", "closed")
            )
            if pending:
                raise UserError(
                    _(
                        "%(campaign)s cannot close: %(count)s units are "
                        "neither remedied, closed nor written off: "
                        "%(serials)s",
                        campaign=campaign.name,
                        count=len(pending),
                        serials=", ".join(pending[:20].lot_id.mapped("name"))
                        + (" ..." if len(pending) > 20 else ""),
                    )
                )
            campaign.unit_ids.filtered(lambda unit: unit.status == "remedied").write(
                {"status": "closed"}
            )
            campaign.write({"state": "closed", "date_closed": fields.Datetime.now()})
        return True

    def action_cancel(self):
        for campaign in self:
            if campaign.state != "draft":
                raise UserError(
                    _(
                        "%(campaign)s is %(state)s: only a draft campaign "
                        "can be cancelled; release and close an open one.",
                        campaign=campaign.name,
                        state=campaign.state,
                    )
                )
        self.write({"state": "cancelled"})
        return True

    def action_draft(self):
        self.filtered(lambda campaign: campaign.state == "cancelled").write(
            {"state": "draft"}
        )
        return True

    # ------------------------------------------------------------------
    # Exports and reports
    # ------------------------------------------------------------------

    def _customer_export_rows(self):
        """Header and one row per serial held by a customer, sorted by customer."""
        self.ensure_one()
        statuses = dict(self._report_statuses())
        units = self.env["serial.recall.unit"].search(
            [("campaign_id", "=", self.id), ("partner_id", "!=", False)],
            order="partner_id, lot_id",
        )
        header = [
            _("Customer"),
            _("Email"),
            _("Phone"),
            _("City"),
            _("Country"),
            _("Product"),
            _("Serial Number"),
            _("Status"),
            _("Notified On"),
            _("Returned On"),
        ]
        rows = [
            [
                unit.partner_id.display_name,
                unit.partner_id.email or "",
                unit.partner_id.phone or "",
                unit.partner_id.city or "",
                unit.partner_id.country_id.name or "",
                unit.product_id.display_name,
                unit.lot_id.name,
                statuses[unit.status],
                fields.Datetime.to_string(unit.notified_date) or "",
                fields.Datetime.to_string(unit.returned_date) or "",
            ]
            for unit in units
        ]
        return header, rows

    def _customer_export_csv(self):
        header, rows = self._customer_export_rows()
        stream = io.StringIO()
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
        return stream.getvalue().encode(
            "utf-8-sig"
        )  # the BOM makes spreadsheet software read UTF-8

    def _customer_export_xlsx(self):
        header, rows = self._customer_export_rows()
        stream = io.BytesIO()
        workbook = xlsxwriter.Workbook(stream, {"in_memory": True})
        sheet = workbook.add_worksheet(_("Affected Customers"))
        bold = workbook.add_format({"bold": True})
        sheet.write_row(0, 0, header, bold)
        for index, row in enumerate(rows, 1):
            sheet.write_row(index, 0, row)
        sheet.autofilter(0, 0, max(len(rows), 1), len(header) - 1)
        sheet.freeze_panes(1, 0)
        workbook.close()
        return stream.getvalue()

    def _download(self, data, extension, mimetype):
        """Keep the export on the campaign (what was sent to whom) and download it."""
        self.ensure_one()
        attachment = self.env["ir.attachment"].create(
            {
                "name": "{}-customers.{}".format(
                    self.name.replace("/", "-"), extension
                ),
                "raw": data,
                "mimetype": mimetype,
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def action_export_customers_csv(self):
        return self._download(self._customer_export_csv(), "csv", "text/csv")

    def action_export_customers_xlsx(self):
        return self._download(
            self._customer_export_xlsx(),
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )

    def _report_counts(self, groupby):
        """[(label, {status: count}, total)] of the units grouped by ``groupby``, for
        the summary report."""
        self.ensure_one()
        table = {}
        for group, status, count in self.env["serial.recall.unit"]._read_group(
            [("campaign_id", "=", self.id)],
            [groupby, "status"],
            ["__count"],
        ):
            # An empty group (no warehouse, no customer) prints as a dash, last.
            table.setdefault((not group, group.display_name if group else "-"), {})[
                status
            ] = count
        return [
            (label, counts, sum(counts.values()))
            for (_empty, label), counts in sorted(table.items())
        ]

    def _report_statuses(self):
        return (
            self.env["serial.recall.unit"]
            ._fields["status"]
            ._description_selection(self.env)
        )

    # ------------------------------------------------------------------
    # Smart buttons
    # ------------------------------------------------------------------

    def action_view_units(self):
        return self.env["serial.recall.unit"]._recall_window_action(
            "serial_recall.serial_recall_unit_action",
            [("campaign_id", "in", self.ids)],
            {"default_campaign_id": self.id, "search_default_group_status": 1},
        )

    def action_view_transfers(self):
        return self.env["serial.recall.unit"]._recall_window_action(
            "stock.action_picking_tree_all",
            [("recall_campaign_id", "in", self.ids)],
        )
