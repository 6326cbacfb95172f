"""OCA's RMA (rma, rma_lot) on our serials, run to the end.

An RMA is confirmed (its receipt is created by OCA's rule), received and
validated; what a user sees is checked: the RMA's state, the refusal naming
the serial, the serial's state and its ledger.
"""

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.serial_warranty.tests.common import SerialWarrantyCase


@tagged("post_install", "-at_install")
class TestRmaSerials(SerialWarrantyCase):
    def setUp(self):
        super().setUp()
        self._receive(["RMA-001", "RMA-002", "RMA-003"])
        self.lot, self.second, self.in_stock = self._lots(
            "RMA-001", "RMA-002", "RMA-003"
        )
        self.delivery = self._sell(self.lot | self.second)

    def _rma(self, lot, partner=None):
        return self.env["rma"].create(
            {
                "partner_id": (partner or self.customer).id,
                "product_id": lot.product_id.id,
                "lot_id": lot.id,
                "product_uom_qty": 1,
                "operation_id": self.env.ref("rma.rma_operation_return").id,
            }
        )

    def _receive_rma(self, rma):
        """Validate the RMA's receipt as the warehouse does; return it."""
        receipt = rma.reception_move_id.picking_id
        self.assertTrue(receipt, "confirming the RMA should create its receipt")
        return self._validate(receipt)

    def assertConfirmRefused(self, rma, text):
        with self.assertRaises(UserError) as refusal:
            with self.env.cr.savepoint():
                rma.action_confirm()
        self.assertIn(text, str(refusal.exception))
        self.env.invalidate_all()
        self.assertEqual(rma.state, "draft")
        self.assertFalse(rma.reception_move_id)

    # -- the flow --------------------------------------------------------

    def test_rma_confirmed_received_and_recorded_as_customer_return(self):
        rma = self._rma(self.second)
        rma.action_confirm()
        self.assertEqual(rma.state, "confirmed")
        # Linked to the delivery that shipped the serial: its receipt is a
        # return of it, with that serial reserved.
        self.assertEqual(rma.move_id, self.delivery.move_ids)
        receipt = rma.reception_move_id.picking_id
        self.assertEqual(receipt.move_line_ids.lot_id, self.second)

        self._receive_rma(rma)
        self.assertEqual(rma.state, "received")
        self.assertEqual(self.second.lifecycle_state, "returned")
        self.assertEqual(self.lot.lifecycle_state, "shipped")
        event = self._events(self.second)[-1]
        self.assertEqual(event.event_type, "customer_return")
        self.assertEqual(event.picking_id, receipt)
        self.assertEqual(event.partner_id, self.customer)

    def test_receipt_takes_only_the_serial_of_the_rma(self):
        rma = self._rma(self.second)
        rma.action_confirm()
        receipt = rma.reception_move_id.picking_id
        receipt.move_line_ids.lot_id = self.lot
        receipt.move_ids.picked = True
        with self.assertRaisesRegex(UserError, "RMA-001 was not chosen to come back"):
            receipt.button_validate()
        self.assertEqual(self.lot.lifecycle_state, "shipped")

    # -- refused RMAs ----------------------------------------------------

    def test_refused_when_not_shipped_to_that_customer(self):
        rma = self._rma(self.second, partner=self.other_customer)
        self.assertConfirmRefused(
            rma,
            f"RMA-002 was not shipped to Customer Bob on {self.delivery.name}",
        )

    def test_refused_when_never_delivered(self):
        self.assertConfirmRefused(
            self._rma(self.in_stock), "RMA-003 was never delivered to a customer"
        )

    def test_refused_when_back_already_or_on_another_rma(self):
        first = self._rma(self.second)
        first.action_confirm()
        self.assertConfirmRefused(
            self._rma(self.second),
            f"RMA-002 is already on return {first.reception_move_id.picking_id.name}, "
            "not validated yet",
        )
        self._receive_rma(first)
        self.assertConfirmRefused(
            self._rma(self.second), "RMA-002 has already come back from Customer Ada"
        )

    def test_refused_when_lost_or_stolen(self):
        self.second._lifecycle_apply_manual_action(
            "lost", fields.Datetime.now(), "Stolen", partner=self.customer
        )
        self.assertConfirmRefused(
            self._rma(self.second), "RMA-002 is reported lost or stolen"
        )

    def test_return_window_and_warranty(self):
        self.category.write({"warranty_duration": 0, "warranty_return_days": 30})
        with freeze_time("2024-01-01 10:00"):
            self._receive(["RMA-101", "RMA-102"])
            early, late = self._lots("RMA-101", "RMA-102")
            self._sell(early | late)
        with freeze_time("2024-01-31 10:00"):
            rma = self._rma(early)
            rma.action_confirm()
            self._receive_rma(rma)
            self.assertEqual(early.lifecycle_state, "returned")
        with freeze_time("2024-02-01 10:00"):
            self.assertConfirmRefused(
                self._rma(late),
                "RMA-102 is past its 30-day return window and not under warranty",
            )
        # Under warranty, an RMA past the window is accepted.
        self.category.warranty_duration = 12
        with freeze_time("2024-02-01 10:00"):
            self.env["stock.lot"]._warranty_recompute(late)
            rma = self._rma(late)
            rma.action_confirm()
            self._receive_rma(rma)
        self.assertEqual(late.lifecycle_state, "returned")

    def test_one_serial_per_rma(self):
        rma = self._rma(self.second)
        rma.product_uom_qty = 2
        self.assertConfirmRefused(
            rma, "an RMA takes back one serial (RMA-002), not a quantity of 2.0"
        )

    def test_an_rma_of_a_serial_product_names_its_serial(self):
        rma = self.env["rma"].create(
            {
                "partner_id": self.customer.id,
                "product_id": self.product.id,
                "product_uom_qty": 1,
                "operation_id": self.env.ref("rma.rma_operation_return").id,
            }
        )
        self.assertConfirmRefused(rma, "choose the serial of Tracked Phone coming back")

    # -- from a warranty claim -------------------------------------------

    def test_claim_creates_an_rma_instead_of_a_plain_return(self):
        claim = self._claim("RMA-002", partner=self.customer, symptom="No power")
        self.assertEqual(claim.state, "approved")
        claim.action_create_rma()
        self.assertEqual(claim.state, "in_repair")
        rma = claim.rma_ids
        self.assertEqual(len(rma), 1)
        self.assertEqual(rma.state, "confirmed")
        self.assertEqual(rma.lot_id, self.second)
        self.assertEqual(rma.partner_id, self.customer)
        self.assertEqual(rma.origin, claim.name)
        self.assertFalse(claim.return_picking_id, "no plain return besides the RMA")
        self._receive_rma(rma)
        self.assertEqual(rma.state, "received")
        self.assertEqual(self._events(self.second)[-1].event_type, "customer_return")

    def test_an_overridden_claim_forces_its_rma(self):
        """A claim rejected (void warranty, no return window) and approved by
        a manager's override: its RMA takes the serial back, as its plain
        return would, under that manager's authority."""
        self.category.warranty_return_days = 0
        self.second.with_user(self.manager)._warranty_void("Dropped in water")
        claim = self._claim("RMA-002", partner=self.customer, symptom="No power")
        self.assertEqual(claim.state, "rejected")
        # An RMA of its own is refused, for the reason the claim was.
        self.assertConfirmRefused(
            self._rma(self.second), "RMA-002 is not under warranty"
        )
        claim.with_user(self.manager)._override("Goodwill: a customer of ten years")
        claim.action_create_rma()
        rma = claim.rma_ids
        self.assertEqual(rma.state, "confirmed")
        receipt = rma.reception_move_id.picking_id
        event = self._events(self.second)[-1]
        self.assertEqual(
            (event.event_type, event.note, event.picking_id, event.user_id),
            (
                "return_forced",
                "Goodwill: a customer of ten years",
                receipt,
                self.manager,
            ),
        )
        self._receive_rma(rma)
        self.assertEqual(self.second.lifecycle_state, "returned")
        self.assertEqual(
            self._events(self.second).mapped("event_type")[-2:],
            ["return_forced", "customer_return"],
        )

    def test_a_rejected_claim_creates_no_rma(self):
        self.second._lifecycle_apply_manual_action(
            "lost", fields.Datetime.now(), "Stolen", partner=self.customer
        )
        claim = self._claim("RMA-002", partner=self.customer, symptom="No power")
        self.assertEqual(claim.state, "rejected")
        with self.assertRaises(UserError):
            claim.action_create_rma()
        self.assertFalse(claim.rma_ids)

    def test_the_claim_of_an_rma_is_set_by_the_claim_only(self):
        claim = self._claim("RMA-002", partner=self.customer, symptom="No power")
        rma = self._rma(self.second)
        with self.assertRaisesRegex(UserError, "by the claim's Create RMA"):
            rma.write({"warranty_claim_id": claim.id})
        self.assertFalse(claim.rma_ids)


