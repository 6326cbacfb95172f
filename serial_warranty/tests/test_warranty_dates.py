from datetime import date, datetime

from odoo.tests import BaseCase, tagged

from ..tools.warranty_dates import (
    add_duration,
    coverage_end,
    coverage_start,
    coverage_state,
    local_date,
    term_problems,
)


@tagged("post_install", "-at_install")
class TestWarrantyDates(BaseCase):
    def test_a_month_after_31_january_is_the_end_of_february(self):
        self.assertEqual(
            add_duration(date(2023, 1, 31), 1, "months"), date(2023, 2, 28)
        )
        self.assertEqual(
            add_duration(date(2024, 1, 31), 1, "months"), date(2024, 2, 29)
        )
        self.assertEqual(
            add_duration(date(2024, 3, 31), 1, "months"), date(2024, 4, 30)
        )

    def test_months_cross_the_year(self):
        self.assertEqual(
            add_duration(date(2024, 11, 30), 3, "months"), date(2025, 2, 28)
        )
        self.assertEqual(
            add_duration(date(2024, 12, 15), 14, "months"), date(2026, 2, 15)
        )

    def test_a_year_after_29_february_is_28_february(self):
        self.assertEqual(add_duration(date(2024, 2, 29), 1, "years"), date(2025, 2, 28))
        self.assertEqual(add_duration(date(2024, 2, 29), 4, "years"), date(2028, 2, 29))

    def test_days_count_the_leap_day(self):
        self.assertEqual(add_duration(date(2024, 2, 28), 1, "days"), date(2024, 2, 29))
        self.assertEqual(add_duration(date(2023, 2, 28), 1, "days"), date(2023, 3, 1))

    def test_unknown_unit_is_refused(self):
        with self.assertRaises(ValueError):
            add_duration(date(2024, 1, 1), 1, "weeks")

    def test_local_date_follows_the_time_zone(self):
        moment = datetime(2024, 1, 31, 13, 0)  # UTC
        self.assertEqual(local_date(moment, "UTC"), date(2024, 1, 31))
        self.assertEqual(local_date(moment, "Pacific/Auckland"), date(2024, 2, 1))
        self.assertEqual(
            local_date(datetime(2024, 2, 1, 2, 0), "America/New_York"),
            date(2024, 1, 31),
        )
        self.assertEqual(local_date(moment, "Not/AZone"), date(2024, 1, 31))

    def test_coverage_start_by_trigger(self):
        shipped, installed = date(2024, 1, 10), date(2024, 1, 20)
        self.assertEqual(coverage_start("shipment", shipped, installed, 30), shipped)
        self.assertEqual(
            coverage_start("installation", shipped, installed, 30), installed
        )
        # Not installed within 30 days: coverage starts on day 30 anyway.
        self.assertEqual(
            coverage_start("installation", shipped, None, 30), date(2024, 2, 9)
        )
        self.assertEqual(
            coverage_start("installation", shipped, date(2024, 3, 1), 30),
            date(2024, 2, 9),
        )
        # No fallback configured: wait for the installation.
        self.assertIsNone(coverage_start("installation", shipped, None, 0))
        self.assertIsNone(coverage_start("shipment", None))

    def test_coverage_end_adds_extensions(self):
        self.assertEqual(
            coverage_end(date(2024, 1, 31), 1, "months"), date(2024, 2, 29)
        )
        self.assertEqual(
            coverage_end(date(2024, 1, 31), 12, "months", 1), date(2025, 2, 28)
        )
        self.assertIsNone(coverage_end(None, 12, "months"))
        self.assertIsNone(coverage_end(date(2024, 1, 1), 0, "months"))

    def test_coverage_state_on_the_day(self):
        start, end = date(2024, 1, 31), date(2024, 2, 29)
        self.assertEqual(
            coverage_state(start, end, date(2024, 1, 30), sold=True), "pending"
        )
        self.assertEqual(coverage_state(start, end, start), "active")
        self.assertEqual(coverage_state(start, end, end), "active")
        self.assertEqual(coverage_state(start, end, date(2024, 3, 1)), "expired")
        self.assertEqual(coverage_state(start, end, end, voided=True), "void")
        self.assertEqual(coverage_state(None, None, end, sold=True), "pending")
        self.assertEqual(coverage_state(None, None, end), "none")

    def test_term_bounds(self):
        self.assertEqual(term_problems(0, "months", 0, 0), [], "0: no warranty")
        self.assertEqual(term_problems(100, "years", 3653, 3653), [])
        self.assertEqual(term_problems(1200, "months", 0, 0), [])
        self.assertEqual(term_problems(36600, "days", 0, 0), [])
        self.assertEqual(
            term_problems(-5, "months", 0, 0), [("warranty_duration", 100)]
        )
        self.assertEqual(
            term_problems(1201, "months", 0, 0), [("warranty_duration", 100)]
        )
        self.assertEqual(
            term_problems(24, "months", -1, 3654),
            [("warranty_return_days", 3653), ("warranty_install_fallback_days", 3653)],
        )
