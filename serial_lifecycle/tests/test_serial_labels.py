import itertools
import re

from lxml import html as lxml_html

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from ..report.serial_label_report import (
    LABEL_SIZE,
    PT_MM,
    linear_barcode,
    matrix_png,
    text_width_em,
)
from ..tools.gs1 import FNC1, build_element_string, parse_gs1_date
from ..tools.labels import digital_link, label_codes
from .code128_decoder import decode_code128
from .common import SerialLifecycleCase
from .matrix_decoder import decode_matrix, png_of_data_uri

GTIN = "04006381333931"
# Serials of every shape a label must carry: the one ReportLab's DataMatrix
# padded with a NUL, the demo's, 20 characters (GS1's longest), '-', '/', '.'.
SERIALS = [
    "SN-000123",
    "LAP-000001",
    "ABCDEFGHIJ1234567890",
    "A-1/2.3",
    "SN/2024/07",
    "V1.2.3",
    "7",
    "0000123456",
]
# The symbology identifier a scanner sends for each 2D code, GS1 or plain.
GS1_IDENTIFIERS = {"datamatrix": "]d2", "qr": "]Q3"}
PLAIN_IDENTIFIERS = {"datamatrix": "]d1", "qr": "]Q1"}


def label_parts(html):
    """[{part: (element, style dict)}] for each label of a rendered report, parts by
    their class suffix."""
    labels = []
    for label in lxml_html.fromstring(html).xpath("//div[@class='o_serial_label']"):
        parts = {"label": (label, _style(label))}
        for element in label.xpath(".//*[starts-with(@class, 'o_serial_label_')]"):
            parts[element.get("class").removeprefix("o_serial_label_")] = (
                element,
                _style(element),
            )
        labels.append(parts)
    return labels


def _style(element):
    declarations = (
        item.split(":", 1)
        for item in (element.get("style") or "").split(";")
        if ":" in item
    )
    return {name.strip(): value.strip() for name, value in declarations}


def _mm(style, name):
    value = style.get(name, "")
    if not value.endswith("mm"):
        raise AssertionError(f"{name} is not set in mm: {style!r}")
    return float(value[:-2])


