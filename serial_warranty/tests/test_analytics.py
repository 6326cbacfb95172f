from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import SerialWarrantyCase


@tagged("post_install", "-at_install")
class TestWarrantyAnalytics(SerialWarrantyCase):
    """Each measure of Serials > Analytics against a history built by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category.warranty_duration = 24
        cls.defect = cls.env.ref("serial_warranty.serial_return_reason_defect")
        cls.wrong_item = cls.env.ref("serial_warranty.serial_return_reason_wrong_item")

    def _group(self, model, fields_, groupby, domain=None):
        """{group key: {measure: value}} as a pivot of ``model`` reads it."""
        domain = (domain or []) + [("product_id", "=", self.product.id)]
        result = {}
        for row in self.env[model].read_group(domain, fields_, groupby, lazy=False):
            key = row[groupby[0]] if groupby else None
            result[key[1] if isinstance(key, tuple) else key] = {
                name.split(":")[0]: row[name.split(":")[0]] for name in fields_
            }
        return result

    def _ship_cohorts(self):
        """Ten units shipped on 2026-01-10: five made in January, five in February."""
        with freeze_time("2026-01-05 09:00"):
            self._receive(["AN-%02d" % number for number in range(1, 11)])
        lots = self._lots(*["AN-%02d" % number for number in range(1, 11)])
        lots[:5].production_date = "2026-01-03"
        lots[5:].production_date = "2025-12-20"
        with freeze_time("2026-01-10 09:00"):
            delivery = self._sell(lots)
        return lots, delivery

    def test_failure_rate_by_production_month_and_months_in_service(self):
        lots, delivery = self._ship_cohorts()
        # January cohort: a claim after 3 months, a defect return after 1 month,
        # and a claim for a wrong item, which is no failure of the unit.
        with freeze_time("2026-04-20 09:00"):
            self._claim(lots[0].name, symptom="No power")
        with freeze_time("2026-02-12 09:00"):
            return_picking = self._create_return(delivery, lots[1])
            return_picking.serial_return_reason_id = self.defect
            self._validate(return_picking)
        with freeze_time("2026-03-05 09:00"):
            self._claim(
                lots[2].name,
                symptom="Ordered the blue one",
                return_reason_id=self.wrong_item,
            )
        # December cohort: one claim after 5 months.
        with freeze_time("2026-06-15 09:00"):
            self._claim(lots[5].name, symptom="Cracked case")

        report = "serial.warranty.failure.report"
        by_month = self._group(
            report,
            ["unit_count:sum", "failed_count:sum", "failure_rate:avg"],
            ["production_date:month"],
        )
        self.assertEqual(
            by_month,
            {
                "January 2026": {
                    "unit_count": 5,
                    "failed_count": 2,
                    "failure_rate": 40.0,
                },
                "December 2025": {
                    "unit_count": 5,
                    "failed_count": 1,
                    "failure_rate": 20.0,
                },
            },
        )
        total = self._group(
            report, ["unit_count:sum", "failed_count:sum", "failure_rate:avg"], []
        )
        self.assertEqual(
            total[None], {"unit_count": 10, "failed_count": 3, "failure_rate": 30.0}
        )
        rows = self.env[report].search(
            [("product_id", "=", self.product.id), ("failed_count", "=", 1)]
        )
        self.assertEqual(
            {row.lot_id.name: row.months_in_service for row in rows},
            {"AN-01": 3, "AN-02": 1, "AN-06": 5},
        )
        self.assertEqual(
            rows.filtered(lambda row: row.lot_id == lots[1]).failure_date,
            fields.Date.to_date("2026-02-12"),
        )
        self.assertEqual(set(rows.supplier_id.mapped("name")), {self.vendor.name})
        self.assertEqual(set(rows.partner_id.mapped("name")), {self.customer.name})
        # By revision: the December cohort runs revision B.
        lots[5:].revision = "B"
        by_revision = self._group(
            report, ["unit_count:sum", "failed_count:sum"], ["revision"]
        )
        self.assertEqual(by_revision["B"], {"unit_count": 5, "failed_count": 1})
        # The curve: failures by months in service.
        curve = self._group(
            report,
            ["failed_count:sum"],
            ["months_in_service"],
            [("failed_count", "=", 1)],
        )
        self.assertEqual(
            {months: row["failed_count"] for months, row in curve.items()},
            {1: 1, 3: 1, 5: 1},
        )

    def test_returns_and_claims_by_reason_and_outcome(self):
        lots, delivery = self._ship_cohorts()
        self.category.warranty_return_days = 0
        with freeze_time("2026-02-01 09:00"):
            self._claim(lots[0].name, symptom="No power")
            # Warranty voided and no return window: refused; then one of them
            # approved anyway by a manager's override: forced.
            (lots[1] | lots[2]).with_user(self.manager)._warranty_void(
                "Opened by the customer"
            )
            refused = self._claim(lots[1].name, symptom="Broken")
            forced = self._claim(lots[2].name, symptom="Broken too")
            forced.with_user(self.manager)._override("Goodwill")
            self.assertEqual((refused.state, forced.state), ("rejected", "approved"))
            return_picking = self._create_return(delivery, lots[3])
            return_picking.serial_return_reason_id = self.wrong_item
            self._validate(return_picking)

        report = "serial.warranty.return.report"
        by_reason = self._group(report, ["count:sum"], ["reason_id"])
        self.assertEqual(
            {reason: row["count"] for reason, row in by_reason.items()},
            {"Defect": 3, "Wrong Item": 1},
        )
        shares = [
            "count:sum",
            "eligible_share:avg",
            "refused_share:avg",
            "forced_share:avg",
        ]
        by_kind = self._group(report, shares, ["kind"])
        self.assertEqual(by_kind["claim"]["count"], 3)
        for share in ("eligible_share", "refused_share", "forced_share"):
            self.assertAlmostEqual(by_kind["claim"][share], 100 / 3, places=2)
        self.assertEqual(
            by_kind["return"],
            {
                "count": 1,
                "eligible_share": 100.0,
                "refused_share": 0.0,
                "forced_share": 0.0,
            },
        )

    def test_service_times_medians_and_90th_percentile(self):
        lots, delivery = self._ship_cohorts()
        claims = self.env["serial.warranty.claim"]
        # Three claims on 2026-03-02; their returns arrive 2, 4 and 10 days later.
        with freeze_time("2026-03-02 09:00"):
            for lot in lots[:3]:
                claims |= self._claim(lot.name, symptom="Dead")
        for claim, day in zip(
            claims, ("2026-03-04", "2026-03-06", "2026-03-12"), strict=False
        ):
            with freeze_time(day + " 08:00"):
                claim.action_create_return_and_repair()
                self._validate(claim.return_picking_id)
        # The first is repaired 6 days after the claim and back at the customer after 8.
        repair = claims[0].repair_id
        with freeze_time("2026-03-08 09:00"):
            repair.action_validate()
            repair.action_repair_start()
            repair.action_repair_end()
        with freeze_time("2026-03-10 09:00"):
            self._sell(lots[0])
        # The second is refunded after 7 days.
        with freeze_time("2026-03-09 09:00"):
            claims[1].with_user(self.manager).action_refund()
        self.assertEqual(claims[1].refund_date, fields.Date.to_date("2026-03-09"))

        report = "serial.warranty.service.report"
        measures = [
            "claim_count:sum",
            "days_to_return:median",
            "days_to_return_p90:p90",
            "days_to_repair:median",
            "days_to_back:median",
            "days_to_refund:median",
        ]
        total = self._group(report, measures, [])[None]
        self.assertEqual(total["claim_count"], 3)
        self.assertEqual(total["days_to_return"], 4.0)
        # percentile_cont(0.9) of 2, 4, 10: 4 + 0.8 * (10 - 4).
        self.assertAlmostEqual(total["days_to_return_p90"], 8.8)
        self.assertEqual(
            (total["days_to_repair"], total["days_to_back"], total["days_to_refund"]),
            (6.0, 8.0, 7.0),
        )
        row = self.env[report].search([("claim_id", "=", claims[0].id)])
        self.assertEqual(
            (row.return_date, row.repair_date, row.back_date),
            tuple(
                fields.Date.to_date(day)
                for day in ("2026-03-04", "2026-03-08", "2026-03-10")
            ),
        )

    def test_an_open_claim_past_the_set_days_is_overdue(self):
        lots, __ = self._ship_cohorts()
        with freeze_time("2026-02-01 09:00"):
            old = self._claim(lots[0].name, symptom="Noise")
        with freeze_time("2026-02-25 09:00"):
            recent = self._claim(lots[1].name, symptom="Noise")
        self.env["ir.config_parameter"].set_param(
            "serial_warranty.claim_overdue_days", 10
        )
        with freeze_time("2026-03-01 09:00"):
            overdue = self.env["serial.warranty.claim"].search(
                [("is_overdue", "=", True)]
            )
            self.assertIn(old, overdue)
            self.assertNotIn(recent, overdue)
            self.assertEqual((old.is_overdue, recent.is_overdue), (True, False))
            old.action_close()
            self.assertNotIn(
                old,
                self.env["serial.warranty.claim"].search([("is_overdue", "=", True)]),
            )

    def test_analytics_of_another_company_are_not_shown(self):
        lots, __ = self._ship_cohorts()
        other_company = self.env["res.company"].create({"name": "Other Serial Company"})
        user = self.env["res.users"].create(
            {
                "name": "Analyst of the other company",
                "login": "other_company_analyst",
                "company_id": other_company.id,
                "company_ids": [(6, 0, other_company.ids)],
                "groups_id": [(6, 0, [self.env.ref("stock.group_stock_user").id])],
            }
        )
        for model in (
            "serial.warranty.failure.report",
            "serial.warranty.return.report",
            "serial.warranty.service.report",
        ):
            self.assertFalse(
                self.env[model].with_user(user).search([("lot_id", "in", lots.ids)]),
                model,
            )
        self.assertEqual(
            self.env["serial.warranty.failure.report"].search_count(
                [("lot_id", "in", lots.ids)]
            ),
            10,
        )
