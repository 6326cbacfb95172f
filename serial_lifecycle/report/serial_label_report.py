import base64
import io

import barcode
import zxingcpp
from barcode.writer import SVGWriter
from PIL import Image

from odoo import api, models

from ..tools import gs1
from ..tools.labels import digital_link, label_codes

# The 2D codes are drawn by zxing-cpp's writer (zint inside), because
# ReportLab's, behind Odoo's ir.actions.report.barcode(), cannot put FNC1
# first: its symbols read as plain ]d1 / ]Q1 data, and its DataMatrix pads
# some data (SN-000123) with a NUL that scanners send along. In GS1 mode zint
# starts the symbol with FNC1 and separates the fields itself: scanners send
# ]d2 (GS1 DataMatrix) or ]Q3 (GS1 QR Code) and the element string.
MATRIX_FORMATS = {
    "datamatrix": zxingcpp.BarcodeFormat.DataMatrix,
    "qr": zxingcpp.BarcodeFormat.QRCode,
    "qr_link": zxingcpp.BarcodeFormat.QRCode,
}
# Square DataMatrix (zint may choose a rectangle otherwise); QR Code at level
# M (15% of the symbol may be lost, against 7% at zint's default L).
MATRIX_OPTIONS = {
    "datamatrix": {"forceSquare": True},
    "qr": {"ecLevel": "M"},
    "qr_link": {"ecLevel": "M"},
}
# Pixels a module: the image is sharp at any print size it is scaled to.
MATRIX_SCALE = 8

# Areas of a label, (left, top, width, height) in mm, inside its 50 x 24.8 mm
# box (1 mm free around them). They never overlap, and each text is clipped
# to its own area: the product name on at most two lines (an ellipsis ends
# the second where the renderer knows -webkit-line-clamp).
LABEL_SIZE = (50, 24.8)
LABEL_AREAS = {
    "matrix": {
        "name": (1, 1, 35, 5.4),
        "serial": (1, 7, 35, 4),
        "matrix": (37, 1, 12, 12),
        "linear": (1, 13.6, 48, 7),
        "hri": (1, 20.8, 48, 2.6),
    },
    "plain": {
        "name": (1, 1, 48, 5.4),
        "serial": (1, 6.8, 48, 4),
        "linear": (1, 11.2, 48, 9.4),
        "hri": (1, 20.8, 48, 2.6),
    },
}
# The serial line ("SN " and the serial) and the text under the linear code
# are never cut: they shrink (from 9 pt and 5 pt) until they fit their area,
# measured with Arial's advance widths (1/1000 em; Liberation Sans has the
# same), plus 15% for a wider fallback font such as DejaVu Sans. Characters
# outside the table count 1 em.
SERIAL_FONT_PT = (4.5, 9)
HRI_FONT_PT = (3.5, 5)
PT_MM = 25.4 / 72
FALLBACK_FONT_MARGIN = 1.15
ARIAL_WIDTHS = dict(
    zip(
        " !\"%&'()*+,-./0123456789:;<=>?"
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz",
        [278, 278, 355, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278]
        + [556] * 10
        + [278, 278, 584, 584, 584, 556]
        + [
            667,
            667,
            722,
            722,
            667,
            611,
            778,
            722,
            278,
            500,
            667,
            556,
            833,
            722,
            778,
            667,
            778,
            722,
            667,
            611,
            722,
            667,
            944,
            667,
            667,
            611,
        ]
        + [556]
        + [
            556,
            556,
            500,
            556,
            556,
            278,
            556,
            556,
            222,
            222,
            500,
            222,
            833,
            556,
            556,
            556,
            556,
            333,
            500,
            278,
            556,
            500,
            722,
            500,
            500,
            500,
        ],
        strict=True,
    )
)
LINEAR_OPTIONS = {"module_width": 0.25, "quiet_zone": 2.0, "write_text": False}


def linear_barcode(codes):
    """Return the python-barcode object of a label's linear code: GS1-128 or plain Code
    128."""
    symbology = "gs1_128" if codes["gs1"] else "code128"
    return barcode.get(symbology, codes["element_string"], writer=SVGWriter())


def linear_svg(codes, width, height):
    """SVG of the linear code, its bars as high as the aspect of a ``width`` x
    ``height`` mm area allows.

    The SVG has no viewBox and is scaled to fit its area: bars of the right
    height make it fill the area's width rather than leave it half empty.
    """
    code = linear_barcode(codes)
    modules = len(code.build()[0])
    svg_width = (
        modules * LINEAR_OPTIONS["module_width"] + 2 * LINEAR_OPTIONS["quiet_zone"]
    )
    # python-barcode adds 1 mm above and under the bars.
    module_height = max(svg_width * height / width - 2, 1)
    return code.render(writer_options=dict(LINEAR_OPTIONS, module_height=module_height))


