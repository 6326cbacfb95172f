from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import BaseCase, tagged
from odoo.tools import SQL

from ..tools.report_cube import (
    domain_answerable,
    groupby_answerable,
    is_month_bound,
    order_terms,
)
from .common import SerialLifecycleCase

VELOCITY = "serial.stock.velocity.report"
CUBE = "serial.stock.velocity.cube"


@tagged("post_install", "-at_install")
class TestReportCubeHelpers(BaseCase):
    def test_a_month_truncated_date_answers_only_whole_months(self):
        self.assertTrue(is_month_bound(">=", "2026-02-01"))
        self.assertTrue(is_month_bound("<", "2026-03-01"))
        self.assertTrue(is_month_bound("<=", "2026-02-28"))
        self.assertTrue(is_month_bound("<=", "2024-02-29"))
        self.assertTrue(is_month_bound(">", "2026-01-31"))
        self.assertTrue(is_month_bound("=", False))
        self.assertFalse(is_month_bound(">=", "2026-02-15"))
        self.assertFalse(is_month_bound("<=", "2026-02-27"))
        self.assertFalse(is_month_bound("=", "2026-02-01"))
        self.assertFalse(is_month_bound(">=", "2026-02-01 00:00:00"))
        self.assertFalse(is_month_bound(">=", "not a date"))

    def test_a_read_is_answered_only_on_dimensions(self):
        dimensions = {"product_id", "company_id", "shipped_date"}
        months = ("shipped_date",)
        self.assertTrue(
            domain_answerable(
                [
                    "&",
                    ("product_id.categ_id", "=", 3),
                    "|",
                    ("company_id", "in", [1]),
                    ("shipped_date", ">=", "2026-01-01"),
                ],
                dimensions,
                months,
            )
        )
        self.assertTrue(domain_answerable([(1, "=", 1)], dimensions, months))
        self.assertFalse(domain_answerable([("lot_id", "=", 1)], dimensions, months))
        self.assertFalse(
            domain_answerable(
                [("shipped_date", ">=", "2026-01-02")], dimensions, months
            )
        )
        self.assertTrue(groupby_answerable(["product_id"], dimensions, months))
        self.assertTrue(
            groupby_answerable(["shipped_date:quarter"], dimensions, months)
        )
        self.assertFalse(groupby_answerable(["shipped_date"], dimensions, months))
        self.assertFalse(groupby_answerable(["shipped_date:day"], dimensions, months))
        self.assertFalse(groupby_answerable(["shipped_date:week"], dimensions, months))
        self.assertFalse(groupby_answerable(["lot_id"], dimensions, months))
        self.assertEqual(
            order_terms("product_id ASC, unit_count:sum desc"),
            ["product_id", "unit_count:sum"],
        )
        self.assertEqual(order_terms(None), [])


