import datetime
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..messages import render
from ..tools import gs1
from ..tools.messages import bullet_list
from ..tools.serial_numbers import (
    check_serial,
    check_supplier_patterns,
    normalize_serial,
)
from .stock_move import DEFER_ALLOCATION, RESERVATION_SCOPE

# What a done serial line says happened; changing it would move the quants
# behind the ledger's back.
DONE_LINE_FIELDS = (
    "lot_id",
    "lot_name",
    "quantity",
    "location_id",
    "location_dest_id",
    "product_id",
    "move_id",
)


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    production_date = fields.Date(
        help="Production date of the serial to create, read from the supplier's "
        "GS1 label (AI 11).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # A GS1 label scanned into the serial column gives the serial (and dates).
        vals_list = self._serial_scan_label_vals_list(vals_list)
        for vals in vals_list:
            if vals.get("lot_name"):
                self._serial_check_lot_name(vals["lot_name"])
                vals["lot_name"] = normalize_serial(vals["lot_name"])
                self._serial_check_new_serial_format(
                    vals["lot_name"], vals.get("product_id")
                )
        self._lifecycle_check_done_moves(vals_list)
        lines = super().create(vals_list)
        lines._serial_check_picking_rules()
        lines._serial_check_blocked_picks()
        lines._serial_check_vendor_patterns()
        lines._serial_check_asn()
        if not DEFER_ALLOCATION.get():
            lines._lifecycle_allocation_lots()._lifecycle_sync_allocation()
        return lines

    def _serial_check_picking_rules(self):
        """Refuse a serial chosen by hand that a picking rule keeps out of its move.

        Automatic reservation (RESERVATION_SCOPE set) never offers those
        serials: the quants leave them out, so its lines are not checked again.
        """
        if RESERVATION_SCOPE.get() is None:
            self.env["stock.serial.picking.rule"]._serial_check_manual_picks(self)

    def _serial_check_blocked_picks(self):
        """Refuse at once a serial chosen on an outgoing move that may not take it.

        Chosen by hand on the detailed operations, or written by a scanner
        app (Odoo's barcode app and OCA's stock_barcodes write lot_id on the
        line): refused when the line is saved, naming the serial, rather than
        at validation only. Blocked are the states the rule table refuses on
        the move (stock.move._lifecycle_blocked_states) and, wherever a
        quarantined serial is refused, a pending or failed quality status;
        the messages are those of the validation, which checks them again.
        Automatic reservation (RESERVATION_SCOPE set) never offers those
        serials. One pass over the lines, every offender named.
        """
        if RESERVATION_SCOPE.get() is not None:
            return
        lines = self.filtered(
            lambda line: line.lot_id
            and line.move_id
            and line.product_id.tracking == "serial"
            and line.move_id.state not in ("done", "cancel")
            and line.move_id._lifecycle_is_outgoing()
        )
        if not lines:
            return
        Lot = self.env["stock.lot"]
        transitions = self.env["stock.lot.lifecycle.event"]._lifecycle_transitions()
        rules = {}  # move -> (event type, blocked states)
        errors = []
        for line in lines:
            move, lot = line.move_id, line.lot_id
            if move not in rules:
                rules[move] = (
                    move._lifecycle_checked_event_type(
                        move.location_id.usage,
                        move.location_dest_id.usage,
                        move.location_dest_id.scrap_location,
                    ),
                    move._lifecycle_blocked_states(),
                )
            event_type, blocked = rules[move]
            document = move.picking_id.name or move.reference
            if lot.lifecycle_state in blocked:
                errors.append(
                    Lot._lifecycle_refusal(
                        lot, event_type, lot.lifecycle_state, transitions, document
                    )
                )
            elif "quarantined" in blocked and lot._quality_blocked():
                errors.append(lot._quality_refusal(document))
        if errors:
            raise UserError(
                _(
                    "These serial numbers cannot be chosen:\n%(lines)s",
                    lines=bullet_list(errors),
                )
            )

    def _serial_check_vendor_patterns(self):
        """Refuse new serials received from a vendor that break the vendor's serial
        pattern for the product.

        The patterns are those of the product's vendor lines
        (product.supplierinfo.serial_pattern) for the receipt's partner: a
        serial must match one of them. A serial that exists already keeps
        its name. One query per vendor, whatever the number of lines.
        """
        lines = self.filtered(
            lambda line: (
                line.lot_name
                and not line.lot_id
                and line.product_id.tracking == "serial"
                and line.state not in ("done", "cancel")
                and line.location_id.usage == "supplier"
                and (line.move_id.picking_id or line.picking_id).partner_id
            )
        )
        groups = defaultdict(list)
        for line in lines:
            partner = (
                line.move_id.picking_id or line.picking_id
            ).partner_id.commercial_partner_id
            groups[partner, line.move_id.company_id or line.company_id].append(
                (line.product_id, line.lot_name)
            )
        errors = []
        for (partner, company), serials in groups.items():
            errors += self._serial_vendor_pattern_errors(partner, company, serials)
        if errors:
            raise UserError(
                _(
                    "These serial numbers are refused:\n%(lines)s",
                    lines=bullet_list(errors),
                )
            )

    def _serial_check_asn(self):
        """Refuse serials typed, scanned or chosen on a receipt that its announced list
        leaves out.

        A receipt with announced serials for a product (stock.picking.asn.line)
        takes only those, and those a manager accepted with a reason.
        """
        lines = self.filtered(
            lambda line: (
                (line.lot_name or line.lot_id)
                and line.product_id.tracking == "serial"
                and line.state not in ("done", "cancel")
                and line.picking_id.serial_asn_line_ids
            )
        )
        for picking in lines.picking_id:
            serials = [
                (line.product_id, line.lot_id.name or line.lot_name)
                for line in lines
                if line.picking_id == picking
            ]
            unexpected = picking._serial_asn_unexpected(serials)
            if unexpected:
                raise picking._serial_asn_refusal(picking, unexpected)

    @api.model
    def _serial_vendor_pattern_errors(self, partner, company, serials):
        """Why the new ``serials`` [(product, name)] received from ``partner`` break its
        serial patterns.

        One query for the vendor lines, one for the serials that exist
        already (they keep their names).
        """
        if not partner or not serials:
            return []
        partner = partner.commercial_partner_id
        products = self.env["product.product"].union(
            *(product for product, _name in serials)
        )
        patterns = self.env["product.supplierinfo"]._serial_vendor_patterns(
            partner, products, company
        )
        offending = [
            (product, name)
            for product, name in serials
            if check_supplier_patterns(name, patterns.get(product.id))
        ]
        if not offending:
            return []
        existing = {
            (lot.product_id.id, lot.name)
            for lot in self.env["stock.lot"]
            .sudo()
            .search(
                [
                    ("product_id", "in", [product.id for product, _name in offending]),
                    ("name", "in", [name for _product, name in offending]),
                    ("company_id", "in", (False, company.id)),
                ]
            )
        }
        return [
            _(
                "%(serial)r %(reason)s, the serial format of %(vendor)s for "
                "%(product)s",
                serial=name,
                reason=render(
                    self.env, check_supplier_patterns(name, patterns[product.id])
                ),
                vendor=partner.display_name,
                product=product.display_name,
            )
            for product, name in offending
            if (product.id, name) not in existing
        ]

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

    @api.model
    def _serial_check_lot_name(self, lot_name):
        error = self.env["stock.lot"]._serial_input_error(lot_name)
        if error:
            raise UserError(error)

    @api.onchange("lot_name")
    def _onchange_lot_name_serial_format(self):
        # Said as the serial is typed in the line; saving refuses it (write/create).
        if self.lot_name and self.product_id.tracking == "serial":
            try:
                self._serial_check_lot_name(self.lot_name)
                self._serial_check_new_serial_format(
                    normalize_serial(self.lot_name), self.product_id.id
                )
            except UserError as error:
                return {
                    "warning": {
                        "title": _("Serial number refused"),
                        "message": error.args[0],
                    }
                }

    @api.model
    def _serial_check_new_serial_format(self, lot_name, product_id):
        """Refuse a typed serial that breaks its product's format rules on the line, as
        it is
        typed, rather than at validation (an existing serial received again keeps its
        name)."""
        product = self.env["product.product"].browse(product_id)
        if not product or product.tracking != "serial":
            return
        reasons = check_serial(
            lot_name, *product.product_tmpl_id._serial_format_rules()
        )
        if reasons and not self.env["stock.lot"].search_count(
            [("product_id", "=", product.id), ("name", "=", lot_name)], limit=1
        ):
            raise UserError(
                _(
                    "%(serial)r %(reasons)s (%(product)s).",
                    serial=lot_name,
                    reasons=_(" and ").join(
                        render(self.env, reason) for reason in reasons
                    ),
                    product=product.display_name,
                )
            )

    @api.model
    def _lifecycle_check_done_moves(self, vals_list):
        """Refuse a serial line added to a move that is done: it would move stock
        without an event."""
        moves = self.env["stock.move"].browse(
            {vals["move_id"] for vals in vals_list if vals.get("move_id")}
        )
        done = moves.filtered(
            lambda move: move.state == "done" and move.product_id.tracking == "serial"
        )
        if done:
            raise UserError(
                _(
                    "%(moves)s are done: a serial cannot be added to them. "
                    "Return the serial or make a new transfer.",
                    moves=", ".join(
                        done.mapped(lambda move: move.picking_id.name or move.reference)
                    ),
                )
            )

    def _lifecycle_check_done_lines(self, vals):
        """Refuse to change what a done serial line moved (its serial, quantity,
        locations).

        Odoo lets an unlocked transfer be edited after validation and moves
        the quants to match, with no event: the history would no longer
        say where the unit is. Correct it with a return or a new transfer.
        """
        changed = [name for name in DONE_LINE_FIELDS if name in vals]
        if not changed:
            return
        done = self.filtered(
            lambda line: line.state == "done" and line.product_id.tracking == "serial"
        )
        for line in done:
            for name in changed:
                value = vals[name]
                current = line[name]
                current = (
                    current.id if isinstance(current, models.BaseModel) else current
                )
                if value != current and not (not value and not current):
                    raise UserError(
                        _(
                            "%(serial)s on %(document)s was moved already: "
                            "its %(field)s cannot be changed. "
                            "Return the serial or make a new transfer instead.",
                            serial=line.lot_id.name or line.lot_name,
                            document=line.picking_id.name or line.reference,
                            field=line._fields[name].get_description(self.env)[
                                "string"
                            ],
                        )
                    )

    def write(self, vals):
        self._lifecycle_check_done_lines(vals)
        if vals.get("lot_name") and gs1.normalize_element_string(vals["lot_name"])[1]:
            if len(self.product_id) > 1 and not vals.get("product_id"):
                raise UserError(
                    _(
                        "A GS1 label names one product: write it on the "
                        "lines of one product at a time."
                    )
                )
            product_id = vals.get("product_id") or self.product_id[:1].id
            read = self._serial_scan_label_vals_list(
                [dict(vals, product_id=product_id)]
            )[0]
            vals = {
                key: value
                for key, value in read.items()
                if key != "product_id" or "product_id" in vals
            }
        if vals.get("lot_name"):
            self._serial_check_lot_name(vals["lot_name"])
            vals = dict(vals, lot_name=normalize_serial(vals["lot_name"]))
            for product in self.product_id:
                self._serial_check_new_serial_format(
                    vals["lot_name"], vals.get("product_id") or product.id
                )
        # A serial chosen (or un-chosen) by hand on an outgoing move line is
        # allocated (or released) at once.
        sync = not DEFER_ALLOCATION.get() and ("lot_id" in vals or "quantity" in vals)
        lots_before = (
            self._lifecycle_allocation_lots() if sync else self.env["stock.lot"]
        )
        res = super().write(vals)
        if "lot_id" in vals or "quant_id" in vals:
            self._serial_check_picking_rules()
            self._serial_check_blocked_picks()
        if vals.get("lot_name"):
            self._serial_check_vendor_patterns()
        if vals.get("lot_name") or vals.get("lot_id"):
            self._serial_check_asn()
        if sync:
            (
                lots_before | self._lifecycle_allocation_lots()
            )._lifecycle_sync_allocation()
        return res

    def unlink(self):
        lots = self._lifecycle_allocation_lots()
        res = super().unlink()
        if not DEFER_ALLOCATION.get():
            lots.exists()._lifecycle_sync_allocation()
        return res

    @api.model
    def _serial_scan_label_vals_list(self, vals_list):
        """Return ``vals_list`` with each GS1 label in ``lot_name`` replaced by its
        serial and dates.

        Plain serials are left as typed. A label's GTIN must be its line's
        product; the expiry is filled only where product_expiry adds it.
        Labels are read in one batch per product, not one query per line.
        """
        labels = defaultdict(list)  # product id -> indexes in vals_list
        for index, vals in enumerate(vals_list):
            if (
                vals.get("lot_name")
                and gs1.normalize_element_string(vals["lot_name"])[1]
            ):
                labels[vals.get("product_id")].append(index)
        if not labels:
            return vals_list
        vals_list = list(vals_list)
        Lot = self.env["stock.lot"]
        for product_id, indexes in labels.items():
            product = (
                self.env["product.product"].browse(product_id) if product_id else None
            )
            results = Lot._serial_scan_parse_batch(
                [vals_list[i]["lot_name"] for i in indexes],
                product,
                require_serial=True,
            )
            for index, result in zip(indexes, results, strict=False):
                if isinstance(result, UserError):
                    raise result
                vals = dict(vals_list[index], lot_name=result["serial"])
                if result["production_date"]:
                    vals.setdefault("production_date", result["production_date"])
                if result["expiration_date"] and "expiration_date" in self._fields:
                    vals.setdefault(
                        "expiration_date",
                        datetime.datetime.combine(
                            result["expiration_date"], datetime.time()
                        ),
                    )
                vals_list[index] = vals
        return vals_list

    def _prepare_new_lot_vals(self):
        vals = super()._prepare_new_lot_vals()
        # A serial of a product shared by all companies belongs to the company
        # that receives it: its state, customer and history are that
        # company's, hidden from the others by Odoo's record rules.
        if self.product_id.tracking == "serial" and not self.product_id.company_id:
            vals["company_id"] = (self.move_id.company_id or self.company_id).id
        if self.production_date:
            vals["production_date"] = self.production_date
        return vals
