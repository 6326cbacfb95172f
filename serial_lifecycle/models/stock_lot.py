import logging
from collections import defaultdict

from odoo import Command, _, api, fields, models
from odoo.tools import format_datetime
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import gs1

from ..tools.lifecycle_rules import (
    ALLOCATABLE_STATES,
    BLOCKED_STATES,
    EVENT_TYPE_LABELS,
    MANAGER_ACTIONS,
    MANUAL_ACTIONS,
    STATES,
    manual_action_error,
)
from ..tools.serial_numbers import check_serial, find_duplicates, normalize_serial, split_serial

_logger = logging.getLogger(__name__)

UNIQUE_INDEX = "stock_lot_serial_lifecycle_unique_name"
RANGE_INDEX = "stock_lot_serial_lifecycle_range"
SCAN_NAME_INDEX = "stock_lot_serial_scan_name"
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
    _inherit = "stock.lot"

    lifecycle_state = fields.Selection(
        STATES, "Lifecycle State", default="draft", required=True, index=True, readonly=True, copy=False,
        help="Where the serial stands, after its latest lifecycle event. "
        "It changes only when an event is appended to its history.",
    )
    lifecycle_partner_id = fields.Many2one(
        "res.partner", "Current Customer", index="btree_not_null", readonly=True, copy=False,
        help="The customer who holds the serial, from its latest delivery or installation.",
    )
    lifecycle_event_ids = fields.One2many("stock.lot.lifecycle.event", "lot_id", "Lifecycle Events", readonly=True)
    serial_prefix = fields.Char(
        "Serial Prefix", readonly=True, copy=False,
        help="Text before the last group of digits of the serial, for range searches.",
    )
    serial_numeric_key = fields.Char(
        "Serial Number Key", readonly=True, copy=False,
        help="Last group of digits of the serial, zero-padded so that text order is numeric order.",
    )
    serial_suffix = fields.Char("Serial Suffix", readonly=True, copy=False)
    tracking = fields.Selection(related="product_id.tracking", string="Tracking")
    production_date = fields.Date(
        "Production Date", index="btree_not_null", copy=False,
        help="When the unit was made: from the supplier's label (GS1 AI 11) or typed at receipt. "
        "Recalls can select serials by production date.",
    )

    def init(self):
        super().init()
        cr = self.env.cr
        cr.execute(
            "CREATE INDEX IF NOT EXISTS %s ON stock_lot (product_id, serial_prefix, serial_numeric_key)"
            % RANGE_INDEX
        )
        # Odoo indexes stock_lot.name with trigrams (for ilike searches); an
        # exact lookup of one serial among a million sharing a prefix ("SN0")
        # reads most of that index: 90 ms. A scan needs the plain b-tree.
        cr.execute("CREATE INDEX IF NOT EXISTS %s ON stock_lot (name)" % SCAN_NAME_INDEX)
        cr.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", (UNIQUE_INDEX,))
        if cr.fetchone():
            return
        # Odoo checks uniqueness in Python only, so two users receiving the
        # same serial at the same moment both pass. The index closes that
        # race. Databases with years of history may already hold duplicates:
        # those are reported and left alone, never merged or renamed.
        cr.execute("""
            SELECT product_id, COALESCE(company_id, 0), name, COUNT(*)
              FROM stock_lot
          GROUP BY 1, 2, 3
            HAVING COUNT(*) > 1
             LIMIT 10
        """)
        duplicates = cr.fetchall()
        if duplicates:
            _logger.warning(
                "serial_lifecycle: unique index on serial numbers not created, the database "
                "already holds duplicates (product id, company id, name, count), first ones: %s",
                duplicates,
            )
            return
        cr.execute(
            "CREATE UNIQUE INDEX %s ON stock_lot (product_id, COALESCE(company_id, 0), name)" % UNIQUE_INDEX
        )

    @api.model_create_multi
    def create(self, vals_list):
        self._prepare_serial_vals(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.context.get("serial_lifecycle_ledger") and (
            "lifecycle_state" in vals or "lifecycle_partner_id" in vals
        ):
            raise UserError(_(
                "The lifecycle state of a serial changes only by recording a lifecycle event "
                "(receipts, deliveries, or the actions on the serial form)."
            ))
        if "name" in vals:
            if len(self) > 1:
                raise UserError(_("Rename serial numbers one at a time."))
            prepared = dict(vals, product_id=vals.get("product_id", self.product_id.id))
            prepared.setdefault("company_id", self.company_id.id)
            self.with_context(serial_lifecycle_renamed_lot=self.id)._prepare_serial_vals([prepared])
            vals = dict(vals, **{key: prepared[key] for key in prepared if key not in ("product_id", "company_id")})
        return super().write(vals)

    # ------------------------------------------------------------------
    # Serial numbers: format rules, duplicates, prefix/number split
    # ------------------------------------------------------------------

    @api.model
    def generate_lot_names(self, first_lot, count):
        names = self.env.context.get("serial_lifecycle_template_names")
        if names is not None and len(names) == count:
            return [{"lot_name": name} for name in names]
        return super().generate_lot_names(first_lot, count)

    @api.model
    def _get_next_serial(self, company, product):
        # Manufacturing asks here for the serial of a finished product.
        if product.serial_sequence_use and product.tracking == "serial":
            return product.product_tmpl_id._serial_sequence_take(1)[0]
        return super()._get_next_serial(company, product)

    @api.model
    def _prepare_serial_vals(self, vals_list):
        """Normalise, check and split the names of lots about to be written.

        Every bad name is reported at once, with its reason, before anything
        is written, so a pasted list of 200 serials is refused or accepted
        whole.
        """
        products = self.env["product.product"].browse(
            {vals["product_id"] for vals in vals_list if vals.get("product_id")}
        )
        errors = []
        serial_keys = []
        for vals in vals_list:
            if vals.get("name"):
                vals["name"] = normalize_serial(vals["name"])
            name = vals.get("name")
            product = products.browse(vals.get("product_id")).with_prefetch(products._prefetch_ids)
            prefix, number_key, suffix = split_serial(name)
            vals.update(serial_prefix=prefix, serial_numeric_key=number_key, serial_suffix=suffix)
            if not name or product.tracking != "serial":
                continue
            for reason in check_serial(name, *product.product_tmpl_id._serial_format_rules()):
                errors.append(_("%(serial)r %(reason)s", serial=name, reason=reason))
            company_id = vals.get("company_id", product.company_id.id)
            serial_keys.append((product.id, company_id or False, name))
        for product_id, company_id, name in find_duplicates(serial_keys):
            errors.append(_("%(serial)r is given more than once", serial=name))
        errors += self._existing_serial_errors(serial_keys)
        if errors:
            raise ValidationError(_(
                "These serial numbers are refused; nothing was saved:\n%(lines)s",
                lines="\n".join(" - %s" % error for error in errors),
            ))

    @api.model
    def _check_serial_name_list(self, product, company_id, names):
        """Refuse a generated or pasted list of serials before it reaches the moves.

        Every bad line is named with its number and reason. Serials that exist
        already are accepted only if they may be received again (back from
        the vendor, or never received).
        """
        if product.tracking != "serial":
            return
        rules = product.product_tmpl_id._serial_format_rules()
        names = [normalize_serial(name) for name in names]
        errors = [
            _("line %(line)s: %(serial)r %(reason)s", line=index, serial=name, reason=reason)
            for index, name in enumerate(names, 1)
            for reason in check_serial(name, *rules)
        ]
        errors += [_("%(serial)r is given more than once", serial=name) for name in find_duplicates(names)]
        existing = self.search([
            ("product_id", "=", product.id),
            ("name", "in", names),
            ("company_id", "in", (False, company_id or False)),
            ("lifecycle_state", "not in", ("draft", "vendor_returned")),
        ])
        errors += [
            _("%(serial)r already exists and is %(state)s", serial=lot.name,
              state=dict(STATES)[lot.lifecycle_state])
            for lot in existing
        ]
        if errors:
            raise ValidationError(_(
                "These serial numbers for %(product)s are refused; nothing was added:\n%(lines)s",
                product=product.display_name,
                lines="\n".join(" - %s" % error for error in errors),
            ))

    @api.model
    def _existing_serial_errors(self, serial_keys):
        """Name the serials that already exist for the same product and company."""
        if not serial_keys:
            return []
        existing = self.sudo().with_context(active_test=False).search_fetch([
            ("product_id", "in", list({key[0] for key in serial_keys})),
            ("name", "in", list({key[2] for key in serial_keys})),
            ("id", "!=", self.env.context.get("serial_lifecycle_renamed_lot", 0)),
        ], ["name", "product_id", "company_id"])
        taken = {(lot.product_id.id, lot.name): lot.company_id.id or False for lot in existing}
        errors = []
        for product_id, company_id, name in dict.fromkeys(serial_keys):
            if (product_id, name) not in taken:
                continue
            other_company = taken[(product_id, name)]
            # Same rule as Odoo's _check_unique_lot: a lot without company
            # clashes with every company.
            if not company_id or not other_company or company_id == other_company:
                errors.append(_("%(serial)r already exists for this product", serial=name))
        return errors

    # ------------------------------------------------------------------
    # The ledger: appending events
    # ------------------------------------------------------------------

    @api.model
    def _lifecycle_append(self, vals_list):
        """Append lifecycle events, the only way a lot's state changes.

        Each dict needs ``lot_id``, ``event_type`` and ``state_after``; the
        state before, product and company are taken from the lot. Events are
        written as superuser because they record what a user was allowed to
        do (a salesperson confirming an order reserves serials), not a right
        to edit the ledger.
        """
        if not vals_list:
            return self.env["stock.lot.lifecycle.event"]
        lots = self.browse([vals["lot_id"] for vals in vals_list])
        state_now = {}
        for lot in lots:
            state_now.setdefault(lot.id, lot.lifecycle_state)
        for vals in vals_list:
            lot = lots.browse(vals["lot_id"]).with_prefetch(lots._prefetch_ids)
            vals.setdefault("product_id", lot.product_id.id)
            # The company where it happened: a product shared by all companies
            # still has its history kept per company.
            vals.setdefault("company_id", lot.company_id.id or self.env.company.id)
            vals.setdefault("user_id", self.env.uid)
            vals["state_before"] = state_now[lot.id]
            state_now[lot.id] = vals["state_after"]
        return self.env["stock.lot.lifecycle.event"].sudo().create(vals_list)

    def _lifecycle_sync_allocation(self):
        """Allocate or release these serials according to their reservations.

        A serial is allocated while a move line that is not done reserves it
        on an outgoing move; once no such line remains, it gets back the state
        it had before its allocation.
        """
        lots = self.filtered(lambda lot: lot.product_id.tracking == "serial")
        if not lots:
            return
        reserved_lines = self.env["stock.move.line"].sudo().search_fetch([
            ("lot_id", "in", lots.ids),
            ("state", "not in", ("done", "cancel")),
            ("quantity", ">", 0),
            ("move_id", "!=", False),
        ], ["lot_id", "move_id"])
        reserved_lots = reserved_lines.filtered(lambda line: line.move_id._lifecycle_is_outgoing()).lot_id
        to_allocate = (lots & reserved_lots).filtered(lambda lot: lot.lifecycle_state in ALLOCATABLE_STATES)
        to_release = (lots - reserved_lots).filtered(lambda lot: lot.lifecycle_state == "allocated")
        line_by_lot = {line.lot_id.id: line for line in reserved_lines}
        vals_list = [{
            "lot_id": lot.id,
            "event_type": "allocation",
            "state_after": "allocated",
            "move_id": line_by_lot[lot.id].move_id.id,
            "picking_id": line_by_lot[lot.id].move_id.picking_id.id,
            "partner_id": line_by_lot[lot.id].move_id.picking_id.partner_id.id,
        } for lot in to_allocate]
        previous = to_release._lifecycle_state_before_last("allocation")
        vals_list += [{
            "lot_id": lot.id,
            "event_type": "deallocation",
            "state_after": previous.get(lot.id) or "available",
        } for lot in to_release]
        self._lifecycle_append(vals_list)

    def _lifecycle_state_before_last(self, event_type):
        """Return {lot id: state before the lot's latest event of this type}."""
        if not self:
            return {}
        self.env["stock.lot.lifecycle.event"].flush_model()
        self.env.cr.execute("""
            SELECT DISTINCT ON (lot_id) lot_id, state_before
              FROM stock_lot_lifecycle_event
             WHERE lot_id = ANY(%s) AND event_type = %s
          ORDER BY lot_id, id DESC
        """, (self.ids, event_type))
        return dict(self.env.cr.fetchall())

    def _lifecycle_release_reservations(self):
        """Free the outgoing reservations of these serials and reserve again.

        Used when serials become blocked: the moves look for other units,
        which can no longer be these ones.
        """
        lines = self.env["stock.move.line"].search([
            ("lot_id", "in", self.ids),
            ("state", "not in", ("done", "cancel")),
            ("picked", "=", False),
        ])
        moves = lines.move_id.filtered(lambda move: move._lifecycle_is_outgoing())
        if moves:
            moves._do_unreserve()
            moves._action_assign()

    # ------------------------------------------------------------------
    # Extension points for the other serial modules
    # ------------------------------------------------------------------

    def _serial_status_flags(self):
        """Return {lot id: [flag, ...]}: what a user must know at a glance.

        A flag is a dict with ``code``, ``label`` and ``level`` (``info``,
        ``warning`` or ``danger``). Scan screens and labels show them;
        serial_warranty and serial_recall add theirs by extending this.
        """
        states = dict(STATES)
        return {
            lot.id: [{"code": "blocked", "label": states[lot.lifecycle_state], "level": "danger"}]
            if lot.lifecycle_state in BLOCKED_STATES else []
            for lot in self
        }

    def _lifecycle_return_acceptance_reasons(self):
        """Return {lot id: reason} for serials whose customer return is always accepted.

        Return eligibility checks (serial_warranty) skip these serials: a
        serial under an open recall comes back whatever its warranty says.
        serial_recall extends this; here no serial is exempt.
        """
        return {}

    # ------------------------------------------------------------------
    # Manual events (the wizard calls this)
    # ------------------------------------------------------------------

    def _lifecycle_apply_manual_action(self, action, event_date, note, partner=None, site=None):
        """Record a manual event on every serial of ``self``, or on none."""
        if action in MANAGER_ACTIONS and not self.env.user.has_group("serial_lifecycle.group_serial_lifecycle_manager"):
            raise AccessError(_("Only a Serial Lifecycle manager can %(action)s serials.", action=action))
        if not self.env.user.has_group("serial_lifecycle.group_serial_lifecycle_user"):
            raise AccessError(_("You are not allowed to record lifecycle events."))
        errors = [
            "%s: %s" % (lot.display_name, error)
            for lot in self
            for error in [manual_action_error(action, lot.lifecycle_state)]
            if error
        ]
        # The history reads in date order: an event may not be dated before
        # what already happened to the serial.
        latest = dict(self.env["stock.lot.lifecycle.event"].sudo()._read_group(
            [("lot_id", "in", self.ids)], ["lot_id"], ["event_date:max"]))
        errors += [
            _("%(serial)s: the date is before its latest event (%(latest)s)",
              serial=lot.display_name, latest=format_datetime(self.env, latest[lot]))
            for lot in self
            if lot in latest and fields.Datetime.to_datetime(event_date) < latest[lot]
        ]
        if errors:
            raise UserError(_(
                "Nothing was recorded; these serials do not allow this action:\n%(lines)s",
                lines="\n".join(" - %s" % error for error in errors),
            ))
        target = MANUAL_ACTIONS[action][1]
        previous = self._lifecycle_state_before_last("lost") if target is None else {}
        if site:
            note = _("Site: %(site)s\n%(note)s", site=site, note=note)
        events = self._lifecycle_append([{
            "lot_id": lot.id,
            "event_type": action,
            "state_after": target or previous.get(lot.id) or "available",
            "event_date": event_date,
            "note": note,
            "partner_id": partner.id if partner else False,
        } for lot in self])
        if action == "quarantine":
            self._lifecycle_release_reservations()
        return events

    def action_open_lifecycle_wizard(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "serial_lifecycle.stock_lot_lifecycle_wizard_action"
        )
        lifecycle_action = self.env.context.get("lifecycle_action", "installed")
        action["name"] = _("%(event)s: %(serials)s", event=EVENT_TYPE_LABELS[lifecycle_action],
                           serials=", ".join(self.mapped("name")))
        action["context"] = {
            "default_lot_ids": self.ids,
            "default_action": lifecycle_action,
            "default_partner_id": self[:1].lifecycle_partner_id.id,
        }
        return action

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
                    # In the user's time zone, as every date of the web client.
                    "date": fields.Datetime.context_timestamp(self, event.event_date).strftime("%Y-%m-%d %H:%M"),
                    "type": event_types.get(event.event_type, event.event_type),
                    "partner": event.partner_id.display_name or "",
                    "document": event.picking_id.name or "",
                    "note": event.note or "",
                } for event in events if event.lot_id == lot][:LAST_EVENTS],
            }
        return cards

    def _serial_stock_locations(self):
        """Return {lot id: internal location holding it}, for the serials in stock."""
        quants = self.env["stock.quant"].search_fetch(
            [("lot_id", "in", self.ids), ("quantity", ">", 0), ("location_id.usage", "=", "internal")],
            ["lot_id", "location_id"])
        return {quant.lot_id.id: quant.location_id for quant in quants}

    def _serial_relocate(self, destination, origin):
        """Move these serials (in stock) to ``destination``: validated internal transfers.

        One transfer per source location, all created and validated together,
        so the ledger records an internal event per serial.
        """
        sources = self._serial_stock_locations()
        elsewhere = self.filtered(lambda lot: lot.id not in sources)
        if elsewhere:
            raise UserError(_("%(serials)s not in stock: nothing to move.",
                              serials=", ".join(elsewhere.mapped("name"))))
        by_source = defaultdict(lambda: self.browse())
        for lot in self:
            by_source[sources[lot.id]] |= lot
        warehouse = destination.warehouse_id or self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1)
        pickings = self.env["stock.picking"].create([{
            "picking_type_id": warehouse.int_type_id.id,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "origin": origin,
            "move_ids": [Command.create({
                "name": lot.product_id.display_name,
                "product_id": lot.product_id.id,
                "product_uom_qty": 1,
                "product_uom": lot.product_id.uom_id.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "move_line_ids": [Command.create({
                    "product_id": lot.product_id.id,
                    "lot_id": lot.id,
                    "quantity": 1,
                    "picked": True,
                    "location_id": source.id,
                    "location_dest_id": destination.id,
                })],
            }) for lot in lots],
        } for source, lots in by_source.items()])
        pickings.action_confirm()
        pickings.move_ids.picked = True
        if pickings.button_validate() is not True:
            raise UserError(_("%(pickings)s could not be validated.", pickings=", ".join(pickings.mapped("name"))))
        return pickings
