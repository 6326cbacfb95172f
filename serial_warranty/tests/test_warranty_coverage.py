from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import SerialWarrantyCase


@tagged("post_install", "-at_install")
class TestWarrantyCoverage(SerialWarrantyCase):
    def _ship_on(self, moment, serial):
        """Receive ``serial`` and sell it, both at ``moment``; return its lot."""
        with freeze_time(moment):
            self._receive([serial])
            lot = self._lots(serial)
            self._sell(lot)
        return lot

    def _refresh(self, day):
        with freeze_time(day):
            return self.env["stock.lot"]._cron_refresh_warranty_state()

    def test_starts_at_shipment_and_expires_the_day_after_its_last_day(self):
        self.category.write({"warranty_duration": 1, "warranty_unit": "months"})
        with freeze_time("2024-01-31 10:00"):
            self._receive(["WS-001"])
            lot = self._lots("WS-001")
            self.assertEqual(lot.warranty_state, "none", "not sold yet")
            self._sell(lot)
            self.assertEqual(lot.warranty_start_date, date(2024, 1, 31))
            # One month after 31 January 2024 (a leap year) is 29 February.
            self.assertEqual(lot.warranty_end_date, date(2024, 2, 29))
            self.assertEqual(lot.warranty_state, "active")
        self._refresh("2024-02-29 23:00")
        self.assertEqual(lot.warranty_state, "active", "the last day is covered")
        refreshed = self._refresh("2024-03-01 00:30")
        self.assertIn(lot, refreshed)
        self.assertEqual(lot.warranty_state, "expired")
        self.assertIn(
            lot, self.env["stock.lot"].search([("warranty_state", "=", "expired")])
        )

    def test_a_month_from_31_january_in_a_common_year(self):
        self.category.write({"warranty_duration": 1, "warranty_unit": "months"})
        lot = self._ship_on("2023-01-31 10:00", "WS-002")
        self.assertEqual(lot.warranty_end_date, date(2023, 2, 28))

    def test_a_year_from_29_february(self):
        self.category.write({"warranty_duration": 1, "warranty_unit": "years"})
        lot = self._ship_on("2024-02-29 10:00", "WS-003")
        self.assertEqual(lot.warranty_end_date, date(2025, 2, 28))

    def test_shipment_day_is_the_company_day(self):
        self.env.company.partner_id.tz = "Pacific/Auckland"
        lot = self._ship_on(
            "2024-01-31 13:00", "WS-004"
        )  # already 1 February in Auckland
        self.assertEqual(lot.warranty_start_date, date(2024, 2, 1))
        self.assertEqual(lot.warranty_end_date, date(2025, 2, 1))

    def test_starts_at_installation(self):
        self.category.write(
            {"warranty_trigger": "installation", "warranty_install_fallback_days": 30}
        )
        with freeze_time("2024-03-01 09:00"):
            self._receive(["WS-005"])
            lot = self._lots("WS-005")
            self._sell(lot)
            self.assertEqual(
                lot.warranty_state, "pending", "sold, waiting for the installation"
            )
        with freeze_time("2024-03-10 15:00"):
            self._install(lot)
            self.assertEqual(lot.lifecycle_state, "installed")
            self.assertEqual(lot.warranty_start_date, date(2024, 3, 10))
            self.assertEqual(lot.warranty_end_date, date(2025, 3, 10))
            self.assertEqual(lot.warranty_state, "active")

    def test_starts_anyway_when_not_installed_in_time(self):
        self.category.write(
            {"warranty_trigger": "installation", "warranty_install_fallback_days": 30}
        )
        with freeze_time("2024-03-01 09:00"):
            self._receive(["WS-006"])
            lot = self._lots("WS-006")
            self._sell(lot)
            self.assertEqual(lot.warranty_start_date, date(2024, 3, 31))
            self.assertEqual(lot.warranty_state, "pending")
        self._refresh("2024-03-30 12:00")
        self.assertEqual(lot.warranty_state, "pending")
        self._refresh("2024-03-31 12:00")
        self.assertEqual(lot.warranty_state, "active")
        # A late installation does not move the start.
        with freeze_time("2024-04-20 09:00"):
            self._install(lot)
        self.assertEqual(lot.warranty_start_date, date(2024, 3, 31))

    def test_without_fallback_the_installation_is_awaited(self):
        self.category.write(
            {"warranty_trigger": "installation", "warranty_install_fallback_days": 0}
        )
        self._receive(["WS-007"])
        lot = self._lots("WS-007")
        self._sell(lot)
        self.assertFalse(lot.warranty_start_date)
        self.assertEqual(lot.warranty_state, "pending")

    def test_product_terms_override_the_category(self):
        self.product.write(
            {
                "warranty_custom_terms": True,
                "warranty_duration": 2,
                "warranty_unit": "years",
                "warranty_trigger": "shipment",
            }
        )
        lot = self._ship_on("2024-05-15 10:00", "WS-008")
        self.assertEqual(lot.warranty_end_date, date(2026, 5, 15))
        # Changing the category no longer reaches this product...
        self.category.warranty_duration = 6
        self.assertEqual(lot.warranty_end_date, date(2026, 5, 15))
        # ...until it follows the category again.
        self.product.warranty_custom_terms = False
        self.assertEqual(lot.warranty_end_date, date(2024, 11, 15))

    def test_no_terms_no_warranty(self):
        self.category.warranty_duration = 0
        self._receive(["WS-009"])
        lot = self._lots("WS-009")
        self._sell(lot)
        self.assertEqual(lot.warranty_state, "none")
        self.assertFalse(lot.warranty_end_date)

    def test_a_manager_voids_a_warranty_with_a_reason(self):
        self._receive(["WS-010"])
        lot = self._lots("WS-010")
        self._sell(lot)
        self.assertEqual(lot.warranty_state, "active")
        with self.assertRaises(AccessError):
            lot.with_user(self.stock_user)._warranty_void("Seal broken")
        action = lot.with_user(self.manager).action_open_warranty_void_wizard()
        form = Form(
            self.env[action["res_model"]]
            .with_user(self.manager)
            .with_context(**action["context"])
        )
        form.reason = "Seal broken, housing opened"
        form.save().action_confirm()
        self.assertEqual(lot.warranty_state, "void")
        self.assertEqual(lot.warranty_void_reason, "Seal broken, housing opened")
        self.assertEqual(
            lot.lifecycle_state, "shipped", "voiding does not move the serial"
        )
        event = self._events(lot)[-1]
        self.assertEqual(
            (event.event_type, event.user_id, event.note),
            ("warranty_void", self.manager, "Seal broken, housing opened"),
        )
        self.assertIn(
            "warranty_void",
            [flag["code"] for flag in lot._serial_status_flags()[lot.id]],
        )
        with self.assertRaisesRegex(UserError, "already void"):
            lot.with_user(self.manager)._warranty_void("again")

    def test_pending_once_reserved_for_a_customer(self):
        self._receive(["WS-013"])
        lot = self._lots("WS-013")
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 1}
                    )
                ],
            }
        )
        order.action_confirm()
        order.picking_ids.action_assign()
        self.assertEqual(lot.lifecycle_state, "allocated")
        self.assertEqual(lot.warranty_state, "pending", "sold, not shipped yet")
        self._validate(order.picking_ids)
        self.assertEqual(lot.warranty_state, "active")

    def test_filters_under_warranty_and_expiring_soon(self):
        self._receive(["WS-011", "WS-012"])
        covered, unsold = self._lots("WS-011", "WS-012")
        self._sell(covered)
        Lot = self.env["stock.lot"]
        self.assertIn(covered, Lot.search([("warranty_state", "=", "active")]))
        self.assertNotIn(unsold, Lot.search([("warranty_state", "=", "active")]))
        self.assertEqual(unsold.warranty_state, "none")
