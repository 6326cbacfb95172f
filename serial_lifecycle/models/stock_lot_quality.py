from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import ledger_guard
from ..tools.messages import bullet_list
from ..tools.quality import (
    FAIL,
    PASS,
    QUALITY_BLOCKED,
    QUALITY_STATUSES,
    check_passes,
    parse_measured_value,
    sampled_positions,
    verdict,
)
from .stock_lot_ledger import MANAGER_GROUP, USER_GROUP


# The model is extended by concern, one file each: not merged on purpose.
# pylint: disable=consider-merging-classes-inherited
class StockLot(models.Model):
    """The quality status of a serial: inspected products' serials wait for their
    verdict.

    ``quality_status`` is written only by ``_lifecycle_append`` (a receipt
    makes it pending, the verdict events pass or fail it), like the state.
    """

    _inherit = "stock.lot"

    quality_status = fields.Selection(
        QUALITY_STATUSES,
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Pending: received, waiting for its inspection. Passed / Failed: the "
        "verdict of its checks. "
        "A pending or failed serial is never reserved nor shipped. Empty: "
        "its product requires no inspection.",
    )
    inspection_result_ids = fields.One2many(
        "serial.inspection.result", "lot_id", "Inspection Results", readonly=True
    )
    inspection_plan_id = fields.Many2one(
        "serial.inspection.plan",
        "Inspection Plan",
        compute="_compute_inspection_plan_id",
    )

    @api.depends("product_id")
    def _compute_inspection_plan_id(self):
        for lot in self:
            lot.inspection_plan_id = (
                lot.product_id
                and lot.product_id.product_tmpl_id._serial_inspection_plan()[1]
            )

    def _quality_requires_inspection(self):
        self.ensure_one()
        return (
            bool(self.product_id)
            and self.product_id.tracking == "serial"
            and self.product_id.product_tmpl_id._serial_inspection_plan()[0]
        )

    def _quality_status_label(self):
        self.ensure_one()
        return dict(
            self._fields["quality_status"]._description_selection(self.env)
        ).get(self.quality_status, "")

    def _quality_blocked(self):
        """The serials among these that their quality status keeps from being reserved
        or shipped."""
        return self.filtered(lambda lot: lot.quality_status in QUALITY_BLOCKED)

    def _quality_refusal(self, document):
        """Why this serial cannot leave on ``document``, in the user's words."""
        self.ensure_one()
        return _(
            "%(serial)s (%(product)s) has quality status %(status)s: it "
            "cannot leave on %(document)s",
            serial=self.name,
            product=self.product_id.display_name,
            status=self._quality_status_label(),
            document=document,
        )

    # ------------------------------------------------------------------
    # Recording results: the one path to a verdict
    # ------------------------------------------------------------------

    @api.model
    def _quality_entries_from_input(self, rows):
        """The entries of _quality_record() from an inspector's input, or a refusal.

        ``rows``: [(lot, check, result, value)] as a screen has them: the
        Pass/Fail of a pass/fail check, the measured value of a measured one
        as typed (text, decimal comma or point). Rows left empty are not
        recorded; a value that is no number refuses them all, each named.
        The Record Inspection dialogs and the scan screen enter results here.
        """
        entries, errors = [], []
        for lot, check, result, value in rows:
            if check.check_type == "passfail":
                if result:
                    entries.append(
                        {"lot_id": lot.id, "check_id": check.id, "result": result}
                    )
                continue
            try:
                number = parse_measured_value(value)
            except ValueError:
                errors.append(
                    _(
                        "%(serial)s, %(check)s: %(value)r is not a number",
                        serial=lot.name,
                        check=check.name,
                        value=value,
                    )
                )
                continue
            if number is None:
                continue
            entries.append({"lot_id": lot.id, "check_id": check.id, "value": number})
        if errors:
            raise UserError(
                _("Nothing was recorded:\n%(lines)s", lines=bullet_list(errors))
            )
        if not entries:
            raise UserError(_("Enter the result of at least one check."))
        return entries

    @api.model
    def _quality_record(self, entries, picking=None):
        """Record inspection results and append the verdict of each serial they decide.

        ``entries``: [{"lot_id", "check_id", "result" ("pass"/"fail") or
        "value" (a number)}]. Every entry is checked first (the serial waits
        for inspection, the check is of its plan, the result fits the
        check); one bad entry records nothing, every offender named.
        Returns the verdict events.
        """
        if not self.env.user.has_group(USER_GROUP):
            raise AccessError(_("Only Inventory users can record inspections."))
        Check = self.env["serial.inspection.check"]
        lots = self.browse({entry["lot_id"] for entry in entries}).exists()
        lots.check_access("read")
        checks = Check.browse({entry["check_id"] for entry in entries}).exists()
        errors = []
        for lot in lots:
            if not lot._quality_requires_inspection():
                errors.append(
                    _(
                        "%(serial)s: %(product)s requires no inspection",
                        serial=lot.name,
                        product=lot.product_id.display_name,
                    )
                )
            elif lot.quality_status != "pending":
                errors.append(
                    _(
                        "%(serial)s is %(status)s: a manager resets it to "
                        "pending before it is "
                        "inspected again",
                        serial=lot.name,
                        status=lot._quality_status_label(),
                    )
                )
        suppliers = lots._quality_suppliers(picking)
        vals_list = []
        for entry in entries:
            lot, check = lots.browse(entry["lot_id"]), checks.browse(entry["check_id"])
            if lot not in lots or check not in checks:
                errors.append(_("%(entry)r names no serial or check", entry=entry))
                continue
            if check.plan_id != lot.inspection_plan_id:
                errors.append(
                    _(
                        "%(serial)s: %(check)s is not a check of its plan %(plan)s",
                        serial=lot.name,
                        check=check.name,
                        plan=lot.inspection_plan_id.name or "-",
                    )
                )
                continue
            low, high = check._serial_limits()
            try:
                passed = check_passes(
                    check.check_type, entry.get("result"), entry.get("value"), low, high
                )
            except ValueError:
                errors.append(
                    _(
                        "%(serial)s: %(check)s needs %(expected)s, not %(value)r",
                        serial=lot.name,
                        check=check.name,
                        value=entry.get("result") or entry.get("value"),
                        expected=_("Pass or Fail")
                        if check.check_type == "passfail"
                        else _("a number"),
                    )
                )
                continue
            vals_list.append(
                {
                    "lot_id": lot.id,
                    "check_id": check.id,
                    "company_id": lot.company_id.id or self.env.company.id,
                    "result": entry.get("result")
                    if check.check_type == "passfail"
                    else (PASS if passed else FAIL),
                    "value": entry.get("value")
                    if check.check_type == "measure"
                    else 0.0,
                    "unit": check.unit,
                    "passed": passed,
                    "failed_count": 0 if passed else 1,
                    "partner_id": suppliers.get(lot.id, False),
                    "user_id": self.env.uid,
                    "picking_id": picking.id if picking else False,
                }
            )
        if errors:
            raise UserError(
                _("Nothing was recorded:\n%(lines)s", lines=bullet_list(errors))
            )
        with ledger_guard.unlocked():
            results = self.env["serial.inspection.result"].create(vals_list)
        return lots._quality_append_verdicts(picking, results)

    def _quality_suppliers(self, picking=None):
        """{lot id: partner id} of the receipt each serial came with (``picking``, else
        its latest receipt)."""
        if picking:
            return {lot.id: picking.partner_id.commercial_partner_id.id for lot in self}
        suppliers = {}
        for event in (
            self.env["stock.lot.lifecycle.event"]
            .sudo()
            .search(
                [("lot_id", "in", self.ids), ("event_type", "=", "receipt")], order="id"
            )
        ):
            suppliers[event.lot_id.id] = event.partner_id.commercial_partner_id.id
        return suppliers

    def _quality_append_verdicts(self, picking, new_results):
        """Append quality_passed / quality_failed for the serials whose current results
        decide."""
        current = self.env["serial.inspection.result"].search(
            [("lot_id", "in", self.ids), ("superseded", "=", False)], order="date, id"
        )
        by_lot = defaultdict(list)
        for result in current:
            by_lot[result.lot_id.id].append(result)
        events = []
        for lot in self:
            results = by_lot.get(lot.id, [])
            required = lot.inspection_plan_id.check_ids.filtered("required").ids
            decided = verdict(
                required, [(result.check_id.id, result.passed) for result in results]
            )
            if not decided:
                continue
            failed = [result.check_id.name for result in results if not result.passed]
            events.append(
                {
                    "lot_id": lot.id,
                    "event_type": f"quality_{decided}",
                    "picking_id": picking.id if picking else False,
                    "note": _("Failed checks: %(checks)s", checks=", ".join(failed))
                    if failed
                    else _(
                        "All checks of %(plan)s passed",
                        plan=lot.inspection_plan_id.name,
                    ),
                }
            )
        events += self._quality_sampled_verdicts(
            picking, {vals["lot_id"]: vals["event_type"][8:] for vals in events}
        )
        return self._lifecycle_append(events)

    @api.model
    def _quality_receipt_samples(self, picking, product):
        """(samples, others): the serials of ``product`` received on ``picking``, by its
        company's sampling."""
        lots = picking.move_line_ids.lot_id.filtered(
            lambda lot: lot.product_id == product
        ).sorted("name")
        company = picking.company_id
        if company.serial_inspection_sampling == "all":
            return lots, self.browse()
        size = max(company.serial_inspection_sample_size, 1)
        positions = sampled_positions(
            len(lots),
            every_nth=size if company.serial_inspection_sampling == "every_nth" else 0,
            per_receipt=size
            if company.serial_inspection_sampling == "per_receipt"
            else 0,
        )
        samples = self.browse([lots[index].id for index in positions])
        return samples, lots - samples

    def _quality_sampled_verdicts(self, picking, decided):
        """Events giving the samples' verdict to the other pending serials of their
        receipts.

        ``decided``: {lot id: "passed" or "failed"} of this batch. Once every
        sample of a receipt and product has a verdict, the others pass (or
        fail, when one sample failed) with them.
        """
        if not decided:
            return []
        receipts = {}
        if picking:
            receipts = {lot_id: picking for lot_id in decided}
        else:
            for event in (
                self.env["stock.lot.lifecycle.event"]
                .sudo()
                .search(
                    [("lot_id", "in", list(decided)), ("event_type", "=", "receipt")],
                    order="id",
                )
            ):
                receipts[event.lot_id.id] = event.picking_id
        events, done = [], set()
        for lot in self.browse(list(decided)):
            receipt = receipts.get(lot.id)
            if (
                not receipt
                or (receipt, lot.product_id) in done
                or receipt.company_id.serial_inspection_sampling == "all"
            ):
                continue
            done.add((receipt, lot.product_id))
            samples, others = self._quality_receipt_samples(receipt, lot.product_id)
            if lot not in samples:
                continue
            verdicts = {
                sample.id: decided.get(sample.id) or sample.quality_status
                for sample in samples
            }
            if any(status not in ("passed", "failed") for status in verdicts.values()):
                continue
            status = "failed" if "failed" in verdicts.values() else "passed"
            for other in others.filtered(
                lambda other: other.quality_status == "pending"
                and other.id not in decided
            ):
                events.append(
                    {
                        "lot_id": other.id,
                        "event_type": f"quality_{status}",
                        "picking_id": receipt.id,
                        "note": _(
                            "By the samples of %(receipt)s: %(samples)s",
                            receipt=receipt.name,
                            samples=", ".join(samples.mapped("name")),
                        ),
                    }
                )
        return events

    def _quality_scan_checks(self):
        """What the scan screen asks about this serial: False, or its plan's checks.

        Only while it waits for inspection, and for a user who may record
        results; each check with its limits and the result recorded so far.
        """
        self.ensure_one()
        plan = self.inspection_plan_id
        if (
            self.quality_status != "pending"
            or not plan.check_ids
            or not self.env.user.has_group(USER_GROUP)
        ):
            return False
        recorded = {}
        for result in self.inspection_result_ids.sorted(lambda r: (r.date, r.id)):
            if not result.superseded:
                recorded[result.check_id] = result
        labels = dict(
            self.env["serial.inspection.result"]
            ._fields["result"]
            ._description_selection(self.env)
        )
        checks = []
        for check in plan.check_ids:
            result = recorded.get(check)
            measure = check.check_type == "measure"
            checks.append(
                {
                    "id": check.id,
                    "name": check.name,
                    "type": check.check_type,
                    "required": check.required,
                    "limits": check._serial_limits_label() if measure else "",
                    "unit": check.unit or "",
                    "recorded": bool(result)
                    and {
                        "passed": result.passed,
                        "label": f"{result.value:g} {result.unit or ''}"
                        if measure
                        else labels[result.result],
                    },
                }
            )
        return {"plan": plan.name, "note": plan.note or "", "checks": checks}

    def action_quality_reset(self):
        """Put failed (or passed) serials back to pending for a new inspection, after a
        repair. Managers only."""
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                _("Only a Serial Lifecycle manager can reset an inspection.")
            )
        wrong = self.filtered(
            lambda lot: lot.quality_status not in ("failed", "passed")
        )
        if wrong:
            raise UserError(
                _(
                    "Only an inspected serial can be reset to pending: %(serials)s.",
                    serials=", ".join(wrong.mapped("name")),
                )
            )
        with ledger_guard.unlocked():
            self.inspection_result_ids.filtered(
                lambda result: not result.superseded
            ).sudo().write({"superseded": True})
        self._lifecycle_append(
            [{"lot_id": lot.id, "event_type": "quality_reset"} for lot in self]
        )
        # Pending again, they are blocked: reserved ones make way, as on a quarantine.
        self._lifecycle_release_reservations()
        return True

    def action_open_inspection_wizard(self):
        return self.env["serial.inspection.wizard"]._serial_open(self)
