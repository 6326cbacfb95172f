import datetime
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import gs1
from ..tools.serial_numbers import normalize_serial


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    production_date = fields.Date(
        "Production Date",
        help="Production date of the serial to create, read from the supplier's GS1 label (AI 11).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # A GS1 label scanned into the serial column gives the serial (and dates).
        vals_list = self._serial_scan_label_vals_list(vals_list)
        for vals in vals_list:
            if vals.get("lot_name"):
                vals["lot_name"] = normalize_serial(vals["lot_name"])
        lines = super().create(vals_list)
        if not self.env.context.get("serial_lifecycle_defer_allocation"):
            lines._lifecycle_allocation_lots()._lifecycle_sync_allocation()
        return lines

    def _lifecycle_allocation_lots(self):
        """Serials of these lines that a reservation may allocate or release.

        Filtered in memory first: a receipt writes the lot of each of its
        lines, and none of them should cost a query here.
        """
        return self.filtered(
            lambda line: line.lot_id
            and line.product_id.tracking == "serial"
            and line.state not in ("done", "cancel")
            and line.move_id
            and line.move_id._lifecycle_is_outgoing()
        ).lot_id

    def write(self, vals):
        if vals.get("lot_name") and gs1.normalize_element_string(vals["lot_name"])[1]:
            if len(self.product_id) > 1 and not vals.get("product_id"):
                raise UserError(_("A GS1 label names one product: write it on the lines of one product at a time."))
            product_id = vals.get("product_id") or self.product_id[:1].id
            read = self._serial_scan_label_vals_list([dict(vals, product_id=product_id)])[0]
            vals = {key: value for key, value in read.items() if key != "product_id" or "product_id" in vals}
        if vals.get("lot_name"):
            vals = dict(vals, lot_name=normalize_serial(vals["lot_name"]))
        # A serial chosen (or un-chosen) by hand on an outgoing move line is
        # allocated (or released) at once.
        sync = (
            not self.env.context.get("serial_lifecycle_defer_allocation")
            and ("lot_id" in vals or "quantity" in vals)
        )
        lots_before = self._lifecycle_allocation_lots() if sync else self.env["stock.lot"]
        res = super().write(vals)
        if sync:
            (lots_before | self._lifecycle_allocation_lots())._lifecycle_sync_allocation()
        return res

    def unlink(self):
        lots = self._lifecycle_allocation_lots()
        res = super().unlink()
        if not self.env.context.get("serial_lifecycle_defer_allocation"):
            lots.exists()._lifecycle_sync_allocation()
        return res

    @api.model
    def _serial_scan_label_vals_list(self, vals_list):
        """Return ``vals_list`` with each GS1 label in ``lot_name`` replaced by its serial and dates.

        Plain serials are left as typed. A label's GTIN must be its line's
        product; the expiry is filled only where product_expiry adds it.
        Labels are read in one batch per product, not one query per line.
        """
        labels = defaultdict(list)  # product id -> indexes in vals_list
        for index, vals in enumerate(vals_list):
            if vals.get("lot_name") and gs1.normalize_element_string(vals["lot_name"])[1]:
                labels[vals.get("product_id")].append(index)
        if not labels:
            return vals_list
        vals_list = list(vals_list)
        Lot = self.env["stock.lot"]
        for product_id, indexes in labels.items():
            product = self.env["product.product"].browse(product_id) if product_id else None
            results = Lot._serial_scan_parse_batch([vals_list[index]["lot_name"] for index in indexes], product)
            for index, result in zip(indexes, results):
                if isinstance(result, UserError):
                    raise result
                vals = dict(vals_list[index], lot_name=result["serial"])
                if result["production_date"]:
                    vals.setdefault("production_date", result["production_date"])
                if result["expiration_date"] and "expiration_date" in self._fields:
                    vals.setdefault("expiration_date",
                                    datetime.datetime.combine(result["expiration_date"], datetime.time()))
                vals_list[index] = vals
        return vals_list

    def _prepare_new_lot_vals(self):
        vals = super()._prepare_new_lot_vals()
        if self.production_date:
            vals["production_date"] = self.production_date
        return vals
