"""OCA's Community barcode app (stock_barcodes) on our serials.

Its scanning wizard (wiz.stock.barcodes.read.picking) is driven as its own
tests drive it: a barcode read, then the transfer validated from the wizard.
What a user sees is checked: the wizard's message, the lines of the
transfer, the serial's state and its ledger.
"""

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.serial_lifecycle.tests.common import SerialLifecycleCase
from odoo.addons.serial_lifecycle.tools import gs1
from odoo.addons.serial_lifecycle.tools.labels import label_codes

GTIN = "07612345987651"


@tagged("post_install", "-at_install")
class TestStockBarcodesScan(SerialLifecycleCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Stored as EAN-13, as most products are; the label carries GTIN-14.
        cls.product.barcode = GTIN[1:]
        cls.env.user.groups_id |= cls.env.ref("stock.group_production_lot")
        # stock_barcodes' own options for receipts: product and serial read,
        # the serial not required (it is created from what is read).
        cls.in_options = cls.env.ref(
            "stock_barcodes.stock_barcodes_option_group_picking_in"
        )

    # -- helpers ---------------------------------------------------------

    def _wizard(self, picking):
        """The barcode reader of ``picking``, opened as its Scan button opens it."""
        options = self.in_options if picking.picking_type_code == "incoming" else False
        action = picking.action_barcode_scan(option_group=options)
        return self.env[action["res_model"]].browse(action["res_id"])

    def _scan(self, wizard, barcode):
        # As the web client sends a read: the barcodes mixin's onchange, then
        # the read itself outside of the onchange (stock_barcodes' tests).
        wizard._barcode_scanned = barcode
        wizard._on_barcode_scanned()
        return wizard.dummy_on_barcode_scanned()

    def _label(self, serial):
        """What our serial label's GS1 DataMatrix holds, as a scanner sends it."""
        return "]d2" + label_codes(serial, self.product.barcode)["element_string"]

    def _quarantine(self, lot):
        lot._lifecycle_apply_manual_action(
            "quarantine", fields.Datetime.now(), "Casing cracked"
        )

    def _scrap(self, lot):
        self.env["stock.scrap"].create(
            {
                "product_id": lot.product_id.id,
                "lot_id": lot.id,
                "scrap_qty": 1,
                "location_id": self.stock_location.id,
            }
        ).action_validate()
        self.assertEqual(lot.lifecycle_state, "scrapped")

    # -- receipt ---------------------------------------------------------

    def test_receipt_reads_our_gs1_labels_into_product_and_serial(self):
        receipt = self._create_picking(self.warehouse.in_type_id, self.vendor, None, 3)
        wizard = self._wizard(receipt)
        # The DataMatrix as the scanner sends it, the GS1-128 in its
        # human-readable form, and the element string with a typed <GS>.
        self._scan(wizard, self._label("BC-001"))
        self._scan(wizard, f"(01){GTIN}(21)BC-002")
        self._scan(wizard, f"01{GTIN}21BC-003<GS>11250314")
        self.assertNotIn(
            wizard.message_type, ("not_found", "more_match"), wizard.message
        )
        lines = receipt.move_line_ids.filtered("qty_picked")
        self.assertEqual(
            sorted(lines.mapped("lot_name")), ["BC-001", "BC-002", "BC-003"]
        )
        self.assertEqual(lines.product_id, self.product)

        wizard.action_validate_picking()
        self.assertEqual(receipt.state, "done")
        lots = self._lots("BC-001", "BC-002", "BC-003")
        self.assertEqual(set(lots.mapped("lifecycle_state")), {"available"})
        for lot in lots:
            self.assertEqual(self._events(lot).mapped("event_type"), ["receipt"])
            self.assertEqual(self._events(lot).picking_id, receipt)
        # (11) on the label: the production date of the new serial.
        self.assertEqual(str(lots[2].production_date), "2025-03-14")

    def test_receipt_refuses_a_serial_received_already(self):
        self._receive(["BC-010"])
        receipt = self._create_picking(self.warehouse.in_type_id, self.vendor)
        wizard = self._wizard(receipt)
        self.assertFalse(self._scan(wizard, self._label("BC-010")))
        self.assertEqual(wizard.message_type, "more_match")
        self.assertIn("Serial BC-010 was already received.", wizard.message)
        self.assertFalse(receipt.move_line_ids.filtered("qty_picked"))

    def test_unknown_gtin_is_named(self):
        receipt = self._create_picking(self.warehouse.in_type_id, self.vendor)
        wizard = self._wizard(receipt)
        self.assertFalse(self._scan(wizard, "(01)07612345987668(21)BC-020"))
        self.assertEqual(wizard.message_type, "not_found")
        self.assertIn("GTIN 07612345987668 is no known product.", wizard.message)

    # -- delivery --------------------------------------------------------

    def test_delivery_reads_labels_and_records_the_delivery(self):
        self._receive(["BC-101", "BC-102"])
        lot1, lot2 = self._lots("BC-101", "BC-102")
        delivery = self._deliver(2)
        wizard = self._wizard(delivery)
        self._scan(wizard, self._label("BC-102"))
        self.assertNotIn(
            wizard.message_type, ("not_found", "more_match"), wizard.message
        )
        # A plain serial (a label without GTIN, or typed) after the product.
        self._scan(wizard, self.product.barcode)
        self._scan(wizard, "BC-101")
        self.assertNotIn(
            wizard.message_type, ("not_found", "more_match"), wizard.message
        )
        picked = delivery.move_line_ids.filtered("qty_picked")
        self.assertEqual(picked.lot_id, lot1 | lot2)

        wizard.action_validate_picking()
        self.assertEqual(delivery.state, "done")
        for lot in lot1 | lot2:
            self.assertEqual(lot.lifecycle_state, "shipped")
            event = self._events(lot)[-1]
            self.assertEqual(event.event_type, "delivery")
            self.assertEqual(event.picking_id, delivery)
            self.assertEqual(event.partner_id, self.customer)

    def test_delivery_refuses_blocked_serials_at_the_scan(self):
        self._receive(["BC-201", "BC-202", "BC-203", "BC-204"])
        quarantined, lost, scrapped, good = self._lots(
            "BC-201", "BC-202", "BC-203", "BC-204"
        )
        self._quarantine(quarantined)
        lost._lifecycle_apply_manual_action(
            "lost", fields.Datetime.now(), "Not on its shelf"
        )
        self._scrap(scrapped)
        delivery = self._deliver(1)
        wizard = self._wizard(delivery)
        for lot, state in (
            (quarantined, "Quarantined"),
            (lost, "Lost"),
            (scrapped, "Scrapped"),
        ):
            for barcode in (self._label(lot.name), lot.name):
                with self.subTest(serial=lot.name, barcode=barcode):
                    self._scan(wizard, self.product.barcode)
                    self.assertFalse(self._scan(wizard, barcode))
                    self.assertEqual(wizard.message_type, "more_match")
                    # The words of the move line's own refusal.
                    self.assertIn(
                        f"{lot.name} (Tracked Phone) is {state}: Delivery to "
                        f"Customer on {delivery.name} applies only to serials",
                        wizard.message,
                    )
                    self.assertFalse(wizard.lot_id)
                    self.assertFalse(delivery.move_line_ids.filtered("qty_picked"))
        # The unit that may go still goes.
        self._scan(wizard, self._label(good.name))
        self.assertEqual(delivery.move_line_ids.filtered("qty_picked").lot_id, good)
        wizard.action_validate_picking()
        self.assertEqual(delivery.state, "done")
        self.assertEqual(good.lifecycle_state, "shipped")
        self.assertEqual(quarantined.lifecycle_state, "quarantined")


@tagged("post_install", "-at_install")
class TestBarcodeAppsServerMethods(SerialLifecycleCase):
    """The server methods OCA's stock_barcodes and Odoo Enterprise's barcode
    app both go through, called directly: stock.move.line create/write with
    lot_id / lot_name / quantity / picked, stock.picking.button_validate."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product.barcode = GTIN[1:]

    def test_gs1_label_written_as_lot_name_gives_the_serial(self):
        receipt = self._create_picking(self.warehouse.in_type_id, self.vendor, None, 2)
        line1, line2 = receipt.move_line_ids
        label = label_codes("SM-001", self.product.barcode)["element_string"]
        self.assertTrue(gs1.normalize_element_string(label)[1])
        line1.write({"lot_name": label, "quantity": 1, "picked": True})
        self.env["stock.move.line"].create(
            {
                "move_id": receipt.move_ids.id,
                "picking_id": receipt.id,
                "product_id": self.product.id,
                "location_id": receipt.location_id.id,
                "location_dest_id": receipt.location_dest_id.id,
                "lot_name": f"(01){GTIN}(21)SM-002",
                "quantity": 1,
                "picked": True,
            }
        )
        line2.unlink()
        self.assertEqual(
            sorted(receipt.move_line_ids.mapped("lot_name")), ["SM-001", "SM-002"]
        )
        self.assertIs(receipt.button_validate(), True)
        for lot in self._lots("SM-001", "SM-002"):
            self.assertEqual(self._events(lot).mapped("event_type"), ["receipt"])

    def test_label_of_another_product_is_refused_on_the_line(self):
        receipt = self._create_picking(self.warehouse.in_type_id, self.vendor)
        other = self.env["product.product"].create(
            {
                "name": "Tablet",
                "is_storable": True,
                "tracking": "serial",
                "barcode": "07612345987668",
            }
        )
        with self.assertRaisesRegex(UserError, "GTIN 07612345987668 is Tablet"):
            receipt.move_line_ids.write(
                {"lot_name": "(01)07612345987668(21)SM-003", "quantity": 1}
            )
        self.assertTrue(other)

    def _line_vals(self, picking, lot):
        return {
            "move_id": picking.move_ids.id,
            "picking_id": picking.id,
            "product_id": self.product.id,
            "location_id": picking.location_id.id,
            "location_dest_id": picking.location_dest_id.id,
            "lot_id": lot.id,
            "quantity": 1,
            "picked": True,
        }

    def test_a_blocked_serial_written_on_a_delivery_line_is_refused(self):
        self._receive(["SM-101", "SM-102"])
        lot, other = self._lots("SM-101", "SM-102")
        lot._lifecycle_apply_manual_action(
            "quarantine", fields.Datetime.now(), "Casing cracked"
        )
        delivery = self._deliver(1, lots=other)
        line = delivery.move_line_ids
        # What a barcode app writes when a serial is scanned: a new line...
        with self.assertRaisesRegex(
            UserError, "SM-101 \\(Tracked Phone\\) is Quarantined: Delivery to Customer"
        ):
            with self.env.cr.savepoint():
                self.env["stock.move.line"].create(self._line_vals(delivery, lot))
        # ...or the serial of a line it reuses.
        with self.assertRaisesRegex(
            UserError, "SM-101 \\(Tracked Phone\\) is Quarantined"
        ):
            with self.env.cr.savepoint():
                line.write({"lot_id": lot.id})
        self.env.invalidate_all()
        self.assertEqual(delivery.move_line_ids.lot_id, other)
        self.assertEqual(lot.lifecycle_state, "quarantined")

    def test_validation_refuses_a_serial_received_twice(self):
        self._receive(["SM-111"])
        lot = self._lots("SM-111")
        receipt = self._create_picking(self.warehouse.in_type_id, self.vendor)
        # The label of a unit in stock, scanned on another receipt's line.
        receipt.move_line_ids.write(
            {
                "lot_name": label_codes("SM-111", self.product.barcode)[
                    "element_string"
                ],
                "quantity": 1,
                "picked": True,
            }
        )
        with self.assertRaisesRegex(
            UserError, "SM-111 \\(Tracked Phone\\) is Available: Receipt from Vendor"
        ):
            with self.env.cr.savepoint():
                receipt.button_validate()
        self.env.invalidate_all()
        self.assertNotEqual(receipt.state, "done")
        self.assertEqual(self._events(lot).mapped("event_type"), ["receipt"])
