from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import str2bool

from odoo.addons.serial_lifecycle.tools import ledger_guard
from odoo.addons.serial_lifecycle.tools.cron_batches import cron_batches

from ..tools.warranty_dates import (
    coverage_end,
    coverage_start,
    coverage_state,
    local_date,
)

WARRANTY_STATES = [
    ("none", "No Warranty"),
    ("pending", "Not Started"),
    ("active", "Under Warranty"),
    ("expired", "Expired"),
    ("void", "Void"),
]
OPEN_CLAIM_STATES = ("draft", "approved", "in_repair")
# The coverage of a serial: computed from its events (stored computed fields,
# which a plain write would set all the same) or written by this module's own
# actions (extensions sold, replacements, expiry alerts), never by hand.
WARRANTY_PROTECTED_FIELDS = frozenset(
    {
        "warranty_start_date",
        "warranty_end_date",
        "warranty_state",
        "warranty_void_reason",
        "warranty_extension_months",
        "warranty_continued_from_id",
        "warranty_alerted_end_date",
    }
)
_TERM_DEPENDS = [
    f"product_id.product_tmpl_id.{name}"
    for name in (
        "warranty_custom_terms",
        "warranty_duration",
        "warranty_unit",
        "warranty_trigger",
        "warranty_install_fallback_days",
        "warranty_replacement_policy",
    )
] + [
    f"product_id.product_tmpl_id.categ_id.{name}"
    for name in (
        "warranty_duration",
        "warranty_unit",
        "warranty_trigger",
        "warranty_install_fallback_days",
        "warranty_replacement_policy",
    )
]


