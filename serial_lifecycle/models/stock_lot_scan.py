from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_datetime

from ..tools import gs1
from ..tools.lifecycle_rules import STATES

# Levels of _serial_status_flags(), most serious first.
FLAG_LEVELS = ["danger", "warning", "info"]
# Events on a scanned serial's card.
LAST_EVENTS = 5
# Odoo rule types (barcodes_gs1_nomenclature) -> key of the parse result.
DATE_RULE_TYPES = {
    "production_date": "production_date",
    "expiration_date": "expiration_date",
    "use_date": "use_date",
    "pack_date": "pack_date",
}


class StockLot(models.Model):
    """Scanning a serial: one entry point, _serial_scan_parse(), for receipts,
    the scan screen and counts by serial; and the card the scan screen shows."""

    _inherit = "stock.lot"

    # ------------------------------------------------------------------
    # Scanning: one entry point, _serial_scan_parse(), for receipts, the
    # scan screen and counts by serial
    # ------------------------------------------------------------------

    @api.model
    def _serial_scan_nomenclature(self):
        """The company's nomenclature if it reads GS1, else Odoo's default GS1 one."""
        nomenclature = self.env.company.nomenclature_id
        if not nomenclature.is_gs1_nomenclature:
            nomenclature = self.env.ref("barcodes_gs1_nomenclature.default_gs1_nomenclature")
        return nomenclature

    @api.model
    def _serial_scan_parse(self, text, product=None):
        """Read a scanned string; return what it says, or raise a UserError naming the problem.

        Returns a dict: ``serial`` (text), ``lot`` (stock.lot, empty if the
        serial does not exist yet), ``product`` (product.product, from the
        GTIN, the lot, or ``product`` given by the caller), ``gtin``,
        ``lot_number`` (AI 10), ``production_date``, ``expiration_date``,
        ``use_date``, ``pack_date`` (dates or False) and ``is_gs1``.
        ``product`` narrows a plain serial lookup (a receipt line knows its
        product) and must agree with a GTIN.
        """
        result = self._serial_scan_parse_batch([text], product=product)[0]
        if isinstance(result, UserError):
            raise result
        return result

    @api.model
    def _serial_scan_parse_batch(self, texts, product=None):
        """Read many scans at once (a count): a list of result dicts or UserErrors, in order.

        Products and lots are looked up with one query each, whatever the
        number of scans.
        """
        results = []
        nomenclature = self._serial_scan_nomenclature()
        for text in texts:
            try:
                results.append(self._serial_scan_read(text, nomenclature))
            except UserError as error:
                results.append(error)
        valid = [result for result in results if isinstance(result, dict)]
        gtins = {result["gtin"] for result in valid if result["gtin"]}
        products_by_barcode = {}
        if gtins:
            variants = [variant for gtin in gtins for variant in gs1.gtin_variants(gtin)]
            for found in self.env["product.product"].search_fetch([("barcode", "in", variants)], ["barcode"]):
                products_by_barcode.setdefault(found.barcode, found)
        lots = self.search_fetch([
            ("name", "in", list({result["serial"] for result in valid})),
            ("company_id", "in", (False, self.env.company.id)),
        ], ["name", "product_id", "lifecycle_state"])
        lots_by_name = defaultdict(lambda: self.browse())
        for lot in lots:
            lots_by_name[lot.name] |= lot
        for index, result in enumerate(results):
            if isinstance(result, dict):
                try:
                    self._serial_scan_resolve(result, product, products_by_barcode, lots_by_name[result["serial"]])
                except UserError as error:
                    results[index] = error
        return results

    @api.model
    def _serial_scan_read(self, text, nomenclature):
        """The text alone (no product or lot yet): serial, GTIN, dates."""
        if text and not isinstance(text, str):
            raise UserError(self._serial_input_error(text))
        element_string, is_gs1 = gs1.normalize_element_string(text)
        if not element_string:
            raise UserError(_("Nothing was scanned."))
        result = dict.fromkeys(("gtin", "lot_number", *DATE_RULE_TYPES.values()), False)
        result["is_gs1"] = is_gs1
        if is_gs1:
            self._serial_scan_read_gs1(element_string, result, nomenclature)
        else:
            # A plain serial is only looked up: its format is the product's
            # own rule (a category may allow any printable character), checked
            # when a serial is created, not when an existing one is scanned.
            error = self._serial_input_error(element_string)
            if error:
                raise UserError(error)
            result["serial"] = element_string
        return result

    @api.model
    def _serial_scan_resolve(self, result, product, products_by_barcode, lots):
        """Fill ``product`` and ``lot`` of a read scan, from the lots of that name."""
        gtin_product = None
        if result["gtin"]:
            gtin_product = next(
                (products_by_barcode[variant] for variant in gs1.gtin_variants(result["gtin"])
                 if variant in products_by_barcode), None)
            if not gtin_product:
                raise UserError(_("GTIN %(gtin)s is no known product.", gtin=result["gtin"]))
        if gtin_product and product and gtin_product != product:
            raise UserError(_(
                "GTIN %(gtin)s is %(gtin_product)s, not %(product)s.",
                gtin=result["gtin"], gtin_product=gtin_product.display_name, product=product.display_name,
            ))
        product = gtin_product or product
        result["lot"] = self._serial_scan_pick_lot(result["serial"], product, lots)
        result["product"] = product or result["lot"].product_id

    @api.model
    def _serial_scan_read_gs1(self, element_string, result, nomenclature):
        try:
            parts = nomenclature.gs1_decompose_extanded(element_string)
        except (ValueError, ValidationError):
            # Odoo's date conversion raises on 251340; the diagnosis below names it.
            parts = None
        if parts is None:
            # Odoo's parser returns None without a reason: the pure splitter
            # names the problem (an impossible date, an unknown AI, ...).
            try:
                gs1.check_fields(gs1.split_element_string(element_string))
            except gs1.Gs1Error as error:
                raise UserError(_("GS1 label refused: %(reason)s.", reason=error)) from None
            raise UserError(_("GS1 label %(scan)r cannot be read with the GS1 nomenclature.",
                              scan=element_string.replace(gs1.FNC1, "<GS>")))
        # Odoo read it (every AI of its nomenclature, weights included), but it
        # accepts what GS1 does not: an empty or too long serial, characters
        # outside set 82, a wrong GTIN check digit.
        try:
            gs1.check_fields([(part["ai"], part["value"]) for part in parts if part["type"] in ("product", "lot")])
        except gs1.Gs1Error as error:
            raise UserError(_("GS1 label refused: %(reason)s.", reason=error)) from None
        for part in parts:
            if part["type"] == "product":
                result["gtin"] = part["value"]
            elif part["type"] == "lot":
                result["serial" if part["ai"] == "21" else "lot_number"] = part["value"]
            elif part["type"] in DATE_RULE_TYPES:
                result[DATE_RULE_TYPES[part["type"]]] = part["value"]
        # A serial-tracked unit labelled with (10) only: its lot is its serial.
        result.setdefault("serial", result["lot_number"])
        if not result["serial"]:
            raise UserError(_("GS1 label %(scan)r carries no serial (21) or lot (10).",
                              scan=element_string.replace(gs1.FNC1, "<GS>")))

    @api.model
    def _serial_scan_pick_lot(self, serial, product, lots):
        """Return the lot of ``lots`` (all named ``serial``) for ``product``, or an empty recordset.

        A serial that exists only for another product than the one the label
        or the document names is refused: it is the wrong label or the
        wrong unit.
        """
        if not product:
            if len(lots) > 1:
                raise UserError(_(
                    "Serial %(serial)s exists for several products (%(products)s): scan its GS1 label.",
                    serial=serial, products=", ".join(lots.product_id.mapped("display_name")),
                ))
            return lots
        own = lots.filtered(lambda lot: lot.product_id == product)
        if not own and lots:
            raise UserError(_(
                "Serial %(serial)s belongs to %(other)s, not to %(product)s.",
                serial=serial, other=", ".join(lots.product_id.mapped("display_name")),
                product=product.display_name,
            ))
        return own

    def _serial_scan_card(self):
        """Return {lot id: card}: what the scan screen shows for each serial, batch-read."""
        states = dict(STATES)
        flags = self._serial_status_flags()
        location_by_lot = {
            lot_id: location.complete_name for lot_id, location in self._serial_stock_locations().items()
        }
        events = self.env["stock.lot.lifecycle.event"].search_fetch(
            [("lot_id", "in", self.ids)], ["lot_id", "event_date", "event_type", "partner_id", "picking_id", "note"],
            # One serial (a scan): only its last events are read.
            limit=LAST_EVENTS if len(self) == 1 else None,
        )
        event_types = dict(events._fields["event_type"]._description_selection(self.env))
        cards = {}
        for lot in self:
            cards[lot.id] = {
                "id": lot.id,
                "name": lot.name,
                "product": lot.product_id.display_name,
                "state": lot.lifecycle_state,
                "state_label": states[lot.lifecycle_state],
                "location": location_by_lot.get(lot.id, False),
                "customer": lot.lifecycle_partner_id.display_name or False,
                "production_date": lot.production_date and lot.production_date.isoformat(),
                # The most serious first: a recall or a block before a warranty note.
                "flags": sorted(flags.get(lot.id, []), key=lambda flag: FLAG_LEVELS.index(flag["level"])),
                "events": [{
                    "id": event.id,
                    # In the user's time zone and language, as every date of the web client.
                    "date": format_datetime(self.env, event.event_date, dt_format="short"),
                    "type": event_types.get(event.event_type, event.event_type),
                    "partner": event.partner_id.display_name or "",
                    "document": event.picking_id.name or "",
                    "note": event.note or "",
                } for event in events if event.lot_id == lot][:LAST_EVENTS],
            }
        return cards