def matrix_png(matrix, codes):
    """PNG of a label's 2D code (``matrix``: "datamatrix" or "qr"), with its quiet zone.

    GS1 codes give a GS1 DataMatrix or GS1 QR Code (FNC1 first, the element
    string of ``codes``); others a plain symbol of their data.
    """
    options = dict(MATRIX_OPTIONS[matrix])
    if matrix == "qr_link" and codes.get("link"):
        # A plain QR Code holding the serial's web address (GS1 Digital Link).
        content = codes["link"]
    elif codes["gs1"]:
        # zint's GS1 input: "[01]09506000134352[21]LAP-000001". Brackets
        # cannot occur in a GS1 field (set 82), parentheses can.
        content = "".join(
            "[{}]{}".format(*field)
            for field in gs1.split_element_string(codes["element_string"])
        )
        options["gs1"] = True
    else:
        content = codes["element_string"]
    image = zxingcpp.create_barcode(
        content, MATRIX_FORMATS[matrix], **options
    ).to_image(scale=MATRIX_SCALE)
    height, width = image.shape
    stream = io.BytesIO()
    Image.frombytes("L", (width, height), bytes(memoryview(image))).save(stream, "PNG")
    return stream.getvalue()


def text_width_em(text):
    """Width of ``text`` in Arial, in em."""
    return sum(ARIAL_WIDTHS.get(char, 1000) for char in text) / 1000


def fitting_font_size(text, width, sizes):
    """Font size (pt, rounded down to half points, within ``sizes``) at which ``text``
    fits ``width`` mm."""
    low, high = sizes
    size = width / (text_width_em(text) * FALLBACK_FONT_MARGIN * PT_MM)
    return max(low, min(high, int(size * 2) / 2))


def area_style(area):
    return (
        "position: absolute; left: {}mm; top: {}mm; width: {}mm; height: {}mm;".format(
            *area
        )
    )


class SerialLabelReport(models.AbstractModel):
    """Serial labels of 50 x 25 mm, one a page, for a label printer.

    The A4 sheet (report.serial_lifecycle.report_serial_label_sheet) shares
    these values. Barcodes are embedded as data URIs rather than fetched from
    /report/barcode, so a label prints the same with or without a web
    server reachable from the PDF renderer.
    """

    _name = "report.serial_lifecycle.report_serial_label"
    _description = "Serial Number Labels"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        lots = self.env["stock.lot"].browse(docids)
        # The wizard sends (product id, serial) pairs: a receipt's serials
        # can be labelled before its validation creates them.
        serials = data.get("serials") or [(lot.product_id.id, lot.name) for lot in lots]
        products = self.env["product.product"].browse(
            {product_id for product_id, _name in serials}
        )
        copies = max(int(data.get("copies") or 1), 1)
        matrix = data.get("matrix", "datamatrix")
        labels = [
            label
            for product_id, serial in serials
            for label in [
                self._label_values(products.browse(product_id), serial, matrix)
            ]
            * copies
        ]
        return {
            "doc_ids": lots.ids,
            "doc_model": "stock.lot",
            "docs": lots,
            "labels": labels,
            "label_style": "width: {}mm; height: {}mm;".format(*LABEL_SIZE),
        }

    @api.model
    def _label_codes(self, product, serial):
        """What the label of ``serial`` encodes: GS1 if the product has a GTIN and the
        serial is valid GS1.

        A serial GS1 refuses in (21) (over 20 characters, or outside set 82)
        is labelled alone, as for a product without GTIN: a GS1 symbol must
        hold valid GS1 data.
        """
        codes = label_codes(serial, product.barcode)
        if codes["gs1"]:
            try:
                gs1.check_fields(gs1.split_element_string(codes["element_string"]))
            except gs1.Gs1Error:
                codes = label_codes(serial)
        return codes

    @api.model
    def _label_values(self, product, serial, matrix):
        codes = self._label_codes(product, serial)
        if matrix == "qr_link" and codes["gs1"]:
            base_url = (
                self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
            )
            codes = dict(codes, link=digital_link(base_url, codes["gtin"], serial))
        areas = LABEL_AREAS["matrix" if matrix in MATRIX_FORMATS else "plain"]
        svg = linear_svg(codes, *areas["linear"][2:])
        values = {
            "product_name": product.display_name,
            "serial": serial,
            "serial_font_size": fitting_font_size(
                "SN " + serial, areas["serial"][2], SERIAL_FONT_PT
            ),
            "hri_font_size": fitting_font_size(
                codes["human_readable"], areas["hri"][2], HRI_FONT_PT
            ),
            "codes": codes,
            "styles": {name: area_style(area) for name, area in areas.items()},
            "linear_src": f"data:image/svg+xml;base64,{base64.b64encode(svg).decode()}",
            "matrix_src": False,
        }
        if matrix in MATRIX_FORMATS:
            png = base64.b64encode(matrix_png(matrix, codes)).decode()
            values["matrix_src"] = f"data:image/png;base64,{png}"
        return values
