import re
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import format_date

from .common import SerialWarrantyCase, ShippedSerialsMixin


@tagged("post_install", "-at_install")
class TestWarrantyClaims(SerialWarrantyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_product = cls.env["product.product"].create(
            {
                "name": "Tracked Tablet",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": cls.category.id,
            }
        )

    def setUp(self):
        super().setUp()
        self._receive(["WC-001", "WC-002", "WC-003"])
        self.lot, self.spare, self.unsold = self._lots("WC-001", "WC-002", "WC-003")
        self.delivery = self._sell(self.lot)

    def _assert_decision(self, claim, state, reason, text):
        self.assertEqual(claim.state, state)
        self.assertEqual(claim.decision_reason, reason)
        self.assertIn(text, claim.decision_note)

    def test_a_covered_serial_is_approved_from_the_scan(self):
        claim = self._claim(" WC-001 ", symptom="No power")
        # The scan filled product and customer.
        self.assertEqual(
            (claim.product_id, claim.partner_id, claim.lot_id),
            (self.product, self.customer, self.lot),
        )
        self._assert_decision(
            claim,
            "approved",
            "eligible",
            "WC-001 is covered until "
            f"{format_date(self.env, self.lot.warranty_end_date)}",
        )
        self.assertTrue(claim.name.startswith("WC/"))
        self.assertEqual(self.lot.warranty_claim_count, 1)
        self.assertEqual(self.customer.warranty_claim_count, 1)

    def test_unknown_serial(self):
        claim = self._claim("NO-SUCH-1", partner=self.customer, product_id=self.product)
        self._assert_decision(
            claim,
            "rejected",
            "unknown_serial",
            "NO-SUCH-1 is not a known serial number",
        )
        self.assertFalse(claim.lot_id)

    def test_serial_of_another_product(self):
        claim = self._claim(
            "WC-001", partner=self.customer, product_id=self.other_product
        )
        self._assert_decision(
            claim,
            "rejected",
            "wrong_product",
            "WC-001 is not a serial of Tracked Tablet",
        )

    def test_not_shipped_to_this_customer(self):
        claim = self._claim("WC-001", partner=self.other_customer)
        self._assert_decision(
            claim,
            "rejected",
            "wrong_customer",
            "WC-001 was not shipped to Customer Bob",
        )

    def test_a_contact_of_the_customer_may_claim(self):
        contact = self.env["res.partner"].create(
            {"name": "Ada's buyer", "parent_id": self.customer.id}
        )
        claim = self._claim("WC-001", partner=contact)
        self.assertEqual(claim.state, "approved")

    def test_warranty_passes_to_a_new_owner_only_when_transferable(self):
        self._install(self.lot, partner=self.other_customer)
        claim = self._claim("WC-001", partner=self.other_customer)
        self.assertEqual(claim.decision_reason, "wrong_customer")
        claim.action_close()
        self.category.warranty_transferable = True
        claim = self._claim("WC-001", partner=self.other_customer)
        self.assertEqual(claim.state, "approved")

    def test_never_sold(self):
        claim = self._claim("WC-003", partner=self.customer)
        self.assertEqual(claim.state, "rejected")
        self.assertEqual(claim.decision_reason, "wrong_customer")
        self.assertIn("WC-003 was not shipped to Customer Ada", claim.decision_note)
        self.assertIn("the coverage of WC-003 has not started", claim.decision_note)

    def test_coverage_expired_on_the_claim_date(self):
        day_after = self.lot.warranty_end_date + timedelta(days=1)
        # A claim cannot be dated in the future: the day after the coverage is today.
        with freeze_time(day_after + timedelta(days=1)):
            claim = self._claim("WC-001", claim_date=day_after)
            self._assert_decision(
                claim,
                "rejected",
                "expired",
                f"ended on {format_date(self.env, self.lot.warranty_end_date)}",
            )
            claim = self._claim("WC-001", claim_date=self.lot.warranty_end_date)
            self.assertEqual(claim.state, "approved", "the last day is covered")

    def test_voided_warranty(self):
        self.lot.with_user(self.manager)._warranty_void("Opened by the customer")
        claim = self._claim("WC-001")
        self._assert_decision(
            claim, "rejected", "void", "voided: Opened by the customer"
        )

    def test_lost_or_stolen(self):
        self.lot._lifecycle_apply_manual_action(
            "lost", fields.Datetime.now(), "Stolen", partner=self.customer
        )
        claim = self._claim("WC-001", partner=self.customer)
        self._assert_decision(
            claim, "rejected", "lost", "WC-001 is reported lost or stolen"
        )

    def test_one_open_claim_per_serial(self):
        first = self._claim("WC-001")
        second = self._claim("WC-001")
        self._assert_decision(
            second,
            "rejected",
            "open_claim",
            f"already has an open claim: {first.name}",
        )
        first.action_close()
        second.action_check_again()
        self.assertEqual(second.state, "approved")

    def test_manager_override_is_logged(self):
        claim = self._claim("WC-001", partner=self.other_customer)
        self.assertEqual(claim.state, "rejected")
        with self.assertRaises(AccessError):
            claim.with_user(self.stock_user)._override("Good customer")
        action = claim.with_user(self.manager).action_open_override_wizard()
        form = Form(
            self.env[action["res_model"]]
            .with_user(self.manager)
            .with_context(**action["context"])
        )
        self.assertIn("was not shipped to Customer Bob", form.decision_note)
        form.reason = "Bought second hand from Ada, receipt seen"
        form.save().action_confirm()
        self.assertEqual(claim.state, "approved")
        self.assertEqual(
            claim.override_reason, "Bought second hand from Ada, receipt seen"
        )
        self.assertEqual(claim.overridden_by_id, self.manager)
        self.assertEqual(
            claim.decision_reason, "wrong_customer", "the original reason is kept"
        )
        logged = claim.message_ids.filtered(
            lambda message: "overridden" in (message.body or "")
        )
        self.assertTrue(logged)
        self.assertIn("receipt seen", logged[0].body)
        with self.assertRaisesRegex(UserError, "Only rejected claims"):
            claim.with_user(self.manager)._override("again")

    def test_return_and_repair_in_one_click(self):
        claim = self._claim("WC-001", symptom="Screen flickers")
        action = claim.action_create_return_and_repair()
        self.assertEqual(claim.state, "in_repair")
        return_picking, repair = claim.return_picking_id, claim.repair_id
        self.assertEqual(action["res_id"], repair.id)
        self.assertEqual(return_picking.move_line_ids.lot_id, self.lot)
        self.assertEqual(return_picking.return_id, self.delivery)
        self.assertTrue(
            repair.under_warranty, "a covered serial is repaired under warranty"
        )
        self.assertEqual((repair.lot_id, repair.partner_id), (self.lot, self.customer))
        self._validate(return_picking)
        self.assertEqual(self.lot.lifecycle_state, "returned")
        repair.action_validate()
        repair.action_repair_start()
        self.assertEqual(self.lot.lifecycle_state, "in_repair")
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")
        # The repair gives back the state the serial had before it: returned.
        self.assertEqual(self.lot.lifecycle_state, "returned")
        self.assertEqual(
            [event.event_type for event in self._events(self.lot)][-3:],
            ["repair_start", "internal", "repair_done"],
        )
        self.assertEqual(claim.state, "closed")

    def _overridden_claim(self, reason="Goodwill: a customer of ten years"):
        """A claim on WC-001, rejected (its warranty is void, no return window)
        and approved by a manager's override."""
        self.category.warranty_return_days = 0
        self.lot.with_user(self.manager)._warranty_void("Dropped in water")
        claim = self._claim("WC-001", symptom="Does not start")
        self.assertEqual(claim.state, "rejected")
        claim.with_user(self.manager)._override(reason)
        self.assertEqual(claim.state, "approved")
        return claim

    def test_an_overridden_claim_creates_its_return_and_repair(self):
        claim = self._overridden_claim()
        # The return checks alone refuse the serial...
        with self.assertRaisesRegex(UserError, "WC-001 is not under warranty"):
            self._create_return(self.delivery, self.lot, user=self.stock_user)
        # ...but the claim's action takes it back, run by a user who is no manager.
        claim.with_user(self.stock_user).action_create_return_and_repair()
        self.assertEqual(claim.state, "in_repair")
        return_picking, repair = claim.return_picking_id, claim.repair_id
        self.assertEqual(return_picking.move_line_ids.lot_id, self.lot)
        event = self._events(self.lot)[-1]
        self.assertEqual(
            (
                event.event_type,
                event.note,
                event.picking_id,
                event.user_id,
                event.document_ref,
            ),
            (
                "return_forced",
                "Goodwill: a customer of ten years",
                return_picking,
                self.manager,
                claim,
            ),
            "the override is the forced return's reason, under the "
            "overriding manager's authority",
        )
        self.assertTrue(repair.under_warranty, "the manager agreed to cover the repair")
        self._validate(return_picking.with_user(self.stock_user))
        self.assertEqual(self.lot.lifecycle_state, "returned")
        self.assertEqual(
            [event.event_type for event in self._events(self.lot)][-2:],
            ["return_forced", "customer_return"],
        )

    def test_overrides_cover_parts_is_a_company_setting(self):
        settings = self.env["res.config.settings"].create({})
        self.assertTrue(settings.serial_warranty_override_covers_parts, "on by default")
        settings.serial_warranty_override_covers_parts = False
        settings.execute()
        self.assertFalse(self.env.company.serial_warranty_override_covers_parts)
        claim = self._overridden_claim()
        claim.action_create_return_and_repair()
        self.assertFalse(
            claim.repair_id.under_warranty,
            "the serial is not covered: parts are charged",
        )
        self.assertEqual(self._events(self.lot)[-1].event_type, "return_forced")

    def test_an_override_forces_nothing_once_its_manager_is_no_manager(self):
        claim = self._overridden_claim()
        self.manager.groups_id = [
            (3, self.env.ref("stock.group_stock_manager").id),
            (3, self.env.ref("serial_lifecycle.group_serial_lifecycle_manager").id),
        ]
        with self.assertRaisesRegex(
            UserError,
            re.escape(
                f"{self.manager.name}, who overrode {claim.name}, is no "
                "longer a Serial Lifecycle "
                "manager"
            ),
        ):
            claim.with_user(self.stock_user).action_create_return_and_repair()
        self.assertEqual(claim.state, "approved")
        self.assertFalse(self.delivery.return_ids)

    def test_repair_of_a_voided_serial_is_charged(self):
        self.lot.with_user(self.manager)._warranty_void("Misuse")
        repair = self.env["repair.order"].create(
            {
                "product_id": self.product.id,
                "lot_id": self.lot.id,
                "partner_id": self.customer.id,
            }
        )
        self.assertFalse(repair.under_warranty)

    def test_replacement_continues_the_coverage(self):
        claim = self._claim("WC-001")
        action = claim.action_open_replace_wizard()
        form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        form.replacement_lot_id = self.spare
        form.save().action_confirm()
        self.assertEqual(
            (claim.state, claim.replacement_lot_id), ("replaced", self.spare)
        )
        self.assertEqual(self.spare.warranty_continued_from_id, self.lot)
        self.assertEqual(self.spare.warranty_start_date, self.lot.warranty_start_date)
        self.assertEqual(self.spare.warranty_end_date, self.lot.warranty_end_date)
        self.assertEqual(self._events(self.lot)[-1].event_type, "warranty_replaced")
        # The exchange unit ships to the customer, who can claim on it.
        self._sell(self.spare)
        self.assertEqual(self.spare.warranty_end_date, self.lot.warranty_end_date)
        self.assertEqual(self._claim("WC-002").state, "approved")

    def test_replacement_restarts_the_coverage(self):
        self.category.warranty_replacement_policy = "restart"
        claim = self._claim("WC-001")
        claim._replace(self.spare)
        self.assertEqual(self.spare.warranty_state, "none", "not shipped yet")
        self._sell(self.spare)
        self.assertEqual(
            self.spare.warranty_start_date, fields.Date.context_today(self.spare)
        )

    def test_replacement_must_be_a_free_unit_of_the_product(self):
        claim = self._claim("WC-001")
        with self.assertRaisesRegex(UserError, "WC-001 cannot replace WC-001"):
            claim._replace(self.lot)
        self._sell(self.spare, partner=self.other_customer)
        with self.assertRaisesRegex(UserError, "WC-002 is not a free unit in stock"):
            claim._replace(self.spare)

    def test_claim_for_a_customer_created_in_the_same_transaction_checks_them(
        self,
    ):
        """The ledger is read in SQL: a new customer's commercial partner must be
        written first."""
        lots, delivery = ShippedSerialsMixin._shipped_serials(
            self, ["WC-NEW-1"], "Tracked Lamp", "Customer Just Now"
        )
        claim = self.env["serial.warranty.claim"].create(
            {
                "serial_name": "WC-NEW-1",
                "product_id": lots.product_id.id,
                "partner_id": delivery.partner_id.id,
            }
        )
        self._assert_decision(
            claim, "approved", "eligible", "WC-NEW-1 is covered until"
        )


@tagged("post_install", "-at_install")
class TestClaimComponents(SerialWarrantyCase):
    """A claim on a unit lists the serials inside it, each with its own coverage."""

    def test_a_claim_shows_the_components_of_the_unit_and_their_coverage(self):
        battery = self.env["product.product"].create(
            {
                "name": "Claim Battery",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": self.category.id,
            }
        )
        self._receive(["CC-001"])
        self._receive(["CB-001"], product=battery)
        unit = self._lots("CC-001")
        cell = self._lots("CB-001", product=battery)
        self.env["stock.lot"]._component_install(
            [
                {
                    "parent_lot_id": unit.id,
                    "component_lot_id": cell.id,
                    "reference": "ASM-3",
                }
            ]
        )
        self._sell(unit)
        claim = self._claim("CC-001", symptom="Battery drains in an hour")
        self.assertEqual(claim.state, "approved")
        self.assertEqual(claim.component_lot_ids, cell)
        self.assertEqual(claim.component_lot_ids.parent_lot_id, unit)
        self.assertEqual(claim.component_lot_ids.warranty_state, cell.warranty_state)
        arch = self.env["serial.warranty.claim"].get_view(view_type="form")["arch"]
        self.assertIn('name="component_lot_ids"', arch)

    def _battery(self):
        return self.env["product.product"].create(
            {
                "name": "Own Terms Battery",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": self.category.id,
            }
        )

    def test_a_component_shipped_inside_its_unit_is_covered_and_claimed_on_its_own(
        self,
    ):
        battery = self._battery()
        self._receive(["CC-101"])
        self._receive(["CB-101"], product=battery)
        unit, cell = self._lots("CC-101"), self._lots("CB-101", product=battery)
        self.env["stock.lot"]._component_install(
            [{"parent_lot_id": unit.id, "component_lot_id": cell.id}]
        )
        self.assertFalse(cell.warranty_start_date)
        self._sell(unit)
        self.assertEqual(cell.warranty_start_date, unit.warranty_start_date)
        self.assertEqual(cell.warranty_state, "active")
        claim = self._claim(
            "CB-101", partner=self.customer, product_id=battery, symptom="Swollen"
        )
        self.assertEqual(
            (claim.lot_id, claim.state, claim.decision_reason),
            (cell, "approved", "eligible"),
        )

    def test_a_part_fitted_at_the_customer_is_covered_from_that_day(self):
        battery = self._battery()
        self._receive(["CC-201"])
        self._receive(["CB-201", "CB-202"], product=battery)
        unit = self._lots("CC-201")
        old, new = self._lots("CB-201", "CB-202", product=battery)
        Lot = self.env["stock.lot"]
        with freeze_time(fields.Datetime.now() - timedelta(days=200)):
            Lot._component_install(
                [{"parent_lot_id": unit.id, "component_lot_id": old.id}]
            )
            self._sell(unit)
        self.assertEqual(old.warranty_start_date, unit.warranty_start_date)
        Lot._component_remove([{"component_lot_id": old.id, "reference": "VISIT-1"}])
        Lot._component_install(
            [
                {
                    "parent_lot_id": unit.id,
                    "component_lot_id": new.id,
                    "reference": "VISIT-1",
                }
            ]
        )
        fitted = new.lifecycle_event_ids.filtered(
            lambda e: e.event_type == "component_installed"
        )
        self.assertEqual(fitted.partner_id, self.customer)
        self.assertEqual(new.warranty_start_date, fields.Date.today())
        self.assertEqual(new.warranty_state, "active")
        # The old part keeps the coverage it had from the unit's delivery.
        self.assertEqual(old.warranty_start_date, unit.warranty_start_date)
        claim = self._claim(
            "CB-202", partner=self.customer, product_id=battery, symptom="No charge"
        )
        self.assertEqual(claim.state, "approved")
