from odoo import _, fields, models
from odoo.exceptions import UserError

from odoo.addons.serial_lifecycle.tools import gs1


class WizStockBarcodesReadPicking(models.TransientModel):
    """OCA's barcode reader on a transfer, with our serial rules at the scan.

    What it writes goes through stock.move.line create/write and
    stock.picking.button_validate, where serial_lifecycle checks everything
    again; here the reader only says it first, in its own message bar.
    """

    _inherit = "wiz.stock.barcodes.read.picking"

    serial_production_date = fields.Date(
        help="Production date (AI 11) of the new serial read from its GS1 label.",
    )

    def process_barcode(self, barcode):
        # stock_barcodes reads a product barcode, then a lot name, one scan
        # each; our labels carry both in one GS1 element string (01)(21),
        # read by serial_lifecycle's reader (stock.lot._serial_scan_parse).
        if self and gs1.normalize_element_string(barcode)[1]:
            return self._serial_process_gs1_label(barcode)
        if self:
            self.serial_production_date = False
        return super().process_barcode(barcode)

    def action_clean_values(self):
        self.serial_production_date = False
        return super().action_clean_values()

    def _serial_process_gs1_label(self, barcode):
        """Fill product and serial from a GS1 label, then go on as after any read."""
        self._set_message_info("success", _("OK"))
        try:
            parsed = self.env["stock.lot"]._serial_scan_parse(barcode)
        except UserError as error:
            self._set_message_info("not_found", error.args[0])
            self.play_sounds(False)
            return False
        product = parsed["product"]
        if product.type not in self._allowed_product_types:
            self._set_message_info("not_found", _("The product type is not allowed"))
            self.play_sounds(False)
            return False
        self.action_product_scaned_post(product)
        self.serial_production_date = not parsed["lot"] and parsed["production_date"]
        if parsed["lot"]:
            self.action_lot_scaned_post(parsed["lot"])
        elif parsed["serial"]:
            # A new serial: the receipt creates it (stock.move.line lot_name).
            self.action_lot_scaned_post(parsed["serial"])
        if not self._serial_check_scanned_lot():
            return False
        self.play_sounds(True)
        if not self.check_option_required():
            return False
        if self.is_manual_confirm or self.manual_entry:
            self._set_message_info("info", _("Review and confirm"))
            return False
        return self.action_confirm()

    def _update_stock_move_line(self, line, sml_vals):
        return super()._update_stock_move_line(line, self._serial_label_vals(sml_vals))

    def _prepare_move_line_values(self, candidate_move, available_qty):
        return self._serial_label_vals(
            super()._prepare_move_line_values(candidate_move, available_qty)
        )

    def _serial_label_vals(self, vals):
        """The move line values with what the label said of the new serial."""
        if vals.get("lot_name") and self.serial_production_date:
            vals = dict(vals, production_date=self.serial_production_date)
        return vals

    def process_barcode_lot_id(self):
        # A plain serial scanned on its own: refused at once when blocked,
        # rather than once the quantity is confirmed.
        res = super().process_barcode_lot_id()
        if res and not self._serial_check_scanned_lot():
            return False
        return res

    def check_done_conditions(self):
        # Ours first: "Serial X is Scrapped" says more than "not available".
        return self._serial_check_scanned_lot() and super().check_done_conditions()

    def _serial_check_scanned_lot(self):
        """Refuse the scanned serial where our rules refuse it, with our message.

        On a receipt, a serial that exists already must be one that may
        arrive (a unit is not received twice); elsewhere, a blocked serial
        (quarantined, lost, scrapped...) may not go on the transfer. The same
        sentences as our own scan screen (stock.move._serial_pick_refusal).
        """
        lot = self.lot_id
        if not lot or lot.product_id.tracking != "serial":
            return True
        move = self.picking_id.move_ids.filtered(
            lambda m: m.product_id == lot.product_id
            and m.state not in ("done", "cancel")
        )[:1]
        if not move:
            return True
        refusal = move._serial_pick_refusal(lot)
        if refusal:
            self._set_message_info("more_match", refusal)
            self.lot_id = False
            self.lot_name = False
            self.play_sounds(False)
            return False
        return True
