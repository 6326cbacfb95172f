import base64
import json
import re

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.serial_lifecycle.tests.common import ACCESS_ERROR, JsonRpcMixin

from .common import ShippedSerialsMixin

# A 1x1 PNG, the photo of a claim.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
NOT_GENUINE = "This is not a genuine serial number of this product."


@tagged("post_install", "-at_install")
class TestPortalDevices(ShippedSerialsMixin, JsonRpcMixin, HttpCase):
    """A portal user sees the devices of their own company, and nothing of another's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))

    def setUp(self):
        super().setUp()
        self.lot_a, delivery_a = self._shipped_serials(
            ["PT-A-001"], "Portal Drill", "Portal Company A"
        )
        self.lot_b, delivery_b = self._shipped_serials(
            ["PT-B-001"], "Portal Saw", "Portal Company B"
        )
        self.company_a, self.company_b = delivery_a.partner_id, delivery_b.partner_id
        self.company_a.is_company = True
        # A contact of company A: the devices are the company's.
        contact_a = self.env["res.partner"].create(
            {"name": "Alice of A", "parent_id": self.company_a.id}
        )
        self.portal_a = new_test_user(
            self.env, "portal_a", groups="base.group_portal", partner_id=contact_a.id
        )
        self.portal_b = new_test_user(
            self.env,
            "portal_b",
            groups="base.group_portal",
            partner_id=self.company_b.id,
        )

    def test_my_devices_lists_only_the_company_s_serials(self):
        self.authenticate("portal_a", "portal_a")
        page = self.url_open("/my/devices")
        self.assertEqual(page.status_code, 200)
        self.assertIn("PT-A-001", page.text)
        self.assertIn("Portal Drill", page.text)
        self.assertNotIn("PT-B-001", page.text)
        self.assertIn("Under Warranty", page.text)
        self.assertIn(f"/my/devices/{self.lot_a.id}/certificate", page.text)

    def test_certificates_only_of_one_s_own_devices(self):
        self.authenticate("portal_a", "portal_a")
        own = self.url_open(f"/my/devices/{self.lot_a.id}/certificate")
        self.assertEqual(own.status_code, 200)
        self.assertEqual(own.headers["Content-Type"], "application/pdf")
        # Under tests Odoo renders reports as HTML (no wkhtmltopdf): the certificate's
        # text.
        self.assertIn(b"Warranty Certificate", own.content)
        self.assertIn(b"PT-A-001", own.content)
        guessed = self.url_open(f"/my/devices/{self.lot_b.id}/certificate")
        self.assertEqual(guessed.status_code, 404)
        self.assertNotIn(b"PT-B-001", guessed.content)

    def test_portal_users_read_no_serial_over_json_rpc(self):
        self.authenticate("portal_b", "portal_b")
        for model, method, args in (
            ("stock.lot", "search_read", [[("id", "=", self.lot_a.id)], ["name"]]),
            ("stock.lot", "read", [[self.lot_a.id], ["name", "lifecycle_partner_id"]]),
            ("serial.check.attempt", "search_read", [[], ["address"]]),
        ):
            self.assertRefused(
                self._call(model, method, args), None, error=ACCESS_ERROR
            )

    def test_the_public_check_says_genuine_stolen_and_covered_and_nothing_else(self):
        product_a, product_b = self.lot_a.product_id, self.lot_b.product_id
        (product_a | product_b).sale_ok = True

        def check(product, serial):
            page = self.url_open(f"/serial/check?product={product.id}&serial={serial}")
            self.assertEqual(page.status_code, 200)
            return page.text

        genuine = check(product_a, "PT-A-001")
        self.assertIn("This is a genuine serial number of this product.", genuine)
        self.assertIn(
            "Under warranty until {}".format(
                self.lot_a.warranty_end_date.strftime("%B %Y")
            ),
            genuine,
        )
        for private in ("Portal Company A", "Alice of A"):
            self.assertNotIn(private, genuine)
        # An unknown serial and a serial of another product: the same answer.
        unknown, other_product = (
            check(product_a, "PT-A-999"),
            check(product_a, "PT-B-001"),
        )
        self.assertIn(NOT_GENUINE, unknown)
        self.assertIn(NOT_GENUINE, other_product)
        answer = "o_serial_check_answer"
        self.assertEqual(
            unknown[unknown.index(answer) :].split("</div>")[0],
            other_product[other_product.index(answer) :]
            .split("</div>")[0]
            .replace("PT-B-001", "PT-A-999"),
        )
        self.lot_b._lifecycle_apply_manual_action(
            "lost", fields.Datetime.now(), "Stolen from the van", partner=self.company_b
        )
        stolen = check(product_b, "PT-B-001")
        self.assertIn("It is reported lost or stolen.", stolen)
        self.assertNotIn("Stolen from the van", stolen)

    def test_a_label_s_digital_link_opens_the_check_of_its_serial(self):
        self.lot_a.product_id.write({"sale_ok": True, "barcode": "4006381333931"})
        page = self.url_open("/01/04006381333931/21/PT-A-001")
        self.assertIn("This is a genuine serial number of this product.", page.text)
        self.assertIn(NOT_GENUINE, self.url_open("/01/04006381333931/21/PT-B-001").text)

    def test_the_public_check_is_limited_per_address(self):
        self.lot_a.product_id.sale_ok = True
        self.env["ir.config_parameter"].set_param(
            "serial_warranty.public_checks_per_hour", 3
        )
        url = f"/serial/check?product={self.lot_a.product_id.id}&serial=PT-A-%03d"
        for number in range(3):
            self.assertNotIn("Too many checks", self.url_open(url % number).text)
        self.assertIn("Too many checks from your address", self.url_open(url % 1).text)

    def _csrf(self, url):
        return re.search(
            r'name="csrf_token" value="([^"]+)"', self.url_open(url).text
        ).group(1)

    def test_a_customer_opens_a_claim_with_a_photo_and_reads_its_decision(self):
        self.authenticate("portal_a", "portal_a")
        url = f"/my/devices/{self.lot_a.id}/claim"
        refused = self.url_open(
            url, data={"csrf_token": self._csrf(url), "symptom": "  "}
        )
        self.assertIn("Describe what is wrong with the device.", refused.text)
        self.assertFalse(
            self.env["serial.warranty.claim"].search([("lot_id", "=", self.lot_a.id)])
        )

        answer = self.url_open(
            url,
            data={"csrf_token": self._csrf(url), "symptom": "The motor stalls"},
            files={"photos": ("motor.png", PNG, "image/png")},
        )
        claim = self.env["serial.warranty.claim"].search(
            [("lot_id", "=", self.lot_a.id)]
        )
        self.assertEqual(
            (claim.state, claim.partner_id, claim.symptom),
            ("approved", self.portal_a.partner_id, "The motor stalls"),
        )
        self.assertTrue(answer.url.endswith(f"/my/claims/{claim.id}"))
        self.assertIn("Accepted:", answer.text)
        self.assertIn("PT-A-001 is covered until", answer.text)
        photo = self.env["ir.attachment"].search(
            [("res_model", "=", claim._name), ("res_id", "=", claim.id)]
        )
        self.assertEqual(photo.name, "motor.png")
        self.assertIn(claim.name, self.url_open("/my/claims").text)
        # The customer writes to the service team in the claim's chatter.
        posted = self.url_open(
            "/mail/message/post",
            data=json.dumps(
                {
                    "params": {
                        "thread_model": claim._name,
                        "thread_id": claim.id,
                        "post_data": {
                            "body": "Any news on my drill?",
                            "message_type": "comment",
                        },
                    }
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertNotIn("error", posted.json(), posted.text)
        self.assertIn("Any news on my drill?", claim.message_ids[0].body)
        self.assertEqual(claim.message_ids[0].author_id, self.portal_a.partner_id)

        # Company B's customer finds nothing of it, by page or by JSON-RPC.
        self.authenticate("portal_b", "portal_b")
        self.assertEqual(self.url_open(claim.access_url).status_code, 404)
        answer = self.url_open(
            "/mail/message/post",
            data=json.dumps(
                {
                    "params": {
                        "thread_model": claim._name,
                        "thread_id": claim.id,
                        "post_data": {"body": "Hello", "message_type": "comment"},
                    }
                }
            ),
            headers={"Content-Type": "application/json"},
        ).json()
        self.assertIn("error", answer)
        self.assertNotIn("Hello", claim.message_ids[0].body)
        self.assertNotIn(claim.name, self.url_open("/my/claims").text)
        self.assertEqual(
            self.url_open(f"/my/devices/{self.lot_a.id}/claim").status_code, 404
        )
        self.assertEqual(
            self._call("serial.warranty.claim", "search_read", [[], ["name"]])[
                "result"
            ],
            [],
        )
        self.assertRefused(
            self._call("serial.warranty.claim", "read", [claim.ids, ["name"]]),
            None,
            error=ACCESS_ERROR,
        )

    def test_a_customer_cannot_change_a_claim_nor_read_its_internal_override(self):
        claim = self.env["serial.warranty.claim"].create(
            {
                "serial_name": "PT-A-001",
                "product_id": self.lot_a.product_id.id,
                "partner_id": self.company_a.id,
            }
        )
        self.authenticate("portal_a", "portal_a")
        self.assertRefused(
            self._call(
                "serial.warranty.claim", "write", [claim.ids, {"symptom": "changed"}]
            ),
            None,
            error=ACCESS_ERROR,
        )
        self.assertRefused(
            self._call(
                "serial.warranty.claim", "read", [claim.ids, ["override_reason"]]
            ),
            None,
            error=ACCESS_ERROR,
        )
        self.assertEqual(
            self._call("serial.warranty.claim", "read", [claim.ids, ["state"]])[
                "result"
            ][0]["state"],
            "approved",
        )
