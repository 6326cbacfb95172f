from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SerialWarrantyCase


@tagged("post_install", "-at_install")
class TestAlertsAndDocuments(SerialWarrantyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.extension = cls.env["product.product"].create(
            {
                "name": "Extra Year of Warranty",
                "type": "service",
                "list_price": 49,
                "warranty_extension_months": 12,
            }
        )
        cls.salesperson = cls.stock_user
        cls.customer.email = "ada@example.com"

    def _sell_as(self, lots, user):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "user_id": user.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": len(lots)}
                    )
                ],
            }
        )
        order.action_confirm()
        self._pick_serials(order.picking_ids, lots)
        return self._validate(order.picking_ids)

    def test_expiry_alert_goes_to_the_salesperson_once(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "serial_warranty.alert_days", 30
        )
        self.env["ir.config_parameter"].sudo().set_param(
            "serial_warranty.alert_mail", "True"
        )
        with freeze_time("2024-01-15 10:00"):
            self._receive(["AL-001", "AL-002"])
            soon, later = self._lots("AL-001", "AL-002")
            self._sell_as(soon, self.salesperson)
        with freeze_time("2024-06-15 10:00"):
            self._sell_as(later, self.salesperson)
        with freeze_time("2024-12-20 06:00"):
            flagged = self.env["stock.lot"]._cron_warranty_expiry_alerts()
            self.assertEqual(
                flagged, soon, "ends 2025-01-15, within 30 days; the other in June"
            )
            activity = soon.activity_ids
            self.assertEqual(activity.user_id, self.salesperson)
            self.assertEqual(activity.date_deadline, date(2025, 1, 15))
            self.assertIn("AL-001 ends on 2025-01-15", activity.summary)
            mail = self.env["mail.mail"].search(
                [
                    ("model", "=", "stock.lot"),
                    ("res_id", "=", soon.id),
                    ("subject", "ilike", "The warranty of your"),
                ]
            )
            self.assertEqual(mail.recipient_ids, self.customer)
            self.assertIn("ends on 2025-01-15", mail.subject)
            # The next day: nothing new for the same end date.
            self.assertFalse(self.env["stock.lot"]._cron_warranty_expiry_alerts())
            self.assertEqual(len(soon.activity_ids), 1)

    def test_an_extension_sold_extends_the_coverage(self):
        self._receive(["EX-001"])
        lot = self._lots("EX-001")
        self._sell(lot)
        end = lot.warranty_end_date
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.extension.id, "product_uom_qty": 1}
                    )
                ],
            }
        )
        with self.assertRaisesRegex(
            UserError, "Extra Year of Warranty: name the serials it extends"
        ):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        order.order_line.warranty_lot_ids = lot
        order.action_confirm()
        self.assertEqual(lot.warranty_extension_months, 12)
        self.assertEqual(lot.warranty_end_date, date(end.year + 1, end.month, end.day))

    def test_no_extension_for_a_serial_without_warranty(self):
        self._receive(["EX-002"])
        lot = self._lots("EX-002")
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.extension.id,
                            "product_uom_qty": 1,
                            "warranty_lot_ids": [Command.set(lot.ids)],
                        }
                    )
                ],
            }
        )
        with self.assertRaisesRegex(UserError, "EX-002 has no warranty to extend"):
            order.action_confirm()
        self.assertEqual(lot.warranty_extension_months, 0)

    def test_certificate_shows_serial_dates_terms_and_barcode(self):
        self._receive(["CERT-001"])
        lot = self._lots("CERT-001")
        self._sell(lot)
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "serial_warranty.stock_lot_warranty_certificate_action", lot.ids
        )
        html = html.decode()
        self.assertIn("Warranty Certificate", html)
        self.assertIn("CERT-001", html)
        self.assertIn("Customer Ada", html)
        self.assertIn("/report/barcode/?barcode_type=Code128&amp;value=CERT-001", html)
        self.assertIn("accepted within <span>30</span> days of shipment", html)
