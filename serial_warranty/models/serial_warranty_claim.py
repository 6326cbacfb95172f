import contextlib
import contextvars
import logging
from datetime import timedelta

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_date

from odoo.addons.serial_lifecycle.tools import ledger_guard
from odoo.addons.serial_lifecycle.tools.messages import (
    message_from_json,
    message_to_json,
)

from ..messages import render
from ..tools.claim_eligibility import REASONS, ClaimFacts, claim_decision
from .stock_lot import OPEN_CLAIM_STATES

CLAIM_STATES = [
    ("draft", "Draft"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("in_repair", "In Repair"),
    ("replaced", "Replaced"),
    ("refunded", "Refunded"),
    ("closed", "Closed"),
]
_logger = logging.getLogger(__name__)

MANAGER_GROUP = "serial_lifecycle.group_serial_lifecycle_manager"
ONE_OPEN_CLAIM_INDEX = "serial_warranty_claim_one_open_per_serial"
# The decision and what followed it: written only by the claim's own actions
# (the check at creation, override, return and repair, replacement, refund,
# close), under the ledger guard; never by create, write, copy or import.
DECISION_FIELDS = frozenset(
    {
        "state",
        "decision_reason",
        "decision_reasons",
        "decision_note",
        "override_reason",
        "overridden_by_id",
        "lot_id",
        "return_picking_id",
        "repair_id",
        "replacement_lot_id",
        "refund_date",
    }
)
DEFAULT_OVERDUE_DAYS = 30
# The claim whose return is being created by its own action, when a manager
# overrode its decision: the return wizard then forces the return of the
# claim's serial with the override reason, under that manager's authority.
# Set only by the claim's Python code, never from a request.
OVERRIDING_CLAIM = contextvars.ContextVar(
    "serial_warranty_overriding_claim", default=None
)
# What the decision was made on: changing it on a decided claim would leave
# a decision about another serial, product, customer or day.
FACT_FIELDS = ("serial_name", "product_id", "partner_id", "claim_date")


class SerialWarrantyClaim(models.Model):
    _name = "serial.warranty.claim"
    _description = "Warranty Claim"
    _inherit = [
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "serial.input.mixin",
    ]
    _serial_text_fields = ("serial_name",)
    _order = "claim_date desc, id desc"
    _check_company_auto = True
    # The customer reads the claim in the portal and writes to the service team.
    _mail_post_access = "read"

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
        default=lambda self: self.env.company,
    )
    serial_name = fields.Char(
        "Serial Number",
        required=True,
        tracking=True,
        help="Scan or type the serial; it is looked up when the claim is saved.",
    )
    lot_id = fields.Many2one(
        "stock.lot",
        "Serial",
        index=True,
        readonly=True,
        copy=False,
        check_company=True,
        tracking=True,
    )
    product_id = fields.Many2one(
        "product.product",
        "Product",
        required=True,
        tracking=True,
        domain=[("tracking", "=", "serial")],
    )
    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, tracking=True
    )
    user_id = fields.Many2one(
        "res.users", "Responsible", default=lambda self: self.env.user, tracking=True
    )
    claim_date = fields.Date(required=True, default=fields.Date.context_today)
    symptom = fields.Text()
    return_reason_id = fields.Many2one(
        "serial.return.reason",
        "Reason",
        tracking=True,
        default=lambda self: self._default_return_reason(),
        help="Why the unit is claimed; given to its return, counted in Serials > "
        "Analytics.",
    )
    state = fields.Selection(
        CLAIM_STATES,
        "Status",
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        group_expand=True,
    )
    decision_reason = fields.Selection(
        REASONS,
        readonly=True,
        copy=False,
        index=True,
        help="The main reason of the decision, for grouping.",
    )
    # The reasons as codes and facts, not as sentences: each reader reads
    # them in their own language (decision_note).
    decision_reasons = fields.Json(
        readonly=True,
        copy=False,
        help="Every reason found when the serial was checked: codes and facts.",
    )
    decision_note = fields.Text(
        "Decision",
        compute="_compute_decision_note",
        help="Every reason found when the serial was checked.",
    )
    # Internal: the customer reads the decision, not who overrode it or why.
    override_reason = fields.Text(
        readonly=True,
        copy=False,
        tracking=True,
        groups="base.group_user",
    )
    overridden_by_id = fields.Many2one(
        "res.users",
        "Overridden By",
        readonly=True,
        copy=False,
        groups="base.group_user",
    )
    warranty_start_date = fields.Date(related="lot_id.warranty_start_date")
    warranty_end_date = fields.Date(related="lot_id.warranty_end_date")
    is_overdue = fields.Boolean(
        "Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        help="Open for longer than the days set in Inventory > Settings > Warranty.",
    )
    refund_date = fields.Date("Refunded On", readonly=True, copy=False)
    component_lot_ids = fields.Many2many(
        related="lot_id.genealogy_component_ids",
        string="Components",
        help="The serials inside the claimed unit now, at any depth, each with "
        "its own coverage: "
        "a component under its own warranty terms can be claimed on its own serial.",
    )
    return_picking_id = fields.Many2one(
        "stock.picking", "Return", readonly=True, copy=False, check_company=True
    )
    repair_id = fields.Many2one(
        "repair.order", "Repair Order", readonly=True, copy=False, check_company=True
    )
    replacement_lot_id = fields.Many2one(
        "stock.lot", "Replacement Serial", readonly=True, copy=False, check_company=True
    )

    @api.depends("decision_reasons")
    @api.depends_context("lang")
    def _compute_decision_note(self):
        for claim in self:
            claim.decision_note = "\n".join(
                render(self.env, message_from_json(reason))
                for reason in claim.decision_reasons or ()
            )

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for claim in self:
            claim.access_url = f"/my/claims/{claim.id}"
        return res

    @api.model
    def _default_return_reason(self):
        return self.env.ref(
            "serial_warranty.serial_return_reason_defect", raise_if_not_found=False
        )

    @api.model
    def _overdue_before(self):
        """Claims of an earlier date than this one, still open, are overdue."""
        param = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("serial_warranty.claim_overdue_days")
        )
        try:
            days = max(int(param), 0) if param else DEFAULT_OVERDUE_DAYS
        except ValueError:
            days = DEFAULT_OVERDUE_DAYS
        return fields.Date.context_today(self) - timedelta(days=days)

    def _compute_is_overdue(self):
        before = self._overdue_before()
        for claim in self:
            claim.is_overdue = (
                claim.state in OPEN_CLAIM_STATES and claim.claim_date < before
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Overdue can only be searched as set or not set."))
        overdue = [
            "&",
            ("state", "in", OPEN_CLAIM_STATES),
            ("claim_date", "<", self._overdue_before()),
        ]
        return overdue if (operator == "=") == value else ["!"] + overdue

    @api.onchange("serial_name")
    def _onchange_serial_name(self):
        """Fill product and customer from a scanned serial, for the user to see at
        once."""
        lot = self._find_lots()[:1]
        if lot:
            self.product_id = lot.product_id
            if not self.partner_id and lot.lifecycle_partner_id:
                self.partner_id = lot.lifecycle_partner_id

    def _claim_check_protected(self, vals_list, create=False):
        """Refuse the decision fields in ``vals_list`` (and, on create, in
        ``default_<field>`` context keys) outside the claim's own actions."""
        if ledger_guard.is_unlocked():
            return
        forged = {
            name for vals in vals_list for name in vals if name in DECISION_FIELDS
        }
        if create:
            forged |= {
                key[8:]
                for key in self.env.context
                if key.startswith("default_") and key[8:] in DECISION_FIELDS
            }
        if forged:
            labels = sorted(
                self._fields[name].get_description(self.env)["string"]
                for name in forged
            )
            raise UserError(
                _(
                    "%(fields)s of a warranty claim cannot be set by hand: "
                    "the claim is decided by checking "
                    "the serial when it is saved, and changes only through "
                    "its own buttons (Check Again, "
                    "Override Decision, Create Return and Repair, Replace "
                    "Unit, Mark Refunded, Close).",
                    fields=", ".join(labels),
                )
            )

    def _claim_changed_facts(self, vals):
        """{claim: labels of the facts ``vals`` would change}."""
        changed = {}
        for name in FACT_FIELDS:
            if name not in vals:
                continue
            field = self._fields[name]
            value = (
                vals[name].strip()
                if name == "serial_name" and isinstance(vals[name], str)
                else vals[name]
            )
            for claim in self:
                new = field.convert_to_record(
                    field.convert_to_cache(value, claim), claim
                )
                if new != claim[name]:
                    changed.setdefault(claim, []).append(
                        field.get_description(self.env)["string"]
                    )
        return changed

    def init(self):
        super().init()
        # One open claim per serial, also when two users save at the same
        # moment (the check in Python sees only what is committed). Old
        # databases holding two open claims keep them; they are reported.
        self.env.cr.execute(
            "SELECT 1 FROM pg_indexes WHERE indexname = %s", (ONE_OPEN_CLAIM_INDEX,)
        )
        if self.env.cr.fetchone():
            return
        self.env.cr.execute(
            SQL(
                "SELECT lot_id FROM serial_warranty_claim WHERE lot_id IS "
                "NOT NULL AND state IN %s "
                "GROUP BY lot_id HAVING COUNT(*) > 1 LIMIT 10",
                OPEN_CLAIM_STATES,
            )
        )
        duplicates = self.env.cr.fetchall()
        if duplicates:
            _logger.warning(
                "serial_warranty: serials with several open claims (lot ids %s): "
                "the one-open-claim index is not created",
                duplicates,
            )
            return
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX %s ON serial_warranty_claim (lot_id) "
                "WHERE lot_id IS NOT NULL AND state IN %s",
                SQL.identifier(ONE_OPEN_CLAIM_INDEX),
                OPEN_CLAIM_STATES,
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        self._serial_check_input_values(vals_list)
        self._claim_check_protected(vals_list, create=True)
        self._check_claim_inputs(vals_list)
        for vals in vals_list:
            if vals.get("serial_name"):
                vals["serial_name"] = vals["serial_name"].strip()
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "serial.warranty.claim"
                ) or _("New")
        claims = super().create(vals_list)
        claims._check_eligibility()
        claims._claim_mark_analytics(None)
        return claims

    def _claim_mark_analytics(self, fnames, product_ids=()):
        """The analytics cubes reading these claims' ``fnames`` (None: any) are
        rebuilt for their products."""
        self.env["serial.report.cube.mark"]._serial_mark_changed(
            self._name, fnames, lambda: self.product_id.ids + list(product_ids)
        )

    def unlink(self):
        self._claim_mark_analytics(None)
        return super().unlink()

    def write(self, vals):
        """Decision fields only through the claim's actions; the facts of a
        decided claim stay those it was decided on.

        A rejected claim may be corrected (the serial as typed, the customer...):
        it is checked again at once, so its decision always speaks of what it
        shows. Any other decided claim refuses the change: close it and open
        a new claim.
        """
        self._claim_mark_analytics(list(vals), [vals.get("product_id")])
        self._serial_check_input_values([vals])
        self._claim_check_protected([vals])
        if isinstance(vals.get("serial_name"), str):
            vals = dict(vals, serial_name=vals["serial_name"].strip())
        to_check = self.browse()
        changed = (
            self._claim_changed_facts(vals) if not ledger_guard.is_unlocked() else {}
        )
        if changed:
            decided = [
                claim for claim in changed if claim.state not in ("draft", "rejected")
            ]
            if decided:
                raise UserError(
                    _(
                        "%(fields)s of %(claims)s cannot change: the claim "
                        "was decided on them. "
                        "Close it and open a new claim for the right serial, "
                        "product, customer or date.",
                        fields=", ".join(
                            sorted(
                                {label for claim in decided for label in changed[claim]}
                            )
                        ),
                        claims=", ".join(claim.name for claim in decided),
                    )
                )
            to_check = self.browse(
                [claim.id for claim in changed if claim.state == "rejected"]
            )
        self._check_claim_inputs([vals])
        res = super().write(vals)
        if to_check:
            to_check._check_eligibility()
        return res

    def _find_lots(self):
        """Lots named like the typed serials, the claim's product first.

        A salesperson without rights on stock opens claims on the serials
        they sold: those are looked up for them, and only those.
        """
        names = [claim.serial_name.strip() for claim in self if claim.serial_name]
        if not names:
            return self.env["stock.lot"]
        Lot = self.env["stock.lot"]
        sold_only = not self.env.su and not Lot.has_access("read")
        # sudo(False) would drop a superuser's rights (a claim opened from the portal).
        lots = (Lot.sudo() if sold_only else Lot).search(
            [("name", "in", names), ("product_id.tracking", "=", "serial")]
        )
        if sold_only:
            sellers = lots._warranty_salespeople()
            lots = lots.filtered(lambda lot: sellers.get(lot.id) == self.env.user)
        return lots.sorted(lambda lot: lot.product_id != self[:1].product_id)

    def _check_claim_inputs(self, vals_list):
        """Refuse a serial that is no text, and a claim date in the future, by name."""
        today = fields.Date.context_today(self)
        for vals in vals_list:
            if "serial_name" in vals:
                error = self.env["stock.lot"]._serial_input_error(vals["serial_name"])
                if error:
                    raise UserError(error)
            if (
                vals.get("claim_date")
                and fields.Date.to_date(vals["claim_date"]) > today
            ):
                raise UserError(
                    _(
                        "The claim date %(date)s is in the future.",
                        date=format_date(self.env, vals["claim_date"]),
                    )
                )

    def _check_claim_date_after_receipt(self, lot_of):
        """A claim cannot be dated before its serial first reached us."""
        lots = self.env["stock.lot"].union(*lot_of.values())
        first = (
            dict(
                self.env["stock.lot.lifecycle.event"]
                .sudo()
                ._read_group(
                    [("lot_id", "in", lots.ids)], ["lot_id"], ["event_date:min"]
                )
            )
            if lots
            else {}
        )
        for claim, lot in lot_of.items():
            if lot and lot in first and claim.claim_date < first[lot].date():
                raise UserError(
                    _(
                        "The claim date %(date)s is before serial %(serial)s "
                        "was received (%(received)s).",
                        date=format_date(self.env, claim.claim_date),
                        serial=lot.name,
                        received=format_date(self.env, first[lot].date()),
                    )
                )

    # ------------------------------------------------------------------
    # The decision
    # ------------------------------------------------------------------

    def _check_eligibility(self):
        """Look the serials up and decide every claim, with its reasons.

        One batch of reads for all claims (lots, ledger facts, open claims),
        then the pure ``claim_decision`` per claim.
        """
        lots = self._find_lots()
        lots_by_name = {}
        for lot in lots:
            lots_by_name.setdefault(lot.name, []).append(lot)
        lot_of = {}
        for claim in self:
            candidates = lots_by_name.get(claim.serial_name, [])
            match = [lot for lot in candidates if lot.product_id == claim.product_id]
            lot_of[claim] = (match or candidates or [self.env["stock.lot"]])[0]
        self._check_claim_date_after_receipt(lot_of)
        found = self.env["stock.lot"].union(*lot_of.values())
        facts_by_lot = found._warranty_event_facts()
        # Who registered the units (bought from a reseller): one read for all the
        # claims.
        for registration in (
            self.env["serial.device.registration"]
            .sudo()
            .search([("lot_id", "in", found.ids), ("state", "=", "approved")])
        ):
            facts_by_lot.setdefault(registration.lot_id.id, {}).setdefault(
                "registered_to", set()
            ).add(registration.partner_id.commercial_partner_id.id)
        open_claims = self.search(
            [
                ("lot_id", "in", found.ids),
                ("state", "in", OPEN_CLAIM_STATES),
                ("id", "not in", self.ids),
            ]
        )
        for claim in self:
            lot = lot_of[claim]
            facts = facts_by_lot.get(lot.id, {})
            claim_facts = ClaimFacts(
                serial=claim.serial_name,
                serial_exists=bool(lot),
                product_matches=lot.product_id == claim.product_id,
                product_name=claim.product_id.display_name,
                customer_allowed=claim.partner_id.commercial_partner_id.id
                in lot._warranty_claim_customers(facts)
                if lot
                else False,
                customer_name=claim.partner_id.display_name,
                start=lot.warranty_start_date,
                end=lot.warranty_end_date,
                claim_date=claim.claim_date,
                voided=lot.warranty_state == "void",
                void_reason=lot.warranty_void_reason or "",
                lifecycle_state=lot.lifecycle_state or "",
                open_claims=open_claims.filtered(
                    lambda other, lot=lot: other.lot_id == lot
                ).mapped("name"),
            )
            approved, reasons = claim_decision(claim_facts)
            with ledger_guard.unlocked(), claim._one_open_claim_refusal(lot):
                claim.write(
                    {
                        "lot_id": lot.id,
                        "state": "approved" if approved else "rejected",
                        "decision_reason": reasons[0].code,
                        "decision_reasons": [
                            message_to_json(reason) for reason in reasons
                        ],
                    }
                )
                claim.flush_recordset(["lot_id", "state"])

    @contextlib.contextmanager
    def _one_open_claim_refusal(self, lot):
        """Two claims for one serial decided at the same moment: the index lets one be
        open."""
        try:
            with self.env.cr.savepoint(flush=False):
                yield
        except psycopg2.errors.UniqueViolation as error:
            if error.diag.constraint_name != ONE_OPEN_CLAIM_INDEX:
                raise
            raise UserError(
                _(
                    "Serial %(serial)s already has an open claim, saved by "
                    "another user a moment ago: "
                    "nothing was saved. Reload to see it.",
                    serial=lot.name,
                )
            ) from None

    def action_check_again(self):
        if self.filtered(lambda claim: claim.state not in ("draft", "rejected")):
            raise UserError(_("Only draft or rejected claims are checked again."))
        self._check_eligibility()

    def _override(self, reason):
        """A manager approves a rejected claim; the written reason is logged."""
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                _("Only a Serial Lifecycle manager can override a warranty decision.")
            )
        if not (reason or "").strip():
            raise UserError(_("Write why the decision is overridden."))
        not_rejected = self.filtered(lambda claim: claim.state != "rejected")
        if not_rejected:
            raise UserError(
                _(
                    "Only rejected claims can be overridden: %(claims)s",
                    claims=", ".join(not_rejected.mapped("name")),
                )
            )
        if not self.lot_id or len(self.lot_id) != len(self):
            raise UserError(
                _(
                    "A claim on an unknown serial cannot be approved; "
                    "correct the serial first."
                )
            )
        for claim in self:
            claim.message_post(
                body=_(
                    "Decision overridden by %(user)s. Rejected because: "
                    "%(before)s. Approved because: %(reason)s",
                    user=self.env.user.name,
                    before=claim.decision_note,
                    reason=reason.strip(),
                )
            )
        with ledger_guard.unlocked():
            self.write(
                {
                    "state": "approved",
                    "override_reason": reason.strip(),
                    "overridden_by_id": self.env.uid,
                }
            )

    # ------------------------------------------------------------------
    # After the decision
    # ------------------------------------------------------------------

    def _ensure_state(self, states, action):
        wrong = self.filtered(lambda claim: claim.state not in states)
        if wrong:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                _(
                    "%(action)s is possible only on %(states)s claims, not "
                    "on %(claims)s.",
                    action=action,
                    states=", ".join(labels[state] for state in states),
                    claims=", ".join(wrong.mapped("name")),
                )
            )

    def action_create_return_and_repair(self):
        """Return picking for the claimed serial and a repair order, in one click."""
        self.ensure_one()
        self._ensure_state(("approved",), _("Creating the return and repair"))
        delivery_move = (
            self.env["stock.lot.lifecycle.event"]
            .search(
                [
                    ("lot_id", "=", self.lot_id.id),
                    ("event_type", "=", "delivery"),
                    ("move_id", "!=", False),
                ],
                order="event_date desc, id desc",
                limit=1,
            )
            .move_id
        )
        if not delivery_move.picking_id:
            raise UserError(
                _(
                    "%(serial)s was never delivered by a transfer: nothing to return.",
                    serial=self.lot_id.name,
                )
            )
        wizard = (
            self.env["stock.return.picking"]
            .with_context(
                active_id=delivery_move.picking_id.id,
                active_model="stock.picking",
            )
            .create(
                {
                    "warranty_claim_id": self.id,
                    "serial_return_reason_id": self.return_reason_id.id,
                }
            )
        )
        line = wizard.product_return_moves.filtered(
            lambda line: line.move_id == delivery_move
        )
        line.write({"lot_ids": [(6, 0, self.lot_id.ids)], "quantity": 1})
        (wizard.product_return_moves - line).quantity = 0
        # A manager who approved the claim against the checks took the unit
        # back too: the override is the force reason of its return.
        with ledger_guard.setting(
            OVERRIDING_CLAIM, self.id if self.overridden_by_id else None
        ):
            return_picking = wizard._create_return()
        repair = self.env["repair.order"].create(
            {
                "product_id": self.product_id.id,
                "lot_id": self.lot_id.id,
                "partner_id": self.partner_id.id,
                "picking_id": return_picking.id,
                "company_id": self.company_id.id,
                "under_warranty": self._warranty_covers_parts(),
                "warranty_claim_id": self.id,
                "internal_notes": self.symptom,
            }
        )
        with ledger_guard.unlocked():
            self.write(
                {
                    "return_picking_id": return_picking.id,
                    "repair_id": repair.id,
                    "state": "in_repair",
                }
            )
        return self.action_view_repair()

    def _warranty_covers_parts(self):
        """Whether the repair of this claim's serial is under warranty (parts at
        no charge): the serial is covered, or a manager approved the claim by
        override and the company lets overrides cover parts."""
        self.ensure_one()
        return self.lot_id.warranty_state == "active" or bool(
            self.overridden_by_id
            and self.company_id.serial_warranty_override_covers_parts
        )

    def action_view_repair(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "repair.order",
            "res_id": self.repair_id.id,
            "view_mode": "form",
        }

    def action_view_return(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking",
            "res_id": self.return_picking_id.id,
            "view_mode": "form",
        }

    def _replace(self, replacement):
        """Record the unit given in exchange; its coverage follows the policy."""
        self.ensure_one()
        self._ensure_state(("approved", "in_repair"), _("Replacing the unit"))
        if replacement.product_id != self.product_id or replacement == self.lot_id:
            raise UserError(
                _(
                    "%(serial)s cannot replace %(faulty)s: it must be "
                    "another serial of %(product)s.",
                    serial=replacement.name,
                    faulty=self.lot_id.name,
                    product=self.product_id.display_name,
                )
            )
        if (
            replacement.warranty_continued_from_id
            or replacement.lifecycle_state not in ("available", "allocated")
        ):
            raise UserError(
                _(
                    "%(serial)s is not a free unit in stock (it is %(state)s).",
                    serial=replacement.name,
                    state=dict(
                        replacement._fields["lifecycle_state"]._description_selection(
                            self.env
                        )
                    )[replacement.lifecycle_state],
                )
            )
        with ledger_guard.unlocked():
            replacement.sudo().warranty_continued_from_id = self.lot_id
        self.env["stock.lot"]._lifecycle_append(
            [
                {
                    "lot_id": self.lot_id.id,
                    "event_type": "warranty_replaced",
                    "partner_id": self.partner_id.id,
                    "note": _("Replaced by %(serial)s", serial=replacement.name),
                    "res_model": self._name,
                    "res_id": self.id,
                }
            ]
        )
        with ledger_guard.unlocked():
            self.write({"replacement_lot_id": replacement.id, "state": "replaced"})
        self.message_post(
            body=_("Replaced by serial %(serial)s.", serial=replacement.name)
        )

    def action_open_replace_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Replace Unit"),
            "res_model": "serial.warranty.replace.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_claim_id": self.id},
        }

    def action_open_override_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Override Decision"),
            "res_model": "serial.warranty.claim.override.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_claim_ids": self.ids},
        }

    def action_refund(self):
        """Money back to the customer: a manager's decision."""
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                _("Only a Serial Lifecycle manager can refund a warranty claim.")
            )
        self._ensure_state(("approved", "in_repair"), _("Refunding"))
        with ledger_guard.unlocked():
            self.write(
                {"state": "refunded", "refund_date": fields.Date.context_today(self)}
            )

    def action_close(self):
        self._ensure_state(
            ("approved", "rejected", "in_repair", "replaced", "refunded"), _("Closing")
        )
        with ledger_guard.unlocked():
            self.write({"state": "closed"})
