from collections import namedtuple

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError

from ..messages import render
from ..tools.messages import bullet_list
from ..tools.serial_ranges import SerialRangeError, parse_serial_range, serial_in_range

MODES = [
    ("prefer", "Reserve First"),
    ("exclude", "Never Reserve"),
]

# What reservation needs of a rule, cached for every worker: plain values,
# never records (a cache outlives the environment that filled it).
CachedRule = namedtuple("CachedRule", "id company_id picking_type_id mode bounds")


class StockSerialPickingRule(models.Model):
    """Which serials of a product reservation takes first, or never takes.

    A rule names a range of serials (first and last serial, as recall
    ranges do) and, optionally, the operation type it applies to. "Reserve
    First" serials are taken before the others, in the removal strategy's
    order within each group; "Never Reserve" serials are left out of
    automatic reservations, and picking one by hand is refused naming the
    rule. Rules are read from a cache: reserving costs no query for them.
    """

    _name = "stock.serial.picking.rule"
    _inherit = ["serial.input.mixin"]
    _description = "Serial Picking Rule"
    _order = "product_id, mode, serial_from, id"
    _check_company_auto = True
    _serial_text_fields = ("serial_from", "serial_to")

    name = fields.Char(
        "Reason",
        required=True,
        help='Why these serials are set apart, e.g. "Units kept for testing". '
        "Named in refusals.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        "Company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    product_id = fields.Many2one(
        "product.product",
        "Product",
        required=True,
        index=True,
        check_company=True,
        domain="[('tracking', '=', 'serial')]",
    )
    picking_type_id = fields.Many2one(
        "stock.picking.type",
        "Operation Type",
        check_company=True,
        help="Only reservations for this operation type follow the rule. Empty: "
        "every operation "
        "that takes the product from stock (deliveries, internal transfers, "
        "manufacturing...).",
    )
    mode = fields.Selection(
        MODES,
        "Rule",
        required=True,
        default="prefer",
        help="Reserve First: these serials are reserved before any other. "
        "Never Reserve: they are left out of reservations and cannot be "
        "picked by hand.",
    )
    serial_from = fields.Char("First Serial", required=True)
    serial_to = fields.Char("Last Serial", required=True)
    range_description = fields.Char("Serials", compute="_compute_range_description")

    @api.depends("serial_from", "serial_to")
    def _compute_range_description(self):
        for rule in self:
            if rule.serial_from == rule.serial_to:
                rule.range_description = rule.serial_from or ""
            else:
                rule.range_description = _(
                    "%(first)s to %(last)s",
                    first=rule.serial_from or "?",
                    last=rule.serial_to or "?",
                )

    @api.constrains("serial_from", "serial_to", "product_id")
    def _check_range(self):
        errors = []
        for rule in self:
            if rule.product_id.tracking != "serial":
                errors.append(
                    _(
                        "%(product)s is not tracked by serial number: a "
                        "picking rule needs serials.",
                        product=rule.product_id.display_name,
                    )
                )
            try:
                parse_serial_range(rule.serial_from, rule.serial_to)
            except SerialRangeError as error:
                errors.append(render(self.env, error.message))
        if errors:
            raise ValidationError(
                _(
                    "The picking rule cannot be saved:\n%(lines)s",
                    lines=bullet_list(errors),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_serial_bounds(vals_list)
        rules = super().create(vals_list)
        self.env.registry.clear_cache()
        return rules

    def write(self, vals):
        self._check_serial_bounds([vals])
        res = super().write(vals)
        self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res

    @api.model
    def _check_serial_bounds(self, vals_list):
        """Refuse bounds that no serial can be (a NUL, a control character), naming
        them."""
        Lot = self.env["stock.lot"]
        errors = []
        for vals in vals_list:
            for name in ("serial_from", "serial_to"):
                if name in vals and vals[name] is not False:
                    error = Lot._serial_input_error(vals[name])
                    if error:
                        label = self._fields[name]._description_string(self.env)
                        errors.append(f"{label}: {error}")
                    else:
                        vals[name] = vals[name].strip()
        if errors:
            raise ValidationError(
                _("Nothing was saved:\n%(errors)s", errors=bullet_list(errors))
            )

    # ------------------------------------------------------------------
    # Reservation
    # ------------------------------------------------------------------

    @api.model
    @tools.ormcache()
    def _serial_rules_by_product(self):
        """{product id: (CachedRule, ...)} of every active rule, all companies."""
        rules = self.sudo().with_context(active_test=True).search([])
        by_product = {}
        for rule in rules:
            by_product.setdefault(rule.product_id.id, []).append(
                CachedRule(
                    rule.id,
                    rule.company_id.id,
                    rule.picking_type_id.id,
                    rule.mode,
                    parse_serial_range(rule.serial_from, rule.serial_to),
                )
            )
        return {product_id: tuple(found) for product_id, found in by_product.items()}

    @api.model
    def _serial_rules_for(self, product_id, company_id, picking_type_id):
        """The cached rules that apply to reserving ``product_id`` for this company and
        operation type."""
        return tuple(
            rule
            for rule in self._serial_rules_by_product().get(product_id, ())
            if rule.company_id == company_id
            and rule.picking_type_id in (False, picking_type_id)
        )

    @api.model
    def _serial_matching_rule(self, lot, rules, mode):
        """The first of ``rules`` in ``mode`` whose range holds ``lot`` (a CachedRule),
        or None."""
        parts = (lot.serial_prefix, lot.serial_numeric_key, lot.serial_suffix)
        return next(
            (
                rule
                for rule in rules
                if rule.mode == mode and serial_in_range(parts, rule.bounds)
            ),
            None,
        )

    @api.model
    def _serial_check_manual_picks(self, lines):
        """Refuse serials picked by hand that a "Never Reserve" rule keeps out, naming
        serial and rule.

        ``lines`` are move lines just written; only those taking a serial
        out of internal stock for a move still to do are checked, against
        the rules of their move's company and operation type.
        """
        if not self._serial_rules_by_product():
            return
        errors = []
        for line in lines:
            move = line.move_id
            if (
                not line.lot_id
                or line.product_id.tracking != "serial"
                or not move
                or move.state in ("done", "cancel")
                or line.location_id.usage != "internal"
            ):
                continue
            rules = self._serial_rules_for(
                line.product_id.id, move.company_id.id, move.picking_type_id.id
            )
            rule = rules and self._serial_matching_rule(line.lot_id, rules, "exclude")
            if rule:
                record = self.sudo().browse(rule.id)
                errors.append(
                    _(
                        "%(serial)s (%(product)s) is kept out of "
                        "%(document)s by the picking rule "
                        '"%(rule)s" (never reserve %(range)s)',
                        serial=line.lot_id.name,
                        product=line.product_id.display_name,
                        document=move.picking_id.name or move.reference,
                        rule=record.name,
                        range=record.range_description,
                    )
                )
        if errors:
            raise UserError(
                _(
                    "These serial numbers cannot be picked:\n%(lines)s\n"
                    "Choose other serials, or ask a manager to change the rule.",
                    lines=bullet_list(errors),
                )
            )
