import logging
import re
from collections import defaultdict

from odoo import _, api, models, tools
from odoo.exceptions import UserError
from odoo.tools import format_datetime

from ..messages import render
from ..tools import gs1

_logger = logging.getLogger(__name__)

# Levels of _serial_status_flags(), most serious first.
FLAG_LEVELS = ["danger", "warning", "info"]
# Events on a scanned serial's card.
LAST_EVENTS = 5
# What a scan reads of its serials, with their lookup: what the card shows.
LOT_SCAN_FIELDS = [
    "name",
    "product_id",
    "lifecycle_state",
    "lifecycle_partner_id",
    "production_date",
]
# Odoo rule types (barcodes_gs1_nomenclature) -> key of the parse result.
DATE_RULE_TYPES = {
    "production_date": "production_date",
    "expiration_date": "expiration_date",
    "use_date": "use_date",
    "pack_date": "pack_date",
}


def _rule_reads(pattern, ai, value):
    """Whether a GS1 rule's pattern, "(AI)(value)", reads this field, as Odoo's
    decomposition does."""
    match = re.fullmatch(pattern, ai + value)
    return bool(match) and len(match.groups()) >= 2 and match.group(1) == ai


# The model is extended by concern, one file each: not merged on purpose.
# pylint: disable=consider-merging-classes-inherited
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
            # By id, from the xmlid cache: no query to check that it exists.
            nomenclature = nomenclature.browse(
                self.env["ir.model.data"]._xmlid_to_res_id(
                    "barcodes_gs1_nomenclature.default_gs1_nomenclature"
                )
            )
        return nomenclature

    @api.model
    @tools.ormcache("nomenclature_id")
    def _serial_scan_gs1_rules(self, nomenclature_id):
        """Return ((pattern, type), ...): the GS1-128 rules of a nomenclature, in their
        order.

        Read in one query and kept in the registry's cache (Odoo's own
        decomposition reads them at every scan, one query per rule);
        barcode.rule clears the cache when a rule is created, changed or
        deleted.
        """
        rules = (
            self.env["barcode.rule"]
            .sudo()
            .search_fetch(
                [
                    ("barcode_nomenclature_id", "=", nomenclature_id),
                    ("encoding", "=", "gs1-128"),
                ],
                ["pattern", "type"],
            )
        )
        return tuple((rule.pattern, rule.type) for rule in rules)

    @api.model
    def _serial_scan_parse(self, text, product=None, require_serial=False):
        """Read a scanned string; return what it says, or raise a UserError naming the
        problem.

        Returns a dict: ``serial`` (text; False for a GS1 label with a GTIN
        but neither (21) nor (10), such as a case label), ``lot``
        (stock.lot, empty if the serial does not exist yet or there is no
        serial), ``product`` (product.product, from the GTIN, the lot, or
        ``product`` given by the caller), ``gtin``, ``lot_number`` (AI 10),
        ``production_date``, ``expiration_date``, ``use_date``,
        ``pack_date`` (dates or False) and ``is_gs1``.
        ``product`` narrows a plain serial lookup (a receipt line knows its
        product) and must agree with a GTIN. ``require_serial`` refuses a
        label without serial, naming its product: what a caller does that
        needs one unit (receive, move, count it).
        """
        result = self._serial_scan_parse_batch(
            [text], product=product, require_serial=require_serial
        )[0]
        if isinstance(result, UserError):
            raise result
        return result

    @api.model
    def _serial_scan_parse_batch(self, texts, product=None, require_serial=False):
        """Read many scans at once (a count): a list of result dicts or UserErrors, in
        order.

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
            variants = [
                variant for gtin in gtins for variant in gs1.gtin_variants(gtin)
            ]
            # With what their display name needs, as the card shows it.
            for found in self.env["product.product"].search_fetch(
                [("barcode", "in", variants)],
                ["barcode", "default_code", "product_tmpl_id"],
            ):
                products_by_barcode.setdefault(found.barcode, found)
        names = list({result["serial"] for result in valid if result["serial"]})
        lots = (
            self.search_fetch(
                [
                    ("name", "in", names),
                    ("company_id", "in", (False, self.env.company.id)),
                ],
                LOT_SCAN_FIELDS,
            )
            if names
            else self.browse()
        )
        lots_by_name = defaultdict(lambda: self.browse())
        for lot in lots:
            lots_by_name[lot.name] |= lot
        for index, result in enumerate(results):
            if isinstance(result, dict):
                try:
                    self._serial_scan_resolve(
                        result,
                        product,
                        products_by_barcode,
                        lots_by_name[result["serial"]],
                    )
                    if require_serial and not result["serial"]:
                        raise UserError(
                            _(
                                "This GS1 label names %(product)s but no "
                                "serial (21): it labels a case or the "
                                "product, not one unit. Scan the serial "
                                "label of each unit to receive, move or "
                                "count it.",
                                product=result["product"].display_name,
                            )
                        )
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
                (
                    products_by_barcode[variant]
                    for variant in gs1.gtin_variants(result["gtin"])
                    if variant in products_by_barcode
                ),
                None,
            )
            if not gtin_product:
                raise UserError(
                    _("GTIN %(gtin)s is no known product.", gtin=result["gtin"])
                )
        if gtin_product and product and gtin_product != product:
            raise UserError(
                _(
                    "GTIN %(gtin)s is %(gtin_product)s, not %(product)s.",
                    gtin=result["gtin"],
                    gtin_product=gtin_product.display_name,
                    product=product.display_name,
                )
            )
        product = gtin_product or product
        result["lot"] = (
            self._serial_scan_pick_lot(result["serial"], product, lots)
            if result["serial"]
            else lots
        )
        result["product"] = product or result["lot"].product_id

    @api.model
    def _serial_scan_read_gs1(self, element_string, result, nomenclature):
        """Split the label with GS1's full AI table, check every value, and keep what
        the rules name.

        Any valid AI is read, whether the nomenclature has a rule for it or
        not ((240), (22), (7003)...); the nomenclature's rules say which
        fields are the product, the serial or lot and the dates.
        """
        separator = (
            nomenclature.gs1_separator_fnc1
            if nomenclature == self.env.company.nomenclature_id
            else False
        )
        if separator:
            # The company's own stand-in for FNC1 (a regex; Odoo's default
            # ones are replaced already, by normalize_element_string).
            try:
                if not re.fullmatch(separator, ""):
                    element_string = re.sub(separator, gs1.FNC1, element_string)
                    element_string = re.sub(
                        gs1.FNC1 + "+", gs1.FNC1, element_string
                    ).strip(gs1.FNC1)
            except re.error:
                # Odoo's nomenclature form checks the regex; one broken in the
                # database leaves the scan without it rather than refusing it.
                _logger.debug("GS1 separator %r is not a valid regex", separator)
        try:
            fields = gs1.split_element_string(element_string)
            gs1.check_fields(fields)
        except gs1.Gs1Error as error:
            raise UserError(
                _(
                    "GS1 label refused: %(reason)s.",
                    reason=render(self.env, error.message),
                )
            ) from None
        rules = self._serial_scan_gs1_rules(nomenclature.id)
        for ai, value in fields:
            rule_type = next(
                (
                    rule_type
                    for pattern, rule_type in rules
                    if _rule_reads(pattern, ai, value)
                ),
                None,
            )
            if rule_type == "product":
                result["gtin"] = result["gtin"] or value
            elif rule_type == "lot":
                result["serial" if ai == "21" else "lot_number"] = value
            elif rule_type in DATE_RULE_TYPES:
                result[DATE_RULE_TYPES[rule_type]] = gs1.parse_gs1_date(value)
        # A serial-tracked unit labelled with (10) only: its lot is its serial.
        result.setdefault("serial", result["lot_number"])
        if not result["serial"] and not result["gtin"]:
            raise UserError(
                _(
                    "GS1 label %(scan)r names no product (01) and no serial "
                    "(21) or lot (10).",
                    scan=element_string.replace(gs1.FNC1, "<GS>"),
                )
            )

    @api.model
    def _serial_scan_pick_lot(self, serial, product, lots):
        """Return the lot of ``lots`` (all named ``serial``) for ``product``, or an
        empty recordset.

        A serial that exists only for another product than the one the label
        or the document names is refused: it is the wrong label or the
        wrong unit.
        """
        if not product:
            if len(lots) > 1:
                raise UserError(
                    _(
                        "Serial %(serial)s exists for several products "
                        "(%(products)s): scan its GS1 label.",
                        serial=serial,
                        products=", ".join(lots.product_id.mapped("display_name")),
                    )
                )
            return lots
        own = lots.filtered(lambda lot: lot.product_id == product)
        if not own and lots:
            raise UserError(
                _(
                    "Serial %(serial)s belongs to %(other)s, not to %(product)s.",
                    serial=serial,
                    other=", ".join(lots.product_id.mapped("display_name")),
                    product=product.display_name,
                )
            )
        return own

    def _serial_scan_card(self):
        """Return {lot id: card}: what the scan screen shows for each serial,
        batch-read."""
        states = dict(self._fields["lifecycle_state"]._description_selection(self.env))
        flags = self._serial_status_flags()
        location_by_lot = {
            lot_id: location.complete_name
            for lot_id, location in self._serial_stock_locations().items()
        }
        events = self.env["stock.lot.lifecycle.event"].search_fetch(
            [("lot_id", "in", self.ids)],
            ["lot_id", "event_date", "event_type", "partner_id", "picking_id", "note"],
            # One serial (a scan): only its last events are read.
            limit=LAST_EVENTS if len(self) == 1 else None,
        )
        event_types = dict(
            events._fields["event_type"]._description_selection(self.env)
        )
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
                "production_date": lot.production_date
                and lot.production_date.isoformat(),
                # The most serious first: a recall or a block before a warranty note.
                "flags": sorted(
                    flags.get(lot.id, []),
                    key=lambda flag: FLAG_LEVELS.index(flag["level"]),
                ),
                "events": [
                    {
                        "id": event.id,
                        # In the user's time zone and language, as every date of the web
                        # client (the time zone of the request's context, else the
                        # user's own).
                        "date": format_datetime(
                            self.env,
                            event.event_date,
                            tz=self.env.context.get("tz"),
                            dt_format="short",
                        ),
                        "type": event_types.get(event.event_type, event.event_type),
                        "partner": event.partner_id.display_name or "",
                        "document": event.picking_id.name or "",
                        "note": event.note or "",
                    }
                    for event in events
                    if event.lot_id == lot
                ][:LAST_EVENTS],
            }
        return cards
