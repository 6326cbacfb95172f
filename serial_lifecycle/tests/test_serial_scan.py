from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import format_datetime

from odoo.addons.serial_lifecycle.tests.common import SerialLifecycleCase

GTIN = "07612345987651"


@tagged("post_install", "-at_install")
class TestSerialScan(SerialLifecycleCase):
    """The scan screen's server side, flows run to the end."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product.barcode = GTIN
        cls.shelf.barcode = "SHELF-Z"
        cls.Scan = cls.env["serial.scan"]

    def test_scan_a_serial_shows_its_card(self):
        self._receive(["CARD-1"])
        answer = self.Scan.scan("CARD-1")
        card = answer["card"]
        self.assertEqual(answer["kind"], "serial")
        self.assertEqual(card["name"], "CARD-1")
        self.assertEqual(card["state_label"], "Available")
        self.assertEqual(card["location"], self.stock_location.complete_name)
        self.assertEqual(
            [event["type"] for event in card["events"]], ["Receipt from Vendor"]
        )
        self.assertEqual(card["events"][0]["partner"], "Vendor Components Inc")

    def test_card_of_a_shipped_and_quarantined_serial(self):
        self._receive(["CARD-2", "CARD-3"])
        card2, card3 = self._lots("CARD-2", "CARD-3")
        self._validate(self._deliver(lots=card2))
        card3._lifecycle_apply_manual_action(
            "quarantine", fields.Datetime.now(), "dented"
        )
        answer = self.Scan.scan("]C101" + GTIN + "21CARD-2")
        self.assertEqual(answer["card"]["customer"], "Customer Ada")
        self.assertFalse(answer["card"]["location"])
        self.assertEqual(answer["card"]["events"][0]["type"], "Delivery to Customer")
        # Dates read in the user's time zone and language, as everywhere in the web
        # client.
        delivery_event = card2.lifecycle_event_ids.filtered(
            lambda event: event.event_type == "delivery"
        )
        self.env.user.tz = "Pacific/Auckland"
        answer = self.Scan.scan(card2.name)
        local = fields.Datetime.context_timestamp(
            delivery_event.with_context(tz="Pacific/Auckland"),
            delivery_event.event_date,
        )
        self.assertEqual(
            answer["card"]["events"][0]["date"],
            format_datetime(self.env, delivery_event.event_date, dt_format="short"),
        )
        self.assertIn(
            local.strftime("%-I:%M"),
            answer["card"]["events"][0]["date"],
            "in the user's time zone",
        )
        self.assertNotIn(
            local.strftime("%Y-%m-%d"),
            answer["card"]["events"][0]["date"],
            "not an ISO date",
        )
        flags = self.Scan.scan("CARD-3")["card"]["flags"]
        self.assertEqual(
            flags, [{"code": "blocked", "label": "Quarantined", "level": "danger"}]
        )

    def test_a_serial_out_of_stock_is_not_relocated(self):
        self._receive(["AWAY-1"])
        lot = self._lots("AWAY-1")
        self._validate(self._deliver(lots=lot))
        with self.assertRaisesRegex(UserError, "AWAY-1 not in stock: nothing to move"):
            lot._serial_relocate(self.shelf, "test")
        self.assertEqual(lot.lifecycle_state, "shipped")

    def test_scan_a_location_then_serials_moves_them(self):
        self._receive(["MOVE-1", "MOVE-2"])
        answer = self.Scan.scan("SHELF-Z")
        self.assertEqual(answer["kind"], "location")
        session = answer["session"]
        for serial in ("MOVE-1", "MOVE-2"):
            answer = self.Scan.scan(serial, session)
            self.assertEqual(answer["kind"], "serial", answer["message"])
            self.assertIn("moved from", answer["message"])
            session = answer["session"]
            self.assertEqual(answer["card"]["location"], self.shelf.complete_name)
        duplicate = self.Scan.scan("MOVE-1", session)
        self.assertEqual(duplicate["kind"], "error")
        self.assertEqual(
            duplicate["message"], "Serial MOVE-1 was already scanned in this session."
        )
        lots = self._lots("MOVE-1", "MOVE-2")
        quants = self.env["stock.quant"].search(
            [("lot_id", "in", lots.ids), ("quantity", ">", 0)]
        )
        self.assertEqual(quants.location_id, self.shelf)
        move_events = self.env["stock.lot.lifecycle.event"].search(
            [
                ("lot_id", "in", lots.ids),
                ("picking_id.picking_type_id", "=", self.warehouse.int_type_id.id),
            ]
        )
        self.assertEqual(len(move_events), 2)
        self.assertEqual(set(move_events.mapped("location_dest_id")), {self.shelf})

    def test_errors_change_nothing(self):
        self._receive(["ERR-1"])
        session = self.Scan.scan("SHELF-Z")["session"]
        self.Scan.scan("ERR-1", session)
        answer = self.Scan.scan("ERR-1", {"location_id": self.shelf.id, "scanned": []})
        self.assertEqual(answer["kind"], "error")
        self.assertIn("already in", answer["message"])
        self.assertEqual(
            self.Scan.scan("NOPE-404")["message"], "Serial NOPE-404 is unknown."
        )
        self.assertIn(
            "check digit", self.Scan.scan("]C10107612345987652" "21X")["message"]
        )

    def test_scan_serials_into_a_receipt_and_a_delivery(self):
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=2
        )
        session = self.Scan.scan(receipt.name)["session"]
        self.assertEqual(session["picking_id"], receipt.id)
        answer = self.Scan.scan("]C101" + GTIN + "11250601" "21RCV-1", session)
        self.assertIn("1 of 2", answer["message"])
        answer = self.Scan.scan("RCV-2", answer["session"])
        self.assertIn("2 of 2", answer["message"])
        self.assertEqual(self.Scan.scan("RCV-2", answer["session"])["kind"], "error")
        self._validate(receipt)
        first, second = self._lots("RCV-1", "RCV-2")
        self.assertEqual(str(first.production_date), "2025-06-01")
        self.assertEqual(second.lifecycle_state, "available")

        delivery = self._create_picking(
            self.warehouse.out_type_id, self.customer, quantity=1
        )
        session = self.Scan.scan(delivery.name)["session"]
        answer = self.Scan.scan("RCV-2", session)
        self.assertEqual(answer["kind"], "serial", answer["message"])
        self._validate(delivery)
        self.assertEqual(second.lifecycle_state, "shipped")
        self.assertEqual(second.lifecycle_partner_id, self.customer)
        self.assertEqual(first.lifecycle_state, "available")
