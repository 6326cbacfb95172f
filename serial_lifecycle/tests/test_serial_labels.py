import re

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from ..report.serial_label_report import linear_barcode
from ..tools.labels import label_codes
from .code128_decoder import decode_code128
from .common import SerialLifecycleCase


@tagged("post_install", "-at_install")
class TestSerialLabels(SerialLifecycleCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product.barcode = "4006381333931"
        cls.gs1_nomenclature = cls.env.ref("barcodes_gs1_nomenclature.default_gs1_nomenclature")

    def _print(self, wizard_form):
        """Print from the wizard; return the report's data and its rendered HTML."""
        action = wizard_form.save().action_print()
        self.assertEqual(action["type"], "ir.actions.report")
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            action["report_name"], action["context"].get("active_ids") or [], data=action["data"])
        return action, html.decode()

    def _wizard(self, **context):
        return Form(self.env["serial.label.wizard"].with_context(**context))

    def _scan(self, serial, barcode):
        """Decode the printed linear code and parse it with Odoo's GS1 nomenclature."""
        is_gs1, data = decode_code128(linear_barcode(label_codes(serial, barcode)).build()[0])
        parsed = self.gs1_nomenclature.parse_barcode(data) if is_gs1 else None
        return is_gs1, data, parsed

    def test_labels_of_selected_serials_carry_gtin_and_serial(self):
        self._receive(["LB-0001", "LB-0002"])
        lots = self._lots("LB-0001", "LB-0002")
        wizard = self._wizard(active_model="stock.lot", active_ids=lots.ids)
        wizard.copies = 2
        self.assertEqual(wizard.serial_count, 4)
        action, html = self._print(wizard)
        self.assertEqual(action["report_name"], "serial_lifecycle.report_serial_label")
        self.assertEqual(html.count('class="o_serial_label"'), 4)
        self.assertIn("(01)04006381333931(21)LB-0001", html)
        self.assertIn("(01)04006381333931(21)LB-0002", html)
        self.assertEqual(len(re.findall(r'src="data:image/svg\+xml;base64,', html)), 4)
        self.assertEqual(len(re.findall(r'src="data:image/png;base64,', html)), 4)  # DataMatrix
        # What a scanner reads from the printed code leads back to the serial.
        _is_gs1, data, _parsed = self._scan("LB-0002", self.product.barcode)
        scanned = self.env["stock.lot"]._serial_scan_parse("]C1" + data)
        self.assertEqual((scanned["product"], scanned["lot"]), (self.product, lots[1]))

    def test_the_printed_linear_code_scans_back_to_product_and_serial(self):
        is_gs1, data, parsed = self._scan("LB-0001", "4006381333931")
        self.assertTrue(is_gs1, "FNC1 must follow the start code of a GS1-128 symbol")
        self.assertEqual(data, "010400638133393121LB-0001")
        self.assertEqual([(item["ai"], item["value"]) for item in parsed], [("01", "04006381333931"), ("21", "LB-0001")])

    def test_without_a_valid_gtin_the_label_holds_the_serial_alone(self):
        is_gs1, data, _parsed = self._scan("LB-0009", "1234")
        self.assertEqual((is_gs1, data), (False, "LB-0009"))
        self.product.barcode = False
        self._receive(["LB-0009"])
        wizard = self._wizard(active_model="stock.lot", active_ids=self._lots("LB-0009").ids)
        wizard.matrix = "qr"
        _action, html = self._print(wizard)
        self.assertNotIn("(01)", html)
        self.assertIn("LB-0009", html)
        self.assertEqual(len(re.findall(r'src="data:image/png;base64,', html)), 1)  # the QR code

    def test_a_receipt_prints_its_serials_before_validation(self):
        receipt = self._create_picking(self.warehouse.in_type_id, self.vendor, quantity=2)
        for line, serial in zip(receipt.move_line_ids, ["LB-0101", "LB-0102"]):
            line.lot_name = serial
        wizard = self._wizard(active_model="stock.picking", active_id=receipt.id)
        wizard.layout = "a4_3x8"
        wizard.matrix = "none"
        action, html = self._print(wizard)
        self.assertEqual(action["data"]["serials"], [(self.product.id, "LB-0101"), (self.product.id, "LB-0102")])
        self.assertEqual(self.env.ref("serial_lifecycle.action_report_serial_label_sheet").paperformat_id.format, "A4")
        self.assertIn("(21)LB-0101", html)
        self.assertIn("(21)LB-0102", html)
        self.assertNotIn("data:image/png", html)
        self._validate(receipt)

    def test_nothing_to_print_is_refused_with_the_transfer_name(self):
        receipt = self._create_picking(self.warehouse.in_type_id, self.vendor, quantity=1)
        wizard = self._wizard(active_model="stock.picking", active_id=receipt.id)
        with self.assertRaises(UserError) as refusal:
            wizard.save().action_print()
        self.assertIn("There is no serial number to print on %s" % receipt.name, str(refusal.exception))
        self._receive(["LB-0201"])
        wizard = self._wizard(active_model="stock.lot", active_ids=self._lots("LB-0201").ids)
        wizard.copies = 0
        with self.assertRaises(UserError) as refusal:
            wizard.save().action_print()
        self.assertIn("between 1 and 100, not 0", str(refusal.exception))
