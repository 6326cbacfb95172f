import re

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.serial_lifecycle.tests.common import ACCESS_ERROR, JsonRpcMixin

from .common import ShippedSerialsMixin

PDF = b"%PDF-1.4 proof of purchase"


@tagged("post_install", "-at_install")
class TestDeviceRegistration(ShippedSerialsMixin, JsonRpcMixin, HttpCase):
    """A customer who bought from a reseller registers the device; a manager approves
    it."""

    def setUp(self):
        super().setUp()
        self.lots, delivery = self._shipped_serials(
            ["RG-001", "RG-002"], "Registered Drill", "Reseller Shop"
        )
        self.reseller = delivery.partner_id
        self.end_customer = self.env["res.partner"].create(
            {"name": "End Customer Eve", "is_company": True}
        )
        self.portal = new_test_user(
            self.env,
            "register_eve",
            groups="base.group_portal",
            partner_id=self.end_customer.id,
        )
        self.manager = new_test_user(
            self.env, "register_manager", groups="stock.group_stock_manager"
        )

    def _register(
        self,
        serial,
        purchase_date="2026-11-20",
        proof=("invoice.pdf", PDF, "application/pdf"),
    ):
        self.authenticate("register_eve", "register_eve")
        url = "/my/devices/register"
        token = re.search(
            r'name="csrf_token" value="([^"]+)"', self.url_open(url).text
        ).group(1)
        return self.url_open(
            url,
            data={
                "csrf_token": token,
                "product": str(self.lots.product_id.id),
                "serial": serial,
                "purchase_date": purchase_date,
                "reseller": "Reseller Shop",
            },
            files={"proof": proof} if proof else None,
        )

    def test_an_approved_registration_lets_the_customer_see_and_claim_the_device(self):
        self.assertEqual(self._register("RG-001").status_code, 200)
        registration = self.env["serial.device.registration"].search(
            [("lot_id", "=", self.lots[0].id)]
        )
        self.assertEqual(
            (registration.state, registration.partner_id),
            ("to_approve", self.end_customer),
        )
        self.assertEqual(registration.proof_attachment_id.name, "invoice.pdf")
        self.assertIn("is being reviewed", self.url_open("/my/devices").text)

        with self.assertRaisesRegex(AccessError, "Only a Serial Lifecycle manager"):
            registration.with_user(
                new_test_user(
                    self.env, "register_clerk", groups="stock.group_stock_user"
                )
            ).action_approve()
        registration.with_user(self.manager).action_approve()
        self.assertEqual(registration.state, "approved")
        self.assertEqual(
            (self.lots[0].lifecycle_state, self.lots[0].lifecycle_partner_id),
            ("installed", self.end_customer),
        )
        self.assertIn("RG-001", self.url_open("/my/devices").text)
        claim = self.env["serial.warranty.claim"].create(
            {
                "serial_name": "RG-001",
                "product_id": self.lots.product_id.id,
                "partner_id": self.end_customer.id,
            }
        )
        self.assertEqual(claim.state, "approved", claim.decision_note)

    def test_a_lost_or_already_registered_serial_is_flagged_and_bad_forms_refused(self):
        self.lots[1]._lifecycle_apply_manual_action(
            "lost", fields.Datetime.now(), "Stolen", partner=self.reseller
        )
        self._register("RG-002")
        flagged = self.env["serial.device.registration"].search(
            [("lot_id", "=", self.lots[1].id)]
        )
        self.assertEqual(
            (flagged.state, flagged.review_reason),
            ("flagged", "RG-002 is reported lost or stolen."),
        )
        with self.assertRaisesRegex(UserError, "Record the serial as found first"):
            flagged.with_user(self.manager).action_approve()

        for serial, date, proof, message in (
            (
                "RG-999",
                "2026-11-20",
                ("invoice.pdf", PDF, "application/pdf"),
                "We cannot find RG-999",
            ),
            (
                "RG-001",
                "2999-01-01",
                ("invoice.pdf", PDF, "application/pdf"),
                "not in the future",
            ),
            ("RG-001", "2026-11-20", None, "Join the proof of purchase"),
            (
                "RG-001",
                "2026-11-20",
                ("run.sh", b"echo", "text/x-sh"),
                "run.sh is not a PDF or a photo",
            ),
        ):
            self.assertIn(message, self._register(serial, date, proof).text)
        self.assertFalse(
            self.env["serial.device.registration"].search(
                [("lot_id", "=", self.lots[0].id)]
            )
        )

    def test_a_serial_registered_to_another_customer_is_flagged(self):
        self._register("RG-001")
        self.env["serial.device.registration"].search(
            [("lot_id", "=", self.lots[0].id)]
        ).with_user(self.manager).action_approve()
        other = self.env["res.partner"].create({"name": "Other Customer Oscar"})
        new_test_user(
            self.env, "register_oscar", groups="base.group_portal", partner_id=other.id
        )
        self.authenticate("register_oscar", "register_oscar")
        url = "/my/devices/register"
        token = re.search(
            r'name="csrf_token" value="([^"]+)"', self.url_open(url).text
        ).group(1)
        self.url_open(
            url,
            data={
                "csrf_token": token,
                "product": str(self.lots.product_id.id),
                "serial": "RG-001",
                "purchase_date": "2026-11-25",
            },
            files={"proof": ("r.pdf", PDF, "application/pdf")},
        )
        flagged = self.env["serial.device.registration"].search(
            [("partner_id", "=", other.id)]
        )
        self.assertEqual(flagged.state, "flagged")
        self.assertIn("RG-001 is", flagged.review_reason)

    def test_registrations_are_written_only_by_their_own_actions(self):
        self._register("RG-001")
        registration = self.env["serial.device.registration"].search(
            [("lot_id", "=", self.lots[0].id)]
        )
        with self.assertRaisesRegex(
            UserError, "changes only by its Approve and Refuse buttons"
        ):
            registration.with_user(self.manager).write({"state": "approved"})
        with self.assertRaisesRegex(UserError, "opened by customers from the portal"):
            self.env["serial.device.registration"].create(
                {
                    "partner_id": self.end_customer.id,
                    "lot_id": self.lots[1].id,
                    "purchase_date": "2026-11-20",
                }
            )
        self.authenticate("register_eve", "register_eve")
        self.assertRefused(
            self._call("serial.device.registration", "search_read", [[], ["state"]]),
            None,
            error=ACCESS_ERROR,
        )

    def test_registration_lookups_count_against_the_hourly_limit_per_customer(self):
        self.env["ir.config_parameter"].set_param(
            "serial_warranty.public_checks_per_hour", "2"
        )
        for serial in ("RG-901", "RG-902"):
            self.assertIn(f"We cannot find {serial}", self._register(serial).text)
        page = self._register("RG-001").text
        self.assertIn("You have looked up too many serial numbers", page)
        self.assertNotIn("We cannot find", page)
        self.assertFalse(
            self.env["serial.device.registration"].search(
                [("lot_id", "=", self.lots[0].id)]
            )
        )
        # The public check counts per address, apart from this customer's lookups.
        Check = self.env["serial.check.attempt"]
        answer = Check._check("203.0.113.9", self.lots.product_id, "RG-001")
        self.assertEqual(answer["genuine"], True)
