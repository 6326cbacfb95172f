from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import SerialWarrantyCase


@tagged("post_install", "-at_install")
class TestClaimInputs(SerialWarrantyCase):
    """Claims refuse bad input by name, and one serial has one open claim, also under
    concurrency."""

    def setUp(self):
        super().setUp()
        self._receive(["CI-001", "CI-002"])
        self.lot, self.other = self._lots("CI-001", "CI-002")
        self._sell(self.lot)

    def test_a_claim_date_in_the_future_or_before_the_receipt_is_refused(self):
        tomorrow = fields.Date.context_today(self.env.user) + timedelta(days=1)
        with self.assertRaisesRegex(UserError, "is in the future"):
            self._claim("CI-001", partner=self.customer, claim_date=tomorrow)
        with self.assertRaisesRegex(UserError, "is before serial CI-001 was received"):
            self._claim(
                "CI-001",
                partner=self.customer,
                claim_date=fields.Date.to_date("2001-01-01"),
            )
        self.assertFalse(self.lot.warranty_claim_ids)
        self.assertEqual(self._claim("CI-001", partner=self.customer).state, "approved")

    def test_a_serial_with_a_control_character_is_refused_by_name(self):
        with self.assertRaisesRegex(UserError, "contains control characters"):
            self.env["serial.warranty.claim"].create(
                {
                    "serial_name": "CI\x00001",
                    "product_id": self.product.id,
                    "partner_id": self.customer.id,
                }
            )

    def test_a_claim_date_or_symptom_no_form_sends_is_refused_by_value(self):
        for vals, message in (
            ({"claim_date": "abc"}, "Claim Date: 'abc' is not a date"),
            ({"claim_date": "2026-02-30"}, "Claim Date: '2026-02-30' is not a date"),
            ({"claim_date": 12345}, "Claim Date: 12345 is not a date"),
            ({"symptom": "A\x00B"}, "Symptom: 'A\\x00B' contains a NUL character"),
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError) as refusal:
                self.env["serial.warranty.claim"].create(
                    dict(
                        vals,
                        serial_name="CI-001",
                        product_id=self.product.id,
                        partner_id=self.customer.id,
                    )
                )
            self.assertIn(message, str(refusal.exception))
        self.assertFalse(self.lot.warranty_claim_ids)

    def test_a_salesperson_opens_a_claim_on_a_serial_they_sold(self):
        seller = new_test_user(
            self.env, "claim_seller", groups="sales_team.group_sale_salesman"
        )
        self.assertFalse(self.env["stock.lot"].with_user(seller).has_access("read"))
        self.lot.lifecycle_event_ids.filtered(
            lambda e: e.event_type == "delivery"
        ).picking_id.sale_id.user_id = seller
        claim = self._claim("CI-001", partner=self.customer, user=seller)
        self.assertEqual(claim.state, "approved")
        # What the claim form reads: the serial's name, not the stock behind it.
        self.assertEqual(
            claim.with_user(seller).web_read(
                {"lot_id": {"fields": {"display_name": {}}}, "warranty_end_date": {}}
            )[0]["lot_id"],
            {"id": self.lot.id, "display_name": "CI-001"},
        )
        # A serial somebody else sold is not looked up for them: as if unknown.
        self._sell(self.other)
        refused = self._claim(
            "CI-002", partner=self.customer, user=seller, product_id=self.product
        )
        self.assertEqual(refused.state, "rejected")
        self.assertFalse(refused.lot_id)

    def test_two_claims_saved_at_the_same_moment_leave_one_open(self):
        """Two users, two transactions, the same serial: the database lets one claim be
        open."""
        registry = self.env.registry
        with registry.cursor() as setup_cr:
            env = self.env(cr=setup_cr, context={"tracking_disable": True})
            template = env["product.template"].create(
                {
                    "name": "Race Pump",
                    "is_storable": True,
                    "tracking": "serial",
                    "warranty_custom_terms": True,
                    "warranty_duration": 12,
                    "warranty_unit": "months",
                }
            )
            partner = env["res.partner"].create({"name": "Race Clinic"})
            lot = env["stock.lot"].create(
                {"name": "RACE-CLAIM-1", "product_id": template.product_variant_id.id}
            )
            env["stock.lot"]._lifecycle_append(
                [
                    {
                        "lot_id": lot.id,
                        "event_type": "receipt",
                        "event_date": fields.Datetime.now() - timedelta(days=2),
                    },
                    {
                        "lot_id": lot.id,
                        "event_type": "delivery",
                        "partner_id": partner.id,
                        "event_date": fields.Datetime.now() - timedelta(days=1),
                    },
                ]
            )
            ids = (template.id, template.product_variant_id.id, partner.id, lot.id)
        template_id, product_id, partner_id, lot_id = ids
        vals = {
            "serial_name": "RACE-CLAIM-1",
            "product_id": product_id,
            "partner_id": partner_id,
        }
        try:
            with registry.cursor() as cr_a, registry.cursor() as cr_b:
                env_a = self.env(cr=cr_a, context={"tracking_disable": True})
                env_b = self.env(cr=cr_b, context={"tracking_disable": True})
                # Both take their snapshot before either saves.
                env_a["serial.warranty.claim"].search_count([])
                env_b["serial.warranty.claim"].search_count([])
                first = env_a["serial.warranty.claim"].create(vals)
                self.assertEqual(first.state, "approved")
                cr_a.commit()
                with (
                    self.assertRaisesRegex(
                        UserError,
                        "Serial RACE-CLAIM-1 already has an open claim, saved by "
                        "another user a moment ago",
                    ),
                    mute_logger("odoo.sql_db"),
                ):
                    env_b["serial.warranty.claim"].create(vals)
                cr_b.rollback()
                cr_b.execute(
                    "SELECT state FROM serial_warranty_claim WHERE lot_id = %s",
                    (lot_id,),
                )
                self.assertEqual(cr_b.fetchall(), [("approved",)], "one claim, open")
        finally:
            with registry.cursor() as cleanup_cr:
                cleanup_cr.execute(
                    "DELETE FROM serial_warranty_claim WHERE lot_id = %s", (lot_id,)
                )
                cleanup_cr.execute(
                    "DELETE FROM stock_lot_lifecycle_event WHERE lot_id = %s", (lot_id,)
                )
                cleanup_cr.execute("DELETE FROM stock_lot WHERE id = %s", (lot_id,))
                cleanup_cr.execute(
                    "DELETE FROM product_product WHERE id = %s", (product_id,)
                )
                cleanup_cr.execute(
                    "DELETE FROM product_template WHERE id = %s", (template_id,)
                )
                cleanup_cr.execute(
                    "DELETE FROM res_partner WHERE id = %s", (partner_id,)
                )
