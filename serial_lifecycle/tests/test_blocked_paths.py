"""Issue 9: no blocked serial leaves by any path, and no path puts a serial
in stock twice or changes it behind the ledger's back.

Each test runs a real flow to its validation (button_validate,
action_apply_inventory, action_validate) and checks what a user sees: the
state, the refusal's text naming the serial, where the unit is.
"""

import re
from contextlib import contextmanager

import psycopg2

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import SerialLifecycleCase

BLOCKED = ("quarantined", "lost", "scrapped", "consumed")


@tagged("post_install", "-at_install")
class TestBlockedPaths(SerialLifecycleCase):
    def setUp(self):
        super().setUp()
        self._receive(["BP-001", "BP-002"])
        self.lot, self.other = self._lots("BP-001", "BP-002")

    # -- helpers ---------------------------------------------------------

    @contextmanager
    def _refused(self, regex, exception=UserError):
        """The block must raise ``exception`` matching ``regex``; what it wrote is
        undone."""
        with self.assertRaisesRegex(exception, regex) as refusal:
            with self.env.cr.savepoint():
                yield refusal
        self.env.invalidate_all()

    def _quarantine(self, lot):
        lot._lifecycle_apply_manual_action(
            "quarantine", fields.Datetime.now(), "Casing cracked"
        )
        self.assertEqual(lot.lifecycle_state, "quarantined")

    def _report_lost(self, lot):
        lot._lifecycle_apply_manual_action(
            "lost", fields.Datetime.now(), "Not on its shelf"
        )
        self.assertEqual(lot.lifecycle_state, "lost")

    def _count(self, lot, location, quantity):
        """An inventory adjustment: count ``quantity`` of ``lot`` at ``location`` and
        apply it."""
        quant = (
            self.env["stock.quant"]
            .with_context(inventory_mode=True)
            .create(
                {
                    "product_id": lot.product_id.id,
                    "lot_id": lot.id,
                    "location_id": location.id,
                    "inventory_quantity": quantity,
                }
            )
        )
        result = quant.action_apply_inventory()
        self.assertNotIsInstance(
            result, dict, f"the adjustment should apply without a wizard: {result}"
        )
        return quant

    def _set_serials(self, picking, lots):
        """Put ``lots`` on the lines Odoo made for the picking (or make them)."""
        lines = picking.move_line_ids
        if len(lines) == len(lots):
            for line, lot in zip(lines, lots, strict=False):
                line.write({"lot_id": lot.id, "quantity": 1})
        else:
            lines.unlink()
            self._pick_serials(picking, lots)

    def _stock(self, lot):
        """{location: quantity} of the quants of ``lot`` holding something, read from
        the database."""
        self.env.invalidate_all()
        quants = self.env["stock.quant"].search(
            [("lot_id", "=", lot.id), ("quantity", "!=", 0)]
        )
        return {
            quant.location_id: quant.quantity
            for quant in quants
            if quant.location_id.usage in ("internal", "transit")
        }

    def assertLedgerAgrees(self, lot, state):
        self.env.invalidate_all()
        latest = self.env["stock.lot.lifecycle.event"].search(
            [("lot_id", "=", lot.id)], order="id desc", limit=1
        )
        self.assertEqual(lot.lifecycle_state, state, lot.name)
        self.assertEqual(
            latest.state_after,
            state,
            f"{lot.name}: the state is not its latest event's",
        )

    def assertDeliveryRefused(self, lot, state_label):
        """``lot`` chosen by hand on a delivery is refused at once, by name."""
        stock_before = self._stock(lot)
        delivery = self._create_picking(self.warehouse.out_type_id, self.customer)
        # Chosen by hand on the detailed operations, where the unit is.
        with self._refused(
            rf"{re.escape(lot.name)} \(Tracked Phone\) is {state_label}"
        ) as refusal:
            self.env["stock.move.line"].create(
                {
                    "move_id": delivery.move_ids.id,
                    "picking_id": delivery.id,
                    "product_id": lot.product_id.id,
                    "lot_id": lot.id,
                    "quantity": 1,
                    "location_id": next(iter(stock_before), delivery.location_id).id,
                    "location_dest_id": delivery.location_dest_id.id,
                }
            )
        self.assertIn(delivery.name, str(refusal.exception))
        self.assertFalse(delivery.move_line_ids)
        self.assertNotEqual(delivery.state, "done")
        self.assertEqual(self._stock(lot), stock_before, "nothing moved")
        return delivery

    # -- blocked serials coming back stay blocked -------------------------

    def test_scrapped_serial_moved_back_from_scrap_is_quarantined_not_delivered(
        self,
    ):
        scrap = self.env["stock.scrap"].create(
            {
                "product_id": self.product.id,
                "lot_id": self.lot.id,
                "scrap_qty": 1,
                "location_id": self.stock_location.id,
            }
        )
        scrap.action_validate()
        self.assertEqual(scrap.state, "done")
        self.assertLedgerAgrees(self.lot, "scrapped")
        self.assertEqual(self._stock(self.lot), {})

        back = self._create_picking(
            self.warehouse.int_type_id,
            self.vendor,
            quantity=1,
            source=scrap.scrap_location_id,
            destination=self.stock_location,
        )
        self._set_serials(back, self.lot)
        self._validate(back)
        self.assertLedgerAgrees(self.lot, "quarantined")
        self.assertEqual(self._stock(self.lot), {self.stock_location: 1})

        self.assertDeliveryRefused(self.lot, "Quarantined")
        self.assertLedgerAgrees(self.lot, "quarantined")
        self.assertEqual(self._stock(self.lot), {self.stock_location: 1})

    def test_quarantined_serial_counted_out_and_in_again_stays_blocked(self):
        self._quarantine(self.lot)
        self._count(self.lot, self.stock_location, 0)
        self.assertIn(self.lot.lifecycle_state, BLOCKED)
        self.assertEqual(self._stock(self.lot), {})
        self._count(self.lot, self.stock_location, 1)
        self.assertLedgerAgrees(self.lot, "quarantined")
        self.assertEqual(self._events(self.lot)[-1].event_type, "inventory_gain")
        self.assertEqual(self._stock(self.lot), {self.stock_location: 1})

        self.assertDeliveryRefused(self.lot, "Quarantined")
        self.assertLedgerAgrees(self.lot, "quarantined")
        # Nor does Odoo reserve it for a delivery: the other unit is taken.
        delivery = self._deliver(2)
        self.assertEqual(delivery.move_line_ids.lot_id, self.other)

    def test_lost_serial_counted_out_and_in_again_stays_blocked(self):
        self._report_lost(self.lot)
        self._count(self.lot, self.stock_location, 0)
        self.assertLedgerAgrees(self.lot, "lost")
        self.assertEqual(self._stock(self.lot), {})
        # Found on another shelf at the next count.
        self._count(self.lot, self.shelf, 1)
        self.assertLedgerAgrees(self.lot, "quarantined")
        self.assertEqual(self._stock(self.lot), {self.shelf: 1})

        self.assertDeliveryRefused(self.lot, "Quarantined")
        self.assertLedgerAgrees(self.lot, "quarantined")

    def test_blocked_serial_returned_by_the_customer_is_quarantined(self):
        delivery = self._validate(self._deliver(lots=self.lot))
        self.assertLedgerAgrees(self.lot, "shipped")
        # Reported stolen at the customer, then the unit turns up and is sent back.
        self._report_lost(self.lot)
        self._return(delivery, self.lot)
        self.assertLedgerAgrees(self.lot, "quarantined")
        self.assertEqual(self._stock(self.lot), {self.stock_location: 1})
        self.assertDeliveryRefused(self.lot, "Quarantined")

    # -- one unit, one place ---------------------------------------------

    def test_inventory_gain_of_a_serial_already_in_stock_elsewhere_is_refused(self):
        events_before = self._events(self.lot)
        self.assertEqual(self._stock(self.lot), {self.stock_location: 1})
        message = (
            rf"{re.escape(self.lot.name)} would be in "
            rf"{re.escape(self.stock_location.complete_name)} and "
            rf"{re.escape(self.shelf.complete_name)}"
        )
        with self._refused(message):
            self._count(self.lot, self.shelf, 1)
        self.assertEqual(
            self._stock(self.lot), {self.stock_location: 1}, "quants unchanged"
        )
        self.assertEqual(self._events(self.lot), events_before)
        self.assertLedgerAgrees(self.lot, "available")

    # -- the scan screen ---------------------------------------------------

    def test_scan_screen_does_not_move_serials_to_a_customer_or_junk_location(self):
        other_company = self.env["res.company"].create({"name": "Elsewhere Devices SA"})
        other_stock = (
            self.env["stock.warehouse"]
            .search([("company_id", "=", other_company.id)], limit=1)
            .lot_stock_id
        )
        self.assertTrue(other_stock)
        events_before = self._events(self.lot)
        for location_id in (
            self.customer_location.id,
            self.supplier_location.id,
            other_stock.id,
            "junk",
            [self.shelf.id],
            True,
            -1,
        ):
            answer = self.env["serial.scan"].scan(
                "BP-001", {"location_id": location_id}
            )
            self.assertEqual(
                answer["kind"],
                "error",
                f"session location {location_id!r}: {answer}",
            )
            self.assertIn("not a stock location", answer["message"])
            self.assertEqual(self._stock(self.lot), {self.stock_location: 1})
            self.assertLedgerAgrees(self.lot, "available")
        self.assertEqual(self._events(self.lot), events_before)
        # An internal location of the company still works.
        answer = self.env["serial.scan"].scan("BP-001", {"location_id": self.shelf.id})
        self.assertEqual(answer["kind"], "serial", answer)
        self.assertEqual(self._stock(self.lot), {self.shelf: 1})
        self.assertLedgerAgrees(self.lot, "available")

    def test_scan_screen_refuses_a_quarantined_serial_on_a_delivery(self):
        self._quarantine(self.lot)
        delivery = self._create_picking(
            self.warehouse.out_type_id, self.customer, quantity=1
        )
        answer = self.env["serial.scan"].scan("BP-001", {"picking_id": delivery.id})
        self.assertEqual(answer["kind"], "error", answer)
        self.assertIn("BP-001", answer["message"])
        self.assertIn("Quarantined", answer["message"])
        self.assertFalse(
            delivery.move_line_ids.filtered(lambda line: line.lot_id == self.lot)
        )
        self.assertLedgerAgrees(self.lot, "quarantined")
        # The unit that may leave is accepted.
        answer = self.env["serial.scan"].scan("BP-002", {"picking_id": delivery.id})
        self.assertEqual(answer["kind"], "serial", answer)

    # -- done lines are history -------------------------------------------

    def test_lot_of_a_done_delivery_line_cannot_be_changed(self):
        self._quarantine(self.other)
        delivery = self._validate(self._deliver(lots=self.lot))
        line = delivery.move_line_ids
        self.assertLedgerAgrees(self.lot, "shipped")
        moved_already = (
            rf"{re.escape(self.lot.name)} on {re.escape(delivery.name)} was "
            r"moved already"
        )
        with self._refused(moved_already):
            delivery.move_line_ids.lot_id = self.other
        for vals in (
            {"lot_name": "BP-002"},
            {"quantity": 0},
            {"location_id": self.shelf.id},
            {"location_dest_id": self.stock_location.id},
        ):
            with self._refused(moved_already):
                line.write(vals)
        self.assertEqual(line.lot_id, self.lot)
        self.assertLedgerAgrees(self.lot, "shipped")
        self.assertLedgerAgrees(self.other, "quarantined")
        self.assertEqual(self._stock(self.lot), {})
        self.assertEqual(
            self.lot.quant_ids.filtered(lambda quant: quant.quantity > 0).location_id,
            self.customer_location,
        )
        self.assertEqual(self._stock(self.other), {self.stock_location: 1})

    def test_no_serial_line_can_be_added_to_a_done_delivery(self):
        self._quarantine(self.other)
        delivery = self._validate(self._deliver(lots=self.lot))
        with self._refused(
            rf"{re.escape(delivery.name)} are done: a serial cannot be added"
        ):
            self.env["stock.move.line"].create(
                {
                    "move_id": delivery.move_ids.id,
                    "picking_id": delivery.id,
                    "product_id": self.product.id,
                    "lot_id": self.other.id,
                    "quantity": 1,
                    "location_id": self.stock_location.id,
                    "location_dest_id": self.customer_location.id,
                }
            )
        self.assertEqual(delivery.move_line_ids.lot_id, self.lot)
        self.assertLedgerAgrees(self.other, "quarantined")
        self.assertEqual(self._stock(self.other), {self.stock_location: 1})

    # -- what the history names survives ----------------------------------

    def test_partner_named_by_a_delivery_event_cannot_be_deleted(self):
        partner = self.env["res.partner"].create({"name": "Customer Cyd"})
        self._validate(self._deliver(lots=self.lot, partner=partner))
        delivery_event = self._events(self.lot)[-1]
        self.assertEqual(
            (delivery_event.event_type, delivery_event.partner_id),
            ("delivery", partner),
        )
        with mute_logger("odoo.sql_db"), self.assertRaises(Exception) as refusal:
            partner.unlink()
        self.assertIsInstance(refusal.exception, (UserError, psycopg2.IntegrityError))
        if isinstance(refusal.exception, psycopg2.IntegrityError):
            self.assertIn("stock_lot_lifecycle_event", str(refusal.exception))
        self.env.invalidate_all()
        self.assertTrue(partner.exists())
        self.assertEqual(delivery_event.partner_id, partner)
        self.assertEqual(self.lot.lifecycle_partner_id, partner)

    def test_user_named_by_an_event_cannot_be_deleted(self):
        stock_user = new_test_user(
            self.env, "blocked_paths_user", groups="stock.group_stock_user"
        )
        delivery = self._deliver(lots=self.lot).with_user(stock_user)
        delivery.move_ids.picked = True
        self.assertIs(delivery.button_validate(), True)
        self.assertEqual(self._events(self.lot)[-1].user_id, stock_user)
        with mute_logger("odoo.sql_db"), self.assertRaises(Exception) as refusal:
            stock_user.unlink()
        self.assertIsInstance(refusal.exception, (UserError, psycopg2.IntegrityError))
        self.env.invalidate_all()
        self.assertTrue(stock_user.exists())
        self.assertEqual(self._events(self.lot)[-1].user_id, stock_user)

    def test_deleting_a_cancelled_delivery_keeps_its_name_in_the_history(self):
        delivery = self._deliver(1)
        lot = delivery.move_line_ids.lot_id
        name = delivery.name
        self.assertLedgerAgrees(lot, "allocated")
        allocation = self._events(lot)[-1]
        self.assertEqual(
            (allocation.event_type, allocation.picking_id, allocation.reference),
            ("allocation", delivery, name),
        )
        delivery.action_cancel()
        self.assertLedgerAgrees(lot, "available")
        delivery.unlink()
        self.env.invalidate_all()
        self.assertFalse(delivery.exists())
        self.assertFalse(allocation.picking_id)
        self.assertEqual(allocation.reference, name)
        self.assertEqual(
            self._events(lot).mapped("event_type"),
            ["receipt", "allocation", "deallocation"],
        )

    # -- states against quants --------------------------------------------

    def test_disagreements_find_a_state_forged_in_sql(self):
        Lot = self.env["stock.lot"]
        self.assertEqual(
            [
                (lot.display_name, reason)
                for lot, reason in Lot._lifecycle_disagreements()
            ],
            [],
        )
        check = Lot.action_lifecycle_check()
        self.assertEqual(check.get("tag"), "display_notification", check)

        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE stock_lot SET lifecycle_state = 'shipped' WHERE id = %s",
            [self.lot.id],
        )
        self.env.invalidate_all()
        found = Lot._lifecycle_disagreements()
        self.assertEqual([lot for lot, _reason in found], [self.lot])
        self.assertIn(
            f"Shipped but in stock at {self.stock_location.complete_name}",
            found[0][1],
        )
        check = Lot.action_lifecycle_check()
        self.assertEqual(check["res_model"], "stock.lot")
        self.assertEqual(Lot.search(check["domain"]), self.lot)
