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
        for row in self._read_group_checked(model, domain, fields_, groupby):
            key = row[groupby[0]] if groupby else None
            # Rounded: rates and percentiles are compared with exact fractions.
            result[key[1] if isinstance(key, tuple) else key] = {
                name.split(":")[0]: (
                    round(value, 6) if isinstance(value, float) else value
                )
                for name in fields_
                for value in [row[name.split(":")[0]]]
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
        # Counted by cohort as the failure rates: the units of December 2025
        # came back once (a defect claim), those of January three times.
        with freeze_time("2026-02-03 09:00"):
            self._claim(lots[6].name, symptom="Broken")
        by_cohort = self._group(report, ["count:sum"], ["production_date:month"])
        self.assertEqual(
            {month: row["count"] for month, row in by_cohort.items()},
            {"January 2026": 4, "December 2025": 1},
        )
        by_supplier = self._group(report, ["count:sum"], ["supplier_id"])
        self.assertEqual(by_supplier, {self.vendor.name: {"count": 5}})

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

    def test_failure_rates_by_revision_at_shipment(self):
        """The revision a unit had when shipped, not the one it runs now."""
        with freeze_time("2026-01-05 09:00"):
            self._receive(["RV-1", "RV-2", "RV-3", "RV-4"])
        lots = self._lots("RV-1", "RV-2", "RV-3", "RV-4")
        with freeze_time("2026-01-06 09:00"):
            lots[:2].revision = "A"
            lots[2].revision = "B"
        with freeze_time("2026-01-10 09:00"):
            self._sell(lots)
        # Upgraded in the field: RV-1 to C, RV-4 (shipped with none) to D.
        with freeze_time("2026-03-01 09:00"):
            lots[0].revision = "C"
            lots[3].revision = "D"
        with freeze_time("2026-04-01 09:00"):
            self._claim(lots[0].name, symptom="Reboots")
            self._claim(lots[2].name, symptom="Reboots")
        report = "serial.warranty.failure.report"
        measures = ["unit_count:sum", "failed_count:sum", "failure_rate:avg"]
        at_shipment = self._group(report, measures, ["shipped_revision"])
        self.assertEqual(
            at_shipment,
            {
                "A": {"unit_count": 2, "failed_count": 1, "failure_rate": 50.0},
                "B": {"unit_count": 1, "failed_count": 1, "failure_rate": 100.0},
                # RV-4 changed only after its shipment: its revision then is unknown.
                False: {"unit_count": 1, "failed_count": 0, "failure_rate": 0.0},
            },
        )
        now = self._group(report, ["unit_count:sum", "failed_count:sum"], ["revision"])
        self.assertEqual(
            now,
            {
                "A": {"unit_count": 1, "failed_count": 0},
                "B": {"unit_count": 1, "failed_count": 1},
                "C": {"unit_count": 1, "failed_count": 1},
                "D": {"unit_count": 1, "failed_count": 0},
            },
        )

    def test_failure_rates_by_component_serial_product_and_receipt(self):
        """Units with a component of a batch (the receipt its serials came in):
        how many failed."""
        battery, cell = self.env["product.product"].create(
            [
                {
                    "name": name,
                    "is_storable": True,
                    "tracking": "serial",
                    "categ_id": self.category.id,
                }
                for name in ("Analytics Battery", "Analytics Cell")
            ]
        )
        other_vendor = self.env["res.partner"].create({"name": "Battery Works"})
        with freeze_time("2026-01-02 09:00"):
            batch_1 = self._receive(["BT-1", "BT-2", "BT-3"], product=battery)
            batch_2 = self._receive(
                ["BT-4", "BT-5", "BT-6", "BT-7"], product=battery, partner=other_vendor
            )
            self._receive(["CL-1"], product=cell)
            self._receive(["CU-%d" % number for number in range(1, 8)])
        units = self._lots(*["CU-%d" % number for number in range(1, 8)])
        batteries = self._lots(
            *["BT-%d" % number for number in range(1, 8)], product=battery
        )
        Lot = self.env["stock.lot"]
        with freeze_time("2026-01-05 09:00"):
            Lot._component_install(
                [
                    {"parent_lot_id": cell_parent.id, "component_lot_id": lot.id}
                    for cell_parent, lot in [
                        (batteries[0], self._lots("CL-1", product=cell))
                    ]
                ]
            )
            Lot._component_install(
                [
                    {"parent_lot_id": unit.id, "component_lot_id": lot.id}
                    for unit, lot in zip(units[:6], batteries[:6], strict=True)
                ]
            )
        # CU-6's battery is taken out before shipment; CU-7 gets BT-7 after it.
        with freeze_time("2026-01-08 09:00"):
            Lot._component_remove(
                [{"parent_lot_id": units[5].id, "component_lot_id": batteries[5].id}]
            )
        with freeze_time("2026-01-10 09:00"):
            self._sell(units)
        with freeze_time("2026-02-01 09:00"):
            Lot._component_install(
                [{"parent_lot_id": units[6].id, "component_lot_id": batteries[6].id}]
            )
        with freeze_time("2026-04-01 09:00"):
            for unit in units[0] | units[1] | units[3] | units[6]:
                self._claim(unit.name, symptom="Battery drains")

        report = "serial.warranty.component.failure.report"
        measures = ["unit_count:sum", "failed_count:sum", "failure_rate:avg"]
        by_receipt = self._group(report, measures, ["component_receipt_id"])
        self.assertEqual(
            by_receipt,
            {
                batch_1.display_name: {
                    "unit_count": 3,
                    "failed_count": 2,
                    "failure_rate": round(200 / 3, 6),
                },
                batch_2.display_name: {
                    "unit_count": 2,
                    "failed_count": 1,
                    "failure_rate": 50.0,
                },
                # CL-1, inside BT-1 inside CU-1.
                self.env["stock.lot"]
                .search([("name", "=", "CL-1")])
                .first_receipt_event_id.picking_id.display_name: {
                    "unit_count": 1,
                    "failed_count": 1,
                    "failure_rate": 100.0,
                },
            },
        )
        by_product = self._group(report, measures, ["component_product_id"])
        self.assertEqual(
            by_product,
            {
                "Analytics Battery": {
                    "unit_count": 5,
                    "failed_count": 3,
                    "failure_rate": 60.0,
                },
                "Analytics Cell": {
                    "unit_count": 1,
                    "failed_count": 1,
                    "failure_rate": 100.0,
                },
            },
        )
        by_serial = self._group(report, ["failed_count:sum"], ["component_lot_id"])
        self.assertEqual(
            {name: row["failed_count"] for name, row in by_serial.items()},
            {"BT-1": 1, "BT-2": 1, "BT-3": 0, "BT-4": 1, "BT-5": 0, "CL-1": 1},
        )
        self.assertEqual(
            self.env[report].search([("component_lot_id.name", "=", "CL-1")]).depth, 2
        )
        by_supplier = self._group(report, measures, ["component_supplier_id"])
        self.assertEqual(by_supplier["Battery Works"]["unit_count"], 2)

    def test_the_curve_of_failures_by_month_in_service_per_cohort(self):
        """Failed units per production month (a line each) and month in service,
        as the graph reads them."""
        lots, __ = self._ship_cohorts()
        with freeze_time("2026-02-20 09:00"):
            self._claim(lots[0].name, symptom="Dead")
            self._claim(lots[5].name, symptom="Dead")
        with freeze_time("2026-03-20 09:00"):
            self._claim(lots[1].name, symptom="Dead")
            self._claim(lots[2].name, symptom="Dead")
        groups = self._read_group_checked(
            "serial.warranty.failure.report",
            [("product_id", "=", self.product.id), ("failed_count", "=", 1)],
            ["failed_count:sum"],
            ["months_in_service", "production_date:month"],
        )
        self.assertEqual(
            {
                (group["months_in_service"], group["production_date:month"]): group[
                    "failed_count"
                ]
                for group in groups
            },
            {
                (1, "January 2026"): 1,
                (1, "December 2025"): 1,
                (2, "January 2026"): 2,
            },
        )

    def test_failure_rates_by_supplier_purchase_receipt_and_product(self):
        other_vendor = self.env["res.partner"].create({"name": "Second Source Ltd"})
        tablet = self.env["product.product"].create(
            {
                "name": "Analytics Tablet",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": self.category.id,
                "sale_ok": True,
            }
        )
        with freeze_time("2026-01-05 09:00"):
            first = self._receive(["SP-1", "SP-2", "SP-3"])
            second = self._receive(["SP-4", "SP-5"], partner=other_vendor)
            self._receive(["ST-1", "ST-2"], product=tablet)
        # The purchase orders the receipts came from, written after validation.
        first.origin = "P00041"
        second.origin = "P00042"
        phones = self._lots("SP-1", "SP-2", "SP-3", "SP-4", "SP-5")
        tablets = self._lots("ST-1", "ST-2", product=tablet)
        with freeze_time("2026-01-10 09:00"):
            self._sell(phones)
            self._sell(tablets)
        with freeze_time("2026-03-01 09:00"):
            for lot in phones[0] | phones[3] | phones[4] | tablets[0]:
                self._claim(lot.name, symptom="Fan noise")
        report = "serial.warranty.failure.report"
        measures = ["unit_count:sum", "failed_count:sum", "failure_rate:avg"]
        phone = [("product_id", "=", self.product.id)]
        self.assertEqual(
            self._group(report, measures, ["supplier_id"]),
            {
                self.vendor.name: {
                    "unit_count": 3,
                    "failed_count": 1,
                    "failure_rate": round(100 / 3, 6),
                },
                "Second Source Ltd": {
                    "unit_count": 2,
                    "failed_count": 2,
                    "failure_rate": 100.0,
                },
            },
        )
        by_origin = self._group(report, ["failed_count:sum"], ["receipt_origin"])
        self.assertEqual(
            {key: row["failed_count"] for key, row in by_origin.items()},
            {"P00041": 1, "P00042": 2},
        )
        by_receipt = self._group(report, ["unit_count:sum"], ["receipt_picking_id"])
        self.assertEqual(
            {key: row["unit_count"] for key, row in by_receipt.items()},
            {first.display_name: 3, second.display_name: 2},
        )
        by_product = {
            group["product_id"][1]: (group["unit_count"], group["failure_rate"])
            for group in self._read_group_checked(
                report,
                [("product_id", "in", (self.product | tablet).ids)],
                measures,
                ["product_id"],
            )
        }
        self.assertEqual(
            by_product, {"Tracked Phone": (5, 60.0), "Analytics Tablet": (2, 50.0)}
        )
        self.assertEqual(
            self._group(report, ["failed_count:sum"], [], phone)[None]["failed_count"],
            3,
        )

    def test_service_times_per_product_and_claim_month(self):
        lots, __ = self._ship_cohorts()
        claims = self.env["serial.warranty.claim"]
        # February: returns after 3 and 5 days; March: after 8 days.
        for lot, claimed, returned in (
            (lots[0], "2026-02-02", "2026-02-05"),
            (lots[1], "2026-02-10", "2026-02-15"),
            (lots[2], "2026-03-02", "2026-03-10"),
        ):
            with freeze_time(claimed + " 09:00"):
                claim = self._claim(lot.name, symptom="Dead")
            with freeze_time(returned + " 08:00"):
                claim.action_create_return_and_repair()
                self._validate(claim.return_picking_id)
            claims |= claim
        by_month = self._group(
            "serial.warranty.service.report",
            ["claim_count:sum", "days_to_return:median", "days_to_return_p90:p90"],
            ["claim_date:month"],
        )
        self.assertEqual(
            by_month,
            {
                "February 2026": {
                    "claim_count": 2,
                    "days_to_return": 4.0,
                    # 3 + 0.9 * (5 - 3)
                    "days_to_return_p90": 4.8,
                },
                "March 2026": {
                    "claim_count": 1,
                    "days_to_return": 8.0,
                    "days_to_return_p90": 8.0,
                },
            },
        )