@tagged("post_install", "-at_install")
class TestReportCube(SerialLifecycleCase):
    def _marks(self, cube=CUBE):
        self.env["serial.report.cube.mark"]._serial_flush_marks()
        self.env.cr.execute(
            "SELECT count(*) FROM serial_report_cube_mark WHERE cube = %s", [cube]
        )
        return self.env.cr.fetchone()[0]

    def test_the_percentile_of_a_histogram_is_that_of_its_rows(self):
        """serial_report_percentile(f, values, counts) is percentile_cont(f) of
        the rows they count."""
        cases = [
            ([2, 4, 10], [1, 1, 1]),
            ([4, 2, 10], [1, 1, 1]),
            ([5], [7]),
            ([1, 2, 3, 100], [3, 1, 4, 2]),
            ([0, 30, 31], [10, 1, 5]),
            ([7, 7, 3], [2, 1, 1]),
        ]
        for values, counts in cases:
            for fraction in (0.0, 0.1, 0.5, 0.9, 1.0):
                self.env.cr.execute(
                    SQL(
                        """
                    SELECT serial_report_percentile(
                               %(f)s, %(v)s::float8[], %(w)s::bigint[]),
                           (SELECT percentile_cont(%(f)s) WITHIN GROUP (ORDER BY v)
                              FROM unnest(%(v)s::float8[], %(w)s::bigint[]) t(v, w),
                                   generate_series(1, w))
                    """,
                        f=fraction,
                        v=values,
                        w=counts,
                    )
                )
                histogram, rows = self.env.cr.fetchone()
                self.assertAlmostEqual(histogram, rows, msg=(values, counts, fraction))
        self.env.cr.execute(
            "SELECT serial_report_percentile("
            "0.5, ARRAY[NULL]::float8[], ARRAY[3]::bigint[])"
        )
        self.assertIsNone(self.env.cr.fetchone()[0], "no value, no median")

    def _ship(self, names, received, shipped):
        with freeze_time(received):
            self._receive(names)
        lots = self._lots(*names)
        with freeze_time(shipped):
            self._validate(self._deliver(count=len(lots), lots=lots))
        return lots

    def test_a_pivot_reads_the_cube_and_sees_every_new_shipment(self):
        self._ship(["VC-1", "VC-2"], "2026-01-05 09:00", "2026-01-15 09:00")
        self._ship(["VC-3"], "2026-01-05 09:00", "2026-02-04 09:00")
        report = self.env[VELOCITY]
        measures = ["unit_count:sum", "days_in_stock:median", "days_in_stock_p90:p90"]
        domain = [("product_id", "=", self.product.id)]
        groups = self._read_group_checked(
            VELOCITY, domain, measures, ["shipped_date:month"]
        )
        self.assertEqual(
            [
                (g["shipped_date:month"], g["unit_count"], g["days_in_stock"])
                for g in groups
            ],
            [("January 2026", 2, 10.0), ("February 2026", 1, 30.0)],
        )
        # Read from the cube: its rows exist and the marks were used up.
        self.assertEqual(self._marks(), 0)
        self.assertEqual(
            sorted(
                self.env[CUBE]
                .sudo()
                .search([("product_id", "=", self.product.id)])
                .mapped("unit_count")
            ),
            [1, 2],
        )
        # A new shipment marks the product; the next read rebuilds and counts it.
        self._ship(["VC-4"], "2026-02-01 09:00", "2026-02-25 09:00")
        self.assertGreater(self._marks(), 0)
        total = self._read_group_checked(VELOCITY, domain, measures, [])[0]
        # Days 10, 10, 30, 24: median (10 + 24) / 2; p90 at rank 2.7: 24 + 0.7 * 6.
        self.assertEqual((total["unit_count"], total["days_in_stock"]), (4, 17.0))
        self.assertAlmostEqual(total["days_in_stock_p90"], 28.2)
        self.assertEqual(self._marks(), 0)
        # Grouped by serial (not in the cube): read from the rows, marks untouched.
        self._ship(["VC-5"], "2026-02-01 09:00", "2026-02-26 09:00")
        marks = self._marks()
        by_lot = report.read_group(domain, ["unit_count:sum"], ["lot_id"], lazy=False)
        self.assertEqual(len(by_lot), 5)
        self.assertEqual(self._marks(), marks)

    def test_a_pivot_shows_only_the_companies_of_the_user(self):
        self._ship(["VM-1", "VM-2"], "2026-01-05 09:00", "2026-01-15 09:00")
        other_company = self.env["res.company"].create({"name": "Cube Other Company"})
        user = self.env["res.users"].create(
            {
                "name": "Cube analyst",
                "login": "cube_analyst",
                "company_id": other_company.id,
                "company_ids": [(6, 0, other_company.ids)],
                "groups_id": [
                    (
                        6,
                        0,
                        [
                            self.env.ref("stock.group_stock_user").id,
                            self.env.ref(
                                "serial_lifecycle.group_serial_lifecycle_user"
                            ).id,
                        ],
                    )
                ],
            }
        )
        domain = [("product_id", "=", self.product.id)]
        own = self._read_group_checked(VELOCITY, domain, ["unit_count:sum"], [])
        self.assertEqual(own[0]["unit_count"], 2)
        theirs = self._read_group_checked(
            VELOCITY,
            domain,
            ["unit_count:sum"],
            ["product_id"],
            report=self.env[VELOCITY].with_user(user),
        )
        self.assertEqual(theirs, [])
        # The cube itself is for the system only.
        with self.assertRaises(AccessError):
            self.env[CUBE].with_user(user).search([])


@tagged("post_install", "-at_install")
class TestReportCubeBusy(SerialLifecycleCase):
    """Alone in its class: the test transaction must not hold the cube's lock yet."""

    def test_a_cube_being_rebuilt_elsewhere_is_not_read(self):
        """Another transaction holds the cube: read from the rows, never old figures."""
        for name, shipped in (
            ("VB-1", "2026-01-15 09:00"),
            ("VB-2", "2026-01-25 09:00"),
        ):
            with freeze_time("2026-01-05 09:00"):
                self._receive([name])
            with freeze_time(shipped):
                self._validate(self._deliver(lots=self._lots(name)))
        table = self.env[CUBE]._table
        with self.env.registry.cursor() as other:
            other.execute("SELECT pg_try_advisory_lock(hashtext(%s))", [table])
            self.assertTrue(other.fetchone()[0])
            try:
                total = self.env[VELOCITY].read_group(
                    [("product_id", "=", self.product.id)],
                    ["unit_count:sum"],
                    [],
                    lazy=False,
                )[0]
            finally:
                other.execute("SELECT pg_advisory_unlock(hashtext(%s))", [table])
        self.assertEqual(total["unit_count"], 2)
        self.env["serial.report.cube.mark"]._serial_flush_marks()
        self.env.cr.execute(
            "SELECT count(*) FROM serial_report_cube_mark WHERE cube = %s", [CUBE]
        )
        self.assertGreater(self.env.cr.fetchone()[0], 0, "rebuilt at the next read")