@tagged("post_install", "-at_install")
class TestSerialLabels(SerialLifecycleCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product.barcode = "4006381333931"
        cls.gs1_nomenclature = cls.env.ref(
            "barcodes_gs1_nomenclature.default_gs1_nomenclature"
        )

    def _print(self, wizard_form):
        """Print from the wizard; return the report's data and its rendered HTML."""
        action = wizard_form.save().action_print()
        self.assertEqual(action["type"], "ir.actions.report")
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            action["report_name"],
            action["context"].get("active_ids") or [],
            data=action["data"],
        )
        return action, html.decode()

    def _wizard(self, **context):
        return Form(self.env["serial.label.wizard"].with_context(**context))

    def _print_serials(self, lots, **values):
        """Print ``lots`` with the wizard set to ``values``; return the action and the
        HTML."""
        wizard = self._wizard(active_model="stock.lot", active_ids=lots.ids)
        for name, value in values.items():
            setattr(wizard, name, value)
        return self._print(wizard)

    def _scanned_matrices(self, html):
        """What a scanner reads from each label's 2D code: [(matrix, identifier, data)],
        in label order."""
        return [
            decode_matrix(png_of_data_uri(src))
            for label in lxml_html.fromstring(html).xpath(
                "//div[@class='o_serial_label']"
            )
            for src in label.xpath(".//img[starts-with(@src, 'data:image/png')]/@src")
        ]

    def _scan(self, serial, barcode):
        """Decode the printed linear code and parse it with Odoo's GS1 nomenclature."""
        is_gs1, data = decode_code128(
            linear_barcode(label_codes(serial, barcode)).build()[0]
        )
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
        self.assertEqual(
            len(re.findall(r'src="data:image/png;base64,', html)), 4
        )  # DataMatrix
        # What a scanner reads from the printed code leads back to the serial.
        _is_gs1, data, _parsed = self._scan("LB-0002", self.product.barcode)
        scanned = self.env["stock.lot"]._serial_scan_parse("]C1" + data)
        self.assertEqual((scanned["product"], scanned["lot"]), (self.product, lots[1]))

    def test_the_printed_linear_code_scans_back_to_product_and_serial(self):
        is_gs1, data, parsed = self._scan("LB-0001", "4006381333931")
        self.assertTrue(is_gs1, "FNC1 must follow the start code of a GS1-128 symbol")
        self.assertEqual(data, "010400638133393121LB-0001")
        self.assertEqual(
            [(item["ai"], item["value"]) for item in parsed],
            [("01", "04006381333931"), ("21", "LB-0001")],
        )

    def test_without_a_valid_gtin_the_label_holds_the_serial_alone(self):
        is_gs1, data, _parsed = self._scan("LB-0009", "1234")
        self.assertEqual((is_gs1, data), (False, "LB-0009"))
        self.product.barcode = False
        self._receive(["LB-0009"])
        wizard = self._wizard(
            active_model="stock.lot", active_ids=self._lots("LB-0009").ids
        )
        wizard.matrix = "qr"
        _action, html = self._print(wizard)
        self.assertNotIn("(01)", html)
        self.assertIn("LB-0009", html)
        self.assertEqual(
            len(re.findall(r'src="data:image/png;base64,', html)), 1
        )  # the QR code

    def test_a_receipt_prints_its_serials_before_validation(self):
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=2
        )
        for line, serial in zip(
            receipt.move_line_ids, ["LB-0101", "LB-0102"], strict=False
        ):
            line.lot_name = serial
        wizard = self._wizard(active_model="stock.picking", active_id=receipt.id)
        wizard.layout = "a4_3x8"
        wizard.matrix = "none"
        action, html = self._print(wizard)
        self.assertEqual(
            action["data"]["serials"],
            [(self.product.id, "LB-0101"), (self.product.id, "LB-0102")],
        )
        self.assertEqual(
            self.env.ref(
                "serial_lifecycle.action_report_serial_label_sheet"
            ).paperformat_id.format,
            "A4",
        )
        self.assertIn("(21)LB-0101", html)
        self.assertIn("(21)LB-0102", html)
        self.assertNotIn("data:image/png", html)
        self._validate(receipt)

    def test_a_transfer_form_shows_the_serial_labels_button(self):
        # It and the receipt's inspection and announced serials buttons are two
        # views of stock.picking's form: both must be in the form a user opens.
        action = self.env.ref("serial_lifecycle.serial_label_wizard_action")
        arch = self.env["stock.picking"].get_views([(False, "form")])["views"]["form"][
            "arch"
        ]
        self.assertIn(f'name="{action.id}"', arch)
        self.assertIn('name="action_open_inspection_wizard"', arch)

    def test_nothing_to_print_is_refused_with_the_transfer_name(self):
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=1
        )
        wizard = self._wizard(active_model="stock.picking", active_id=receipt.id)
        with self.assertRaises(UserError) as refusal:
            wizard.save().action_print()
        self.assertIn(
            f"There is no serial number to print on {receipt.name}",
            str(refusal.exception),
        )
        self._receive(["LB-0201"])
        wizard = self._wizard(
            active_model="stock.lot", active_ids=self._lots("LB-0201").ids
        )
        wizard.copies = 0
        with self.assertRaises(UserError) as refusal:
            wizard.save().action_print()
        self.assertIn("between 1 and 100, not 0", str(refusal.exception))

    # -- each layout is its own report, on its own paper ------------------

    def test_each_layout_prints_its_own_report_on_its_own_paper(self):
        self._receive(["LB-0301"])
        lot = self._lots("LB-0301")
        report_model = self.env["ir.actions.report"]
        expected = {
            "label_50x25": (
                self.env.ref("serial_lifecycle.action_report_serial_label"),
                self.env.ref("serial_lifecycle.paperformat_serial_label_50x25"),
            ),
            "a4_3x8": (
                self.env.ref("serial_lifecycle.action_report_serial_label_sheet"),
                self.env.ref("serial_lifecycle.paperformat_serial_label_a4"),
            ),
        }
        label_paper, sheet_paper = (paper for _action, paper in expected.values())
        self.assertEqual(
            (label_paper.format, label_paper.page_width, label_paper.page_height),
            ("custom", 50, 25),
        )
        self.assertEqual(sheet_paper.format, "A4")
        pages = {}
        for layout, (report, paper) in expected.items():
            # 25 labels: 25 pages of the label printer, two A4 sheets (24 + 1).
            action, html = self._print_serials(lot, layout=layout, copies=25)
            # Odoo finds the report to render, and its paper, by the report name alone.
            found = report_model._get_report(action["report_name"])
            self.assertEqual(found, report, layout)
            self.assertEqual(
                (found.paperformat_id, found.get_paperformat()), (paper, paper), layout
            )
            self.assertEqual(html.count('class="o_serial_label"'), 25, layout)
            root = lxml_html.fromstring(html)
            pages[layout] = (
                len(root.xpath("//div[contains(@class, 'o_serial_label_page')]")),
                [
                    len(page.xpath(".//div[@class='o_serial_label_cell']"))
                    for page in root.xpath(
                        "//div[contains(@class, 'o_serial_label_sheet')]"
                    )
                ],
            )
        self.assertEqual(pages, {"label_50x25": (25, []), "a4_3x8": (0, [24, 1])})
        self.assertNotEqual(
            expected["label_50x25"][0].report_name, expected["a4_3x8"][0].report_name
        )
        # Each report renders its own template.
        for report, _paper in expected.values():
            html = report_model._render_qweb_html(report.report_name, lot.ids)[
                0
            ].decode()
            self.assertEqual(
                "o_serial_label_sheet" in html,
                report == expected["a4_3x8"][0],
                report.name,
            )

    # -- the 2D code is a real GS1 symbol ---------------------------------

    def test_the_2d_code_is_gs1_and_scans_back_to_the_same_gtin_and_serial(self):
        self._receive(SERIALS)
        lots = self._lots(*SERIALS)
        lots_by_name = {lot.name: lot for lot in lots}
        for matrix in ("datamatrix", "qr"):
            _action, html = self._print_serials(lots, matrix=matrix)
            labels = label_parts(html)
            serials = [
                parts["serial"][0].text_content().removeprefix("SN ")
                for parts in labels
            ]
            self.assertEqual(sorted(serials), sorted(SERIALS))
            for serial, scanned in zip(
                serials, self._scanned_matrices(html), strict=False
            ):
                with self.subTest(matrix=matrix, serial=serial):
                    # Exactly the element string: FNC1 first (the identifier), no NUL,
                    # nothing added.
                    self.assertEqual(
                        scanned,
                        (matrix, GS1_IDENTIFIERS[matrix], "01" + GTIN + "21" + serial),
                    )
                    parsed = self.env["stock.lot"]._serial_scan_parse(
                        scanned[1] + scanned[2]
                    )
                    self.assertTrue(parsed["is_gs1"])
                    self.assertEqual((parsed["gtin"], parsed["serial"]), (GTIN, serial))
                    self.assertEqual(
                        (parsed["product"], parsed["lot"]),
                        (self.product, lots_by_name[serial]),
                    )

    def test_gs1_strings_with_dates_and_lot_scan_back_field_by_field(self):
        cases = [
            [("01", GTIN), ("11", "240115"), ("17", "270630"), ("21", "SN-000123")],
            # A lot (variable length) before the serial: FNC1 separates them.
            [("01", GTIN), ("17", "261231"), ("10", "LOT/7.A"), ("21", "SN/2024/07")],
            [
                ("01", GTIN),
                ("11", "250301"),
                ("10", "B-12"),
                ("17", "300228"),
                ("21", "ABCDEFGHIJ1234567890"),
            ],
        ]
        for fields, matrix in itertools.product(cases, ("datamatrix", "qr")):
            element_string = build_element_string(fields)
            with self.subTest(matrix=matrix, element_string=element_string):
                scanned = decode_matrix(
                    matrix_png(matrix, {"gs1": True, "element_string": element_string})
                )
                # Exactly the element string, GS after a lot followed by more fields.
                self.assertEqual(
                    scanned, (matrix, GS1_IDENTIFIERS[matrix], element_string)
                )
                parsed = self.env["stock.lot"]._serial_scan_parse(
                    scanned[1] + scanned[2]
                )
                values = dict(fields)
                self.assertEqual(
                    (
                        parsed["gtin"],
                        parsed["serial"],
                        parsed["lot_number"],
                        parsed["production_date"],
                        parsed["expiration_date"],
                    ),
                    (
                        values["01"],
                        values["21"],
                        values.get("10", False),
                        "11" in values and parse_gs1_date(values["11"]),
                        parse_gs1_date(values["17"]),
                    ),
                )
        self.assertIn("LOT/7.A" + FNC1 + "21SN/2024/07", build_element_string(cases[1]))

    def test_without_gs1_the_2d_code_holds_the_serial_alone(self):
        # No GTIN, or a serial GS1 refuses in (21) (21 characters, a space):
        # the codes hold the serial alone, never an invalid GS1 symbol.
        no_gtin = self.product.copy({"barcode": False})
        report = self.env["report.serial_lifecycle.report_serial_label"]
        for product, serial in [
            (no_gtin, "SN-000123"),
            (no_gtin, "LAP-000001"),
            (no_gtin, "CK/2024.001"),
            (self.product, "ABCDEFGHIJ12345678901"),
            (self.product, "SN 000123"),
        ]:
            for matrix in ("datamatrix", "qr"):
                with self.subTest(serial=serial, matrix=matrix):
                    values = report._label_values(product, serial, matrix)
                    self.assertEqual(values["codes"]["human_readable"], serial)
                    scanned = decode_matrix(png_of_data_uri(values["matrix_src"]))
                    self.assertEqual(
                        scanned, (matrix, PLAIN_IDENTIFIERS[matrix], serial)
                    )

    # -- the layout: nothing overlaps --------------------------------------

    def test_no_part_of_a_label_overlaps_another_or_leaves_the_label(self):
        self.product.name = (
            "Laptop Pro 14 with a product name far too long for one line of a label"
        )
        self._receive(["LAP-000001", "ABCDEFGHIJ1234567890", "WWWWWWWWWWWWWWWWWWWW"])
        lots = self._lots("LAP-000001", "ABCDEFGHIJ1234567890", "WWWWWWWWWWWWWWWWWWWW")
        width, height = LABEL_SIZE
        for layout, matrix in itertools.product(
            ("label_50x25", "a4_3x8"), ("datamatrix", "qr", "none")
        ):
            _action, html = self._print_serials(lots, layout=layout, matrix=matrix)
            labels = label_parts(html)
            self.assertEqual(len(labels), 3)
            for parts in labels:
                label_style = parts.pop("label")[1]
                self.assertEqual(
                    (_mm(label_style, "width"), _mm(label_style, "height")),
                    (width, height),
                )
                self.assertEqual(label_style["overflow"], "hidden")
                expected_parts = {"name", "serial", "linear", "hri"} | (
                    {"matrix"} if matrix != "none" else set()
                )
                self.assertEqual(set(parts), expected_parts, (layout, matrix))
                boxes = {}
                for name, (element, style) in parts.items():
                    self.assertEqual(style["position"], "absolute", name)
                    left, top = _mm(style, "left"), _mm(style, "top")
                    boxes[name] = (
                        left,
                        top,
                        left + _mm(style, "width"),
                        top + _mm(style, "height"),
                    )
                    # Inside the label, 1 mm from its edges.
                    self.assertTrue(
                        1 <= left
                        and 1 <= top
                        and boxes[name][2] <= width - 1
                        and boxes[name][3] <= height - 1,
                        (name, boxes[name]),
                    )
                    if element.tag != "img":
                        self.assertEqual(style["overflow"], "hidden", name)
                for (one, box), (other, other_box) in itertools.combinations(
                    boxes.items(), 2
                ):
                    overlap = (
                        box[0] < other_box[2]
                        and other_box[0] < box[2]
                        and box[1] < other_box[3]
                        and other_box[1] < box[3]
                    )
                    self.assertFalse(
                        overlap,
                        f"{one} {box} overlaps {other} {other_box} "
                        f"({layout}, {matrix})",
                    )
                # The name wraps on two lines at most, then an ellipsis.
                name_style = parts["name"][1]
                self.assertEqual(
                    (name_style["-webkit-line-clamp"], name_style["text-overflow"]),
                    ("2", "ellipsis"),
                )
                self.assertLessEqual(
                    _mm(name_style, "height"), 2 * _mm(name_style, "line-height")
                )
                self.assertNotIn("nowrap", name_style.get("white-space", ""))
                # Serial and human readable text are never cut: they shrink until they
                # fit their area.
                self.assertIn(
                    parts["serial"][0].text_content().removeprefix("SN "),
                    [lot.name for lot in lots],
                )
                for name in ("serial", "hri"):
                    element, style = parts[name]
                    font_mm = float(style["font-size"].removesuffix("pt")) * PT_MM
                    self.assertLessEqual(
                        text_width_em(element.text_content()) * font_mm,
                        _mm(style, "width"),
                        element.text_content(),
                    )


@tagged("post_install", "-at_install")
class TestDigitalLinkLabels(SerialLifecycleCase):
    def test_a_qr_code_with_a_web_link_holds_the_serial_s_digital_link(self):
        self.assertEqual(
            digital_link("https://erp.example.com/", "09506000134352", "SN/2024 7%"),
            "https://erp.example.com/01/09506000134352/21/SN%2F2024%207%25",
        )
        self.product.barcode = "9506000134352"
        self.env["ir.config_parameter"].set_param(
            "web.base.url", "https://erp.example.com"
        )
        report = self.env["report.serial_lifecycle.report_serial_label"]
        values = report._label_values(self.product, "SN-000777", "qr_link")
        self.assertEqual(
            decode_matrix(png_of_data_uri(values["matrix_src"]))[2],
            "https://erp.example.com/01/09506000134352/21/SN-000777",
        )
        # Without a GTIN there is no Digital Link: the QR Code holds the serial alone.
        values = report._label_values(
            self.product.copy({"barcode": False}), "SN-000778", "qr_link"
        )
        self.assertEqual(
            decode_matrix(png_of_data_uri(values["matrix_src"]))[2], "SN-000778"
        )
