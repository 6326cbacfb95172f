import datetime

from odoo.tests import BaseCase, tagged

from ..tools.quant_batch import SerialQuantBook, foreign_overrides

NOW = datetime.datetime(2026, 12, 3, 12, 0, 0)
OLD = datetime.datetime(2026, 1, 1, 8, 0, 0)
SUPPLIER, STOCK, CUSTOMER = 1, 8, 5


def quant(quant_id, location_id, lot_id, quantity, reserved=0.0, in_date=OLD):
    return {
        "id": quant_id,
        "location_id": location_id,
        "lot_id": lot_id,
        "quantity": quantity,
        "reserved_quantity": reserved,
        "in_date": in_date,
    }


@tagged("post_install", "-at_install")
class TestSerialQuantBook(BaseCase):
    def test_receipt_creates_both_quants_dated_now(self):
        book = SerialQuantBook([], [SUPPLIER, CUSTOMER], NOW, rounding=1.0)
        # Odoo: -1 at the vendor (a location without reservations), then +1 in stock.
        self.assertEqual(book.update(SUPPLIER, 7, quantity=-1.0), (-1.0, NOW))
        self.assertEqual(book.update(STOCK, 7, quantity=1.0, in_date=NOW), (1.0, NOW))
        self.assertEqual(book.writes(), {})
        self.assertEqual(
            book.creates(),
            [
                {
                    "location_id": SUPPLIER,
                    "lot_id": 7,
                    "quantity": -1.0,
                    "reserved_quantity": 0.0,
                    "in_date": NOW,
                },
                {
                    "location_id": STOCK,
                    "lot_id": 7,
                    "quantity": 1.0,
                    "reserved_quantity": 0.0,
                    "in_date": NOW,
                },
            ],
        )

    def test_delivery_empties_the_reserved_quant_and_keeps_its_date(self):
        book = SerialQuantBook(
            [quant(40, STOCK, 7, 1.0, reserved=1.0), quant(41, STOCK, 9, 1.0, 1.0)],
            [SUPPLIER, CUSTOMER],
            NOW,
        )
        for lot_id in (7, 9):
            self.assertEqual(
                book.update(STOCK, lot_id, reserved_quantity=-1.0), (1.0, OLD)
            )
            self.assertEqual(book.update(STOCK, lot_id, quantity=-1.0), (0.0, OLD))
            # The customer's quant inherits the date the unit came in.
            self.assertEqual(
                book.update(CUSTOMER, lot_id, quantity=1.0, in_date=OLD), (1.0, OLD)
            )
        # Both quants get the same values: one write for both.
        self.assertEqual(
            book.writes(),
            {(("quantity", 0.0), ("reserved_quantity", 0.0)): [40, 41]},
        )
        self.assertEqual([vals["in_date"] for vals in book.creates()], [OLD, OLD])

    def test_an_empty_quant_takes_the_date_of_now_or_the_unit(self):
        book = SerialQuantBook([quant(40, STOCK, 7, 0.0)], [SUPPLIER], NOW)
        # No unit in the quant: its date is not the unit's.
        self.assertEqual(book.update(STOCK, 7, quantity=1.0), (1.0, NOW))
        book = SerialQuantBook([quant(40, STOCK, 7, 0.0)], [SUPPLIER], NOW)
        self.assertEqual(book.update(STOCK, 7, quantity=1.0, in_date=OLD), (1.0, OLD))
        self.assertEqual(book.quant(STOCK, 7)["in_date"], OLD)

    def test_a_location_without_reservations_ignores_its_quant_date(self):
        book = SerialQuantBook([quant(40, SUPPLIER, 7, 2.0)], [SUPPLIER], NOW)
        self.assertEqual(book.update(SUPPLIER, 7, quantity=-1.0), (1.0, NOW))
        self.assertEqual(book.writes(), {(("quantity", 1.0), ("in_date", NOW)): [40]})

    def test_two_quants_for_one_key_are_refused(self):
        with self.assertRaises(ValueError):
            SerialQuantBook(
                [quant(40, STOCK, 7, 1.0), quant(41, STOCK, 7, 1.0)], [], NOW
            )

    def test_an_update_needs_a_quantity(self):
        book = SerialQuantBook([], [], NOW)
        with self.assertRaises(ValueError):
            book.update(STOCK, 7)


class _Base:
    _module = None

    def _action_done(self):
        pass


class _Stock(_Base):
    _module = "stock"

    def _action_done(self):
        pass


class _Ours(_Stock):
    _module = "serial_lifecycle"

    def _action_done(self):
        pass


class _Other(_Ours):
    _module = "some_addon"

    def _synchronize_quant(self):
        pass


@tagged("post_install", "-at_install")
class TestForeignOverrides(BaseCase):
    def test_only_modules_outside_the_allowed_ones_are_named(self):
        allowed = {"stock", "serial_lifecycle"}
        self.assertEqual(foreign_overrides(_Ours, ["_action_done"], allowed), [])
        self.assertEqual(
            foreign_overrides(_Other, ["_action_done", "_synchronize_quant"], allowed),
            [("some_addon", "_synchronize_quant")],
        )
        self.assertEqual(
            foreign_overrides(_Other, ["_action_done"], {"stock"}),
            [("serial_lifecycle", "_action_done")],
        )
