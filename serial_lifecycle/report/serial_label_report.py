import base64

import barcode
from barcode.writer import SVGWriter

from odoo import api, models

from ..tools.labels import label_codes

# Odoo's report barcode types for the two-dimensional code of a label.
MATRIX_SYMBOLOGIES = {"datamatrix": "ECC200DataMatrix", "qr": "QR"}


def linear_barcode(codes):
    """Return the python-barcode object of a label's linear code: GS1-128 or plain Code 128."""
    symbology = "gs1_128" if codes["gs1"] else "code128"
    return barcode.get(symbology, codes["element_string"], writer=SVGWriter())


class SerialLabelReport(models.AbstractModel):
    """Values of the serial labels, for both layouts (one label a page, or an A4 sheet).

    Barcodes are embedded as data URIs rather than fetched from
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
        products = self.env["product.product"].browse({product_id for product_id, _name in serials})
        copies = max(int(data.get("copies") or 1), 1)
        matrix = data.get("matrix", "datamatrix")
        labels = [
            label
            for product_id, serial in serials
            for label in [self._label_values(products.browse(product_id), serial, matrix)] * copies
        ]
        return {
            "doc_ids": lots.ids,
            "doc_model": "stock.lot",
            "docs": lots,
            "labels": labels,
            "sheet": data.get("layout") == "a4_3x8",
        }

    @api.model
    def _label_values(self, product, serial, matrix):
        codes = label_codes(serial, product.barcode)
        svg = linear_barcode(codes).render(writer_options={
            "module_width": 0.25, "module_height": 9.0, "quiet_zone": 2.0, "write_text": False,
        })
        values = {
            "product_name": product.display_name,
            "serial": serial,
            "codes": codes,
            "linear_src": "data:image/svg+xml;base64,%s" % base64.b64encode(svg).decode(),
            "matrix_src": False,
        }
        if matrix in MATRIX_SYMBOLOGIES:
            png = self.env["ir.actions.report"].barcode(
                MATRIX_SYMBOLOGIES[matrix], codes["element_string"], width=200, height=200, quiet=0)
            values["matrix_src"] = "data:image/png;base64,%s" % base64.b64encode(png).decode()
        return values