class StockLot(models.Model):
    _inherit = "stock.lot"

    warranty_start_date = fields.Date(
        "Warranty Start",
        compute="_compute_warranty",
        store=True,
        copy=False,
        help="First day of coverage, from the shipment or installation events of "
        "the serial "
        "(with an installation trigger, the fallback day when it was not "
        "installed by then).",
    )
    warranty_end_date = fields.Date(
        "Warranty End",
        compute="_compute_warranty",
        store=True,
        copy=False,
        index="btree_not_null",
        help="Last day of coverage, extensions included.",
    )
    warranty_state = fields.Selection(
        WARRANTY_STATES,
        "Warranty",
        compute="_compute_warranty",
        store=True,
        copy=False,
        index=True,
        help="Re-evaluated every night (scheduled action) so that filters on it "
        "are right on the day.",
    )
    warranty_void_reason = fields.Text(
        "Void Reason", compute="_compute_warranty", store=True, copy=False
    )
    warranty_continued_from_id = fields.Many2one(
        "stock.lot",
        "Replaces Serial",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The faulty serial this one replaced under warranty; with the "
        "'continue' policy "
        "it inherits that serial's coverage.",
    )
    warranty_extension_months = fields.Integer(
        "Warranty Extension (Months)",
        readonly=True,
        copy=False,
        help="Months of coverage bought on top of the product's terms (extension "
        "service).",
    )
    warranty_alerted_end_date = fields.Date(
        "Expiry Alert Sent For",
        readonly=True,
        copy=False,
        help="The end date the latest expiry alert was about.",
    )
    warranty_has_terms = fields.Boolean(
        "Has Warranty Terms",
        compute="_compute_warranty_has_terms",
        help="Whether the product has warranty terms (or the serial inherits a "
        "replaced unit's coverage).",
    )
    warranty_claim_ids = fields.One2many(
        "serial.warranty.claim", "lot_id", "Warranty Claims"
    )
    warranty_claim_count = fields.Integer(
        "Claims", compute="_compute_warranty_claim_count"
    )

    @api.model
    def _lifecycle_protected_fields(self):
        return super()._lifecycle_protected_fields() | WARRANTY_PROTECTED_FIELDS

    @api.depends(
        # Not on the replaced serial's stored dates: a recursive dependency
        # would make Odoo compute one serial at a time (a query each). The
        # replaced serial's coverage is computed here from its own events.
        "lifecycle_event_ids",
        "warranty_extension_months",
        "warranty_continued_from_id",
        *_TERM_DEPENDS,
    )
    def _compute_warranty(self):
        # Every ledger event triggers this compute (receipts, reservations):
        # serials of products without warranty terms cost no query.
        uncovered = self.filtered(
            lambda lot: not lot.warranty_continued_from_id
            and not lot.product_id.product_tmpl_id._warranty_terms()[
                "warranty_duration"
            ]
        )
        uncovered.update(
            {
                "warranty_start_date": False,
                "warranty_end_date": False,
                "warranty_state": "none",
                "warranty_void_reason": False,
            }
        )
        self -= uncovered
        chain = self
        while chain.warranty_continued_from_id - chain:
            chain |= chain.warranty_continued_from_id
        facts = chain._warranty_event_facts()
        memo = {}
        for lot in self:
            values = lot._warranty_values(facts, memo)
            lot.warranty_start_date = values["start"]
            lot.warranty_end_date = values["end"]
            lot.warranty_state = values["state"]
            lot.warranty_void_reason = values["void_reason"]

    @api.depends("warranty_continued_from_id", *_TERM_DEPENDS)
    def _compute_warranty_has_terms(self):
        for lot in self:
            lot.warranty_has_terms = bool(
                lot.warranty_continued_from_id
                or lot.product_id.product_tmpl_id._warranty_terms()["warranty_duration"]
                > 0
            )

    def _compute_warranty_claim_count(self):
        counts = dict(
            self.env["serial.warranty.claim"]._read_group(
                [("lot_id", "in", self.ids)], ["lot_id"], ["__count"]
            )
        )
        for lot in self:
            lot.warranty_claim_count = counts.get(lot, 0)

    @api.model
    def _lifecycle_append(self, vals_list):
        # The components inside a unit are delivered and installed with it:
        # their coverage is computed again (one recursive query for the batch).
        events = super()._lifecycle_append(vals_list)
        units = events.filtered(
            lambda event: event.event_type in ("delivery", "installed")
        ).lot_id
        if units:
            links = units._genealogy_descendant_links()
            if links:
                self.browse(
                    {component for _parent, component, _link in links}
                ).modified(["lifecycle_event_ids"])
        return events

    # ------------------------------------------------------------------
    # Coverage from the events
    # ------------------------------------------------------------------

    def _warranty_tz(self):
        company = self.company_id or self.env.company
        return company.partner_id.tz or self.env.user.tz or "UTC"

    def _warranty_today(self):
        return local_date(fields.Datetime.now(), self._warranty_tz())

    def _warranty_event_facts(self):
        """Return {lot id: facts} read from the ledger in one query.

        facts: ``shipped_at`` (first delivery), ``installed_at`` (first
        installation after it), ``void_reason`` (latest void), ``customers``
        (commercial partners it was shipped or installed at, installation
        sites only when the warranty is transferable is decided later).
        """
        lot_ids = [lot_id for lot_id in self.ids if isinstance(lot_id, int)]
        if not lot_ids:
            return {}
        self.env["stock.lot.lifecycle.event"].flush_model()
        # A customer created in the same transaction has its commercial
        # partner computed but not yet written: read by SQL below, it would
        # be empty and the customer refused.
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self.env["stock.lot.component"].flush_model()
        # A component serial (serial_lifecycle's genealogy) is delivered and
        # installed with the units it is inside, while it is inside them, at
        # any depth; a part fitted into a unit a customer holds goes to that
        # customer when it is fitted (its "component installed" event names them).
        self.env.cr.execute(
            """
            WITH RECURSIVE holder(lot_id, holder_id, date_from, date_to, depth) AS (
                SELECT id, id, '-infinity'::timestamp, 'infinity'::timestamp, 0 FROM
                    unnest(%s::int[]) AS id
                 UNION ALL
                SELECT holder.lot_id, link.parent_lot_id, greatest(holder.date_from,
                    link.date_start),
                       least(holder.date_to, COALESCE(link.date_end, 'infinity')),
                           holder.depth + 1
                  FROM holder JOIN stock_lot_component link ON link.component_lot_id =
                      holder.holder_id
                 WHERE link.date_start < holder.date_to AND COALESCE(link.date_end,
                     'infinity') > holder.date_from
                   AND holder.depth < 64
            )
            SELECT holder.lot_id,
                   CASE WHEN e.event_type = 'component_installed' THEN 'delivery' ELSE
                       e.event_type END,
                   e.event_date, e.note, p.commercial_partner_id
              FROM holder
              JOIN stock_lot_lifecycle_event e ON e.lot_id = holder.holder_id
                   AND e.event_date >= holder.date_from AND e.event_date <
                       holder.date_to
         LEFT JOIN res_partner p ON p.id = e.partner_id
             WHERE (e.event_type IN ('delivery', 'installed') OR (holder.depth = 0 AND
                 e.event_type = 'warranty_void')
                    OR (holder.depth = 0 AND e.event_type = 'component_installed' AND
                        e.partner_id IS NOT NULL
                        AND EXISTS (SELECT 1 FROM stock_lot_component link
                                     WHERE link.component_lot_id = e.lot_id AND
                                         link.parent_lot_id = e.linked_lot_id)))
          ORDER BY holder.lot_id, e.event_date, e.id
        """,
            (lot_ids,),
        )
        facts = {}
        for lot_id, event_type, event_date, note, partner_id in self.env.cr.fetchall():
            lot_facts = facts.setdefault(
                lot_id, {"shipped_to": set(), "installed_at": set()}
            )
            if event_type == "delivery":
                lot_facts.setdefault("shipped_at", event_date)
                if partner_id:
                    lot_facts["shipped_to"].add(partner_id)
            elif event_type == "installed":
                if lot_facts.get("shipped_at"):
                    lot_facts.setdefault("installed_on", event_date)
                if partner_id:
                    lot_facts["installed_at"].add(partner_id)
            else:
                lot_facts["void_reason"] = note or _("voided")
        return facts

    def _warranty_values(self, facts_by_lot, memo=None):
        """Coverage of this serial from the event facts of its chain: start, end, state.

        ``facts_by_lot`` must hold the facts of the serials it replaced too.
        """
        self.ensure_one()
        memo = {} if memo is None else memo
        if self.id in memo:
            return memo[self.id]
        facts = facts_by_lot.get(self.id, {})
        terms = self.product_id.product_tmpl_id._warranty_terms()
        tz = self._warranty_tz()
        void_reason = facts.get("void_reason") or False
        shipped_on = local_date(facts.get("shipped_at"), tz)
        previous = self.warranty_continued_from_id
        if previous and terms["warranty_replacement_policy"] == "continue":
            memo[self.id] = {
                "start": False,
                "end": False,
            }  # a loop in the chain stops here
            inherited = previous._warranty_values(facts_by_lot, memo)
            start, end = inherited["start"], inherited["end"]
            if end and self.warranty_extension_months:
                end = coverage_end(end, self.warranty_extension_months, "months")
        else:
            start = coverage_start(
                terms["warranty_trigger"],
                shipped_on,
                local_date(facts.get("installed_on"), tz),
                terms["warranty_install_fallback_days"],
            )
            end = coverage_end(
                start,
                terms["warranty_duration"],
                terms["warranty_unit"],
                self.warranty_extension_months,
            )
        if not terms["warranty_duration"] and not previous:
            start = end = False
        # Sold: shipped, or reserved on its way to a customer (allocated).
        sold = bool(shipped_on) or self.lifecycle_state == "allocated"
        state = coverage_state(
            start, end, self._warranty_today(), bool(void_reason), sold=sold
        )
        if not terms["warranty_duration"] and not previous and not void_reason:
            state = "none"
        memo[self.id] = {
            "start": start or False,
            "end": end or False,
            "state": state,
            "void_reason": void_reason,
        }
        return memo[self.id]

    def _warranty_claim_customers(self, facts):
        """Commercial partners who may claim on this serial."""
        customers = set(facts.get("shipped_to", ()))
        if self.product_id.product_tmpl_id._warranty_terms()["warranty_transferable"]:
            customers |= facts.get("installed_at", set())
            if self.lifecycle_partner_id:
                customers.add(self.lifecycle_partner_id.commercial_partner_id.id)
        # Customers whose registration of the unit (bought from a reseller) was
        # approved.
        customers |= facts.get("registered_to", set())
        if self.warranty_continued_from_id:
            # The replacement goes to whoever had the faulty unit.
            customers |= set(
                self.warranty_continued_from_id.warranty_claim_ids.partner_id.commercial_partner_id.ids
            )
        return customers

    @api.model
    def _cron_refresh_warranty_state(self):
        """Move serials to active or expired on the day, in their company's time zone.

        Only serials whose state may have changed since yesterday are
        recomputed: pending ones whose start has come, active ones past
        their end.
        """
        # A day ahead: the time zone of each company decides, in the compute.
        today = fields.Date.context_today(self) + timedelta(days=1)
        domain = [
            "|",
            "&",
            ("warranty_state", "=", "pending"),
            ("warranty_start_date", "<=", today),
            "&",
            ("warranty_state", "=", "active"),
            ("warranty_end_date", "<", today),
        ]
        # A million serials is a night of batches, each committed (cron_batches).
        return cron_batches(
            self,
            "serial_warranty.refresh_cursor",
            domain,
            self._warranty_batch_size("refresh", 5000),
            self._warranty_recompute,
        )

    @api.model
    def _warranty_batch_size(self, job, default):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(f"serial_warranty.{job}_batch_size")
        )
        return max(int(value or default), 1)

    @api.model
    def _warranty_recompute(self, lots):
        for name in (
            "warranty_start_date",
            "warranty_end_date",
            "warranty_state",
            "warranty_void_reason",
        ):
            self.env.add_to_compute(self._fields[name], lots)
        lots.flush_recordset()

    # ------------------------------------------------------------------
    # Expiry alerts (daily)
    # ------------------------------------------------------------------

    @api.model
    def _cron_warranty_expiry_alerts(self):
        """Flag serials whose coverage ends soon: an activity for the salesperson,
        and (if enabled) a mail offering the customer an extension.

        A serial is flagged once per end date: an extension that moves the
        end date makes it eligible again.
        """
        params = self.env["ir.config_parameter"].sudo()
        days = int(params.get_param("serial_warranty.alert_days", 30) or 0)
        if days <= 0:
            return self.browse()
        today = fields.Date.context_today(self)
        domain = [
            ("warranty_state", "=", "active"),
            ("warranty_end_date", ">=", today),
            ("warranty_end_date", "<=", today + timedelta(days=days)),
        ]
        return cron_batches(
            self,
            "serial_warranty.alert_cursor",
            domain,
            self._warranty_batch_size("alert", 200),
            lambda lots: lots._warranty_alert(params),
        )

    def _warranty_alert(self, params):
        """Alert those of ``self`` not alerted for their end date yet; return them."""
        lots = self.filtered(
            lambda lot: lot.warranty_alerted_end_date != lot.warranty_end_date
        )
        if not lots:
            return lots
        salespeople = lots._warranty_salespeople()
        todo = self.env.ref("mail.mail_activity_data_todo")
        model = self.env["ir.model"]._get_id("stock.lot")
        self.env["mail.activity"].sudo().create(
            [
                {
                    "res_model_id": model,
                    "res_id": lot.id,
                    "activity_type_id": todo.id,
                    "user_id": salespeople[lot.id].id,
                    "date_deadline": lot.warranty_end_date,
                    "summary": _(
                        "Warranty of %(serial)s ends on %(date)s: offer an extension",
                        serial=lot.name,
                        date=lot.warranty_end_date,
                    ),
                }
                for lot in lots
            ]
        )
        if str2bool(params.get_param("serial_warranty.alert_mail", "False")):
            to_mail = lots.filtered(lambda lot: lot.lifecycle_partner_id.email)
            if to_mail:
                self.env.ref(
                    "serial_warranty.mail_template_warranty_expiry"
                ).send_mail_batch(to_mail.ids)
        for end_date in set(lots.mapped("warranty_end_date")):
            alerted = lots.filtered(
                lambda lot, end_date=end_date: lot.warranty_end_date == end_date
            )
            with ledger_guard.unlocked():
                alerted.write({"warranty_alerted_end_date": end_date})
        return lots

    def _warranty_salespeople(self):
        """{lot id: user}: who sold it (its latest delivery's sales order), else the
        customer's salesperson, else the company's administrator."""
        events = (
            self.env["stock.lot.lifecycle.event"]
            .sudo()
            .search(
                [
                    ("lot_id", "in", self.ids),
                    ("event_type", "=", "delivery"),
                    ("picking_id", "!=", False),
                ],
                order="event_date, id",
            )
        )
        seller = {event.lot_id.id: event.picking_id.sale_id.user_id for event in events}
        fallback = (
            self.env.ref("base.user_admin", raise_if_not_found=False) or self.env.user
        )
        return {
            lot.id: seller.get(lot.id) or lot.lifecycle_partner_id.user_id or fallback
            for lot in self
        }

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _warranty_void(self, reason):
        """Void the warranty of these serials (tampering, misuse): an event each."""
        if not self.env.user.has_group(
            "serial_lifecycle.group_serial_lifecycle_manager"
        ):
            raise AccessError(_("Only a Serial Lifecycle manager can void a warranty."))
        if not (reason or "").strip():
            raise UserError(_("Say why the warranty is voided."))
        without = self.filtered(lambda lot: lot.warranty_state == "none")
        if without:
            raise UserError(
                _(
                    "%(serials)s have no warranty to void.",
                    serials=", ".join(without.mapped("name")),
                )
            )
        already = self.filtered(lambda lot: lot.warranty_state == "void")
        if already:
            raise UserError(
                _(
                    "The warranty of %(serials)s is already void.",
                    serials=", ".join(already.mapped("name")),
                )
            )
        return self._lifecycle_append(
            [
                {
                    "lot_id": lot.id,
                    "event_type": "warranty_void",
                    "partner_id": lot.lifecycle_partner_id.id,
                    "note": reason.strip(),
                }
                for lot in self
            ]
        )

    def action_open_warranty_void_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Void Warranty"),
            "res_model": "serial.warranty.void.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_lot_ids": self.ids},
        }

    def action_view_warranty_claims(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "serial_warranty.serial_warranty_claim_action"
        )
        action["domain"] = [("lot_id", "in", self.ids)]
        # The serial as typed (it fills the product): the claim looks it up and
        # decides when saved; its lot_id is the decision's, never a default.
        action["context"] = {
            "default_serial_name": self[:1].name,
            "default_partner_id": self[:1].lifecycle_partner_id.id,
        }
        return action

    # ------------------------------------------------------------------
    # Extension points of serial_lifecycle
    # ------------------------------------------------------------------

    def _serial_status_flags(self):
        flags = super()._serial_status_flags()
        labels = dict(self._fields["warranty_state"]._description_selection(self.env))
        levels = {"active": "info", "expired": "warning", "void": "danger"}
        for lot in self:
            if lot.warranty_state in levels:
                flags.setdefault(lot.id, []).append(
                    {
                        "code": f"warranty_{lot.warranty_state}",
                        "label": labels[lot.warranty_state],
                        "level": levels[lot.warranty_state],
                    }
                )
        return flags
