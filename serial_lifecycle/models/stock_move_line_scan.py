"""stock.move.line: a GS1 label scanned into the serial of a receipt line.

Kept apart from stock_move_line.py (same model): everything a scanned label
fills on a line lives here.
"""
import datetime

from odoo import api, fields, models

from ..tools import gs1


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    production_date = fields.Date(
        "Production Date",
        help="Production date of the serial to create, read from the supplier's GS1 label (AI 11).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        products = self.env["product.product"].browse(
            {vals["product_id"] for vals in vals_list if vals.get("product_id")}
        )
        vals_list = [
            self._serial_scan_label_vals(vals, products.browse(vals.get("product_id")))
            for vals in vals_list
        ]
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("lot_name") and gs1.normalize_element_string(vals["lot_name"])[1]:
            vals = self._serial_scan_label_vals(vals, self.product_id[:1])
        return super().write(vals)

    @api.model
    def _serial_scan_label_vals(self, vals, product):
        """Return ``vals`` with a GS1 label in ``lot_name`` replaced by its serial and dates.

        A plain serial is left as typed. The label's GTIN must be the line's
        product; the expiry is filled only where product_expiry adds it.
        """
        scanned = vals.get("lot_name")
        if not scanned or not gs1.normalize_element_string(scanned)[1]:
            return vals
        result = self.env["stock.lot"]._serial_scan_parse(scanned, product=product or None)
        vals = dict(vals, lot_name=result["serial"])
        if result["production_date"]:
            vals.setdefault("production_date", result["production_date"])
        if result["expiration_date"] and "expiration_date" in self._fields:
            vals.setdefault("expiration_date", datetime.datetime.combine(result["expiration_date"], datetime.time()))
        return vals

    def _prepare_new_lot_vals(self):
        vals = super()._prepare_new_lot_vals()
        if self.production_date:
            vals["production_date"] = self.production_date
        return vals
