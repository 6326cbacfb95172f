from freezegun import freeze_time

from odoo.tests import BaseCase, tagged

from ..tools.stock_age import AGE_GROUPS, age_group
from .common import SerialLifecycleCase


@tagged("post_install", "-at_install")
class TestAgeGroups(BaseCase):
    def test_each_age_falls_in_the_group_its_limit_names(self):
        self.assertEqual(
            [age_group(days) for days in (0, 30, 31, 90, 91, 180, 181, 365, 366, 5000)],
            [
                "0_30",
                "0_30",
                "31_90",
                "31_90",
                "91_180",
                "91_180",
                "181_365",
                "181_365",
                "over_365",
                "over_365",
            ],
        )
        self.assertIsNone(AGE_GROUPS[-1][0], "the last group has no limit")


@tagged("post_install", "-at_install")
class TestStockAgeReport(SerialLifecycleCase):
    def test_units_in_stock_by_age(self):
        with freeze_time("2025-10-01 09:00"):
            self._receive(["AGE-A", "AGE-B", "AGE-C"])
        with freeze_time("2026-01-01 09:00"):
            self._receive(["AGE-E"])
        with freeze_time("2026-03-20 09:00"):
            self._receive(["AGE-D"])
        lot_a, lot_b, lot_c, lot_d, lot_e = self._lots(
            "AGE-A", "AGE-B", "AGE-C", "AGE-D", "AGE-E"
        )
        # A unit put away on a shelf keeps its age; a unit shipped leaves the report.
        with freeze_time("2026-02-01 09:00"):
            transfer = self._create_picking(
                self.warehouse.int_type_id,
                self.vendor,
                quantity=1,
                source=self.stock_location,
                destination=self.shelf,
            )
            transfer.move_line_ids.unlink()
            self._pick_serials(transfer, lot_b)
            self._validate(transfer)
            delivery = self._validate(self._deliver(lots=lot_c))
        # A unit back from a customer counts from its return.
        with freeze_time("2026-03-01 09:00"):
            self._return(delivery, lot_c)

        report = self.env["serial.stock.age.report"]
        with freeze_time("2026-04-01 09:00"):
            rows = report.search([("product_id", "=", self.product.id)])
            self.assertEqual(
                {row.lot_id.name: (row.age_days, row.age_group) for row in rows},
                {
                    "AGE-A": (182, "181_365"),
                    "AGE-B": (182, "181_365"),
                    "AGE-E": (90, "31_90"),
                    "AGE-D": (12, "0_30"),
                    "AGE-C": (31, "31_90"),
                },
            )
            self.assertEqual(
                rows.filtered(lambda row: row.lot_id == lot_b).location_id, self.shelf
            )
            self.assertEqual(
                {row.lot_id: row.lifecycle_state for row in rows},
                {
                    **dict.fromkeys(lot_a | lot_b | lot_d | lot_e, "available"),
                    lot_c: "returned",
                },
            )
            groups = self._read_group_checked(
                "serial.stock.age.report",
                [("product_id", "=", self.product.id)],
                ["unit_count:sum", "age_days_max:max"],
                ["age_group"],
            )
            self.assertEqual(
                {
                    group["age_group"]: (group["unit_count"], group["age_days_max"])
                    for group in groups
                },
                {"181_365": (2, 182), "31_90": (2, 90), "0_30": (1, 12)},
            )
            self.assertEqual(
                report.search_count(
                    [("product_id", "=", self.product.id), ("age_days", ">", 90)]
                ),
                2,
            )
        # The next day every unit is a day older: the figures are built again.
        with freeze_time("2026-04-02 09:00"):
            groups = self._read_group_checked(
                "serial.stock.age.report",
                [("product_id", "=", self.product.id), ("age_days", ">", 90)],
                ["unit_count:sum", "age_days:avg"],
                [],
            )
            self.assertEqual(
                (groups[0]["unit_count"], groups[0]["age_days"]),
                (3, (183 + 183 + 91) / 3),
            )

        # AGE-C waited 123 days in stock before it was shipped.
        shipped = self.env["serial.stock.velocity.report"].search(
            [("lot_id", "=", lot_c.id)]
        )
        self.assertEqual((shipped.days_in_stock, shipped.age_group), (123.0, "91_180"))
        turnover = self._read_group_checked(
            "serial.stock.velocity.report",
            [("product_id", "=", self.product.id)],
            ["unit_count:sum", "days_in_stock:median"],
            [],
        )
        self.assertEqual(
            (turnover[0]["unit_count"], turnover[0]["days_in_stock"]), (1, 123.0)
        )