@tagged("post_install", "-at_install")
class TestPlainReturnsWithRmaLot(SerialWarrantyCase):
    """A plain return (Odoo's return wizard) where rma_lot is installed: its
    stock_picking_return_lot lists one line per serial shipped; the serials
    that come back are checked as serial_warranty checks them."""

    def setUp(self):
        super().setUp()
        self._receive(["RET-001", "RET-002", "RET-003"])
        self.lot, self.second, self.third = self._lots("RET-001", "RET-002", "RET-003")
        self.delivery = self._sell(self.lot | self.second)

    def _wizard(self, delivery):
        return (
            self.env["stock.return.picking"]
            .with_context(active_id=delivery.id, active_model="stock.picking")
            .create({})
        )

    def test_the_lines_kept_are_the_serials_that_come_back(self):
        wizard = self._wizard(self.delivery)
        self.assertEqual(wizard.product_return_moves.lot_id, self.lot | self.second)
        wizard.product_return_moves.filtered(
            lambda line: line.lot_id == self.lot
        ).quantity = 0
        action = wizard.action_create_returns()
        return_picking = self.env["stock.picking"].browse(action["res_id"])
        self.assertEqual(return_picking.move_line_ids.lot_id, self.second)
        self._validate(return_picking)
        self.assertEqual(self.second.lifecycle_state, "returned")
        self.assertEqual(self.lot.lifecycle_state, "shipped")
        self.assertEqual(self._events(self.second)[-1].event_type, "customer_return")

    def test_every_serial_kept_comes_back(self):
        wizard = self._wizard(self.delivery)
        action = wizard.action_create_returns()
        return_picking = self.env["stock.picking"].browse(action["res_id"])
        self.assertEqual(return_picking.move_line_ids.lot_id, self.lot | self.second)
        self._validate(return_picking)
        self.assertEqual(
            (self.lot | self.second).mapped("lifecycle_state"), ["returned"] * 2
        )

    def test_a_serial_not_shipped_is_refused_by_name(self):
        wizard = self._wizard(self.delivery)
        line = wizard.product_return_moves[:1]
        line.write({"lot_ids": [Command.set(self.third.ids)], "quantity": 1})
        with self.assertRaisesRegex(
            UserError,
            f"RET-003 was not shipped to Customer Ada on {self.delivery.name}",
        ):
            wizard.action_create_returns()

    def test_a_serial_already_back_is_refused(self):
        wizard = self._wizard(self.delivery)
        wizard.product_return_moves.filtered(
            lambda line: line.lot_id == self.lot
        ).quantity = 0
        self._validate(
            self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        )
        wizard = self._wizard(self.delivery)
        # OCA's wizard no longer lists it; chosen anyway, it is refused.
        self.assertEqual(wizard.product_return_moves.lot_id, self.lot)
        line = wizard.product_return_moves
        line.write({"lot_ids": [Command.set(self.second.ids)], "quantity": 1})
        with self.assertRaisesRegex(
            UserError, "RET-002 has already come back from Customer Ada"
        ):
            wizard.action_create_returns()
