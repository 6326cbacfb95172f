from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL

from odoo.addons.serial_lifecycle.messages import render
from odoo.addons.serial_lifecycle.tools.messages import bullet_list

from ..tools.serial_ranges import (
    SerialRangeError,
    parse_serial_list,
    parse_serial_range,
    range_domain,
)

CRITERION_TYPES = [
    ("range", "Serial Range"),
    ("list", "List of Serials"),
    ("lot", "Lots / Serials"),
    ("production_date", "Production Dates"),
    ("supplier", "Supplier"),
    ("purchase", "Purchase Orders"),
    ("component", "Containing Components"),
    ("revision", "Revision"),
]


class SerialRecallCriterion(models.Model):
    """One rule selecting serials for a recall; a campaign takes the union of its
    rules."""

    _name = "serial.recall.criterion"
    _inherit = ["serial.input.mixin"]
    _description = "Recall Selection Criterion"
    _order = "campaign_id, sequence, id"

    campaign_id = fields.Many2one(
        "serial.recall.campaign",
        "Campaign",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="campaign_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    criterion_type = fields.Selection(
        CRITERION_TYPES, "Select By", required=True, default="range"
    )
    product_id = fields.Many2one(
        "product.product",
        "Product",
        domain=[("tracking", "!=", "none")],
        help="Required for ranges and lists; optional for the other criteria, "
        "where it narrows them.",
    )
    serial_from = fields.Char("First Serial")
    serial_to = fields.Char("Last Serial")
    serial_list = fields.Text(
        "Serials",
        help="Pasted serials: one per line, or separated by commas, semicolons or "
        "spaces.",
    )
    lot_ids = fields.Many2many("stock.lot", string="Lots / Serials")
    date_from = fields.Date("Produced From")
    date_to = fields.Date("Produced To")
    partner_id = fields.Many2one("res.partner", "Supplier")
    purchase_ids = fields.Many2many("purchase.order", string="Purchase Orders")
    component_lot_ids = fields.Many2many(
        "stock.lot",
        "serial_recall_criterion_component_lot_rel",
        "criterion_id",
        "lot_id",
        string="Component Serials",
        help="Selects the serials that hold or held these components, at any "
        "depth: the component "
        "links of the serials (assembly, field service, manufacturing) and "
        "the links between consumed "
        "and produced move lines that manufacturing records. Units the "
        "component was removed from "
        "are marked apart.",
    )
    revision = fields.Char(
        help="Selects the serials whose current hardware or firmware revision is "
        "this one (exactly, spaces around it ignored).",
    )
    description = fields.Char(compute="_compute_description")

    @api.depends(
        "criterion_type",
        "product_id",
        "serial_from",
        "serial_to",
        "serial_list",
        "lot_ids",
        "date_from",
        "date_to",
        "partner_id",
        "purchase_ids",
        "component_lot_ids",
        "revision",
    )
    def _compute_description(self):
        for criterion in self:
            criterion.description = criterion._describe()

    def _describe(self):
        self.ensure_one()
        kind = self.criterion_type
        if kind == "range":
            text = _(
                "%(first)s to %(last)s",
                first=self.serial_from or "?",
                last=self.serial_to or "?",
            )
        elif kind == "list":
            text = _(
                "%(count)s pasted serials",
                count=len(parse_serial_list(self.serial_list)),
            )
        elif kind == "lot":
            text = ", ".join(self.lot_ids.mapped("name"))
        elif kind == "production_date":
            text = _(
                "produced %(start)s to %(end)s",
                start=self.date_from or "...",
                end=self.date_to or "...",
            )
        elif kind == "supplier":
            text = _(
                "received from %(supplier)s",
                supplier=self.partner_id.display_name or "?",
            )
        elif kind == "purchase":
            text = _(
                "received on %(orders)s",
                orders=", ".join(self.purchase_ids.mapped("name")),
            )
        elif kind == "revision":
            text = _(
                "revision %(revision)s", revision=(self.revision or "").strip() or "?"
            )
        else:
            text = _(
                "containing %(serials)s",
                serials=", ".join(self.component_lot_ids.mapped("name")),
            )
        if self.product_id:
            text = f"{self.product_id.display_name}: {text}"
        return text

    @api.constrains(
        "criterion_type",
        "product_id",
        "serial_from",
        "serial_to",
        "serial_list",
        "lot_ids",
        "date_from",
        "date_to",
        "partner_id",
        "purchase_ids",
        "component_lot_ids",
        "revision",
    )
    def _check_criterion(self):
        errors = [
            error
            for criterion in self
            for error in [criterion._criterion_error()]
            if error
        ]
        if errors:
            raise ValidationError("\n".join(errors))

    def _criterion_error(self):
        """Return why this criterion cannot select anything, naming the values, or
        None."""
        self.ensure_one()
        kind = self.criterion_type
        if kind in ("range", "list") and not self.product_id:
            kinds = dict(
                self._fields["criterion_type"]._description_selection(self.env)
            )
            return _("A %(kind)s needs a product.", kind=kinds[kind].lower())
        if kind in ("range", "list"):
            errors = self._serial_input_errors(
                {"serial_from": self.serial_from, "serial_to": self.serial_to}
                if kind == "range"
                else {"serial_list": self.serial_list}
            )
            if errors:
                return "; ".join(errors)
        if kind == "range":
            try:
                parse_serial_range(self.serial_from, self.serial_to)
            except SerialRangeError as error:
                return render(self.env, error.message)
        if kind == "list" and not parse_serial_list(self.serial_list):
            return _("Paste at least one serial in the list.")
        if kind == "lot" and not self.lot_ids:
            return _("Choose at least one lot or serial.")
        if kind == "production_date":
            if not (self.date_from or self.date_to):
                return _("Give a first or a last production date.")
            if self.date_from and self.date_to and self.date_from > self.date_to:
                return _(
                    "The production dates %(start)s to %(end)s are reversed.",
                    start=self.date_from,
                    end=self.date_to,
                )
        if kind == "supplier" and not self.partner_id:
            return _("Choose the supplier.")
        if kind == "purchase" and not self.purchase_ids:
            return _("Choose at least one purchase order.")
        if kind == "component" and not self.component_lot_ids:
            return _("Choose at least one component serial.")
        if kind == "revision" and not (self.revision or "").strip():
            return _("Give the revision to recall.")
        return None

    @api.model_create_multi
    def create(self, vals_list):
        self._check_serial_input(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_serial_input([vals])
        return super().write(vals)

    @api.model
    def _serial_input_errors(self, vals):
        """Why the typed serials in ``vals`` cannot be serials at all (a NUL, a control
        character), naming them."""
        Lot = self.env["stock.lot"]
        errors = []
        for field_name in ("serial_from", "serial_to", "serial_list"):
            value = vals.get(field_name)
            if not value:
                continue
            if not isinstance(value, str):
                values = [value]
            elif field_name == "serial_list":
                values = parse_serial_list(value)
            else:
                values = [value.strip()] if value.strip() else []
            label = self._fields[field_name]._description_string(self.env)
            errors += [
                f"{label}: {error}"
                for error in map(Lot._serial_input_error, values)
                if error
            ]
        return errors

    @api.model
    def _check_serial_input(self, vals_list):
        """Refuse, before anything is written, bounds and lists that no serial can
        match."""
        errors = [
            error for vals in vals_list for error in self._serial_input_errors(vals)
        ]
        if errors:
            raise UserError(
                _(
                    "Nothing was saved; these serials cannot be recalled:\n%(lines)s",
                    lines=bullet_list(errors),
                )
            )

    def _lot_domain(self):
        """Return the stock.lot domain of this criterion: one query, never a loop over
        serials."""
        self.ensure_one()
        kind = self.criterion_type
        domain = [("product_id", "=", self.product_id.id)] if self.product_id else []
        if kind == "range":
            # The columns of serial_lifecycle's (product, prefix, key) index.
            domain += range_domain(parse_serial_range(self.serial_from, self.serial_to))
        elif kind == "list":
            domain += [("name", "in", parse_serial_list(self.serial_list))]
        elif kind == "lot":
            domain += [("id", "in", self.lot_ids.ids)]
        elif kind == "production_date":
            if self.date_from:
                domain += [("production_date", ">=", self.date_from)]
            if self.date_to:
                domain += [("production_date", "<=", self.date_to)]
        elif kind == "revision":
            domain += [("revision", "=", self.revision.strip())]
        elif kind == "component":
            domain += [
                "|",
                ("id", "in", self._containing_lots_sql()),
                ("id", "in", self._genealogy_units_sql(history=True)),
            ]
        else:
            receipt_domain = [
                ("state", "=", "done"),
                ("location_id.usage", "=", "supplier"),
                ("lot_id", "!=", False),
            ]
            if kind == "supplier":
                receipt_domain += [
                    (
                        "move_id.picking_id.partner_id",
                        "child_of",
                        self.partner_id.commercial_partner_id.id,
                    )
                ]
            else:
                receipt_domain += [
                    ("move_id.purchase_line_id.order_id", "in", self.purchase_ids.ids)
                ]
            receipts = self.env["stock.move.line"].sudo()._search(receipt_domain)
            domain += [("id", "in", receipts.subselect("lot_id"))]
        return domain

    def _containing_lots_sql(self):
        """Subquery of the serials built, directly or not, from the component serials.

        Manufacturing links each produced move line to the move lines it
        consumed (stock_move_line_consume_rel); one recursive query climbs
        those links from the components' lines up to every finished serial.
        """
        self.env["stock.move.line"].flush_model(["lot_id", "consume_line_ids"])
        return SQL(
            """(
            WITH RECURSIVE part(line_id) AS (
                SELECT id FROM stock_move_line WHERE lot_id = ANY(%(components)s)
                 UNION
                -- Odoo's column names read backwards: consume_line_id is the
                -- produced line, produce_line_id the line it consumed.
                SELECT rel.consume_line_id FROM stock_move_line_consume_rel rel
                  JOIN part ON rel.produce_line_id = part.line_id
            )
            SELECT line.lot_id FROM stock_move_line line JOIN part ON part.line_id =
                line.id
             WHERE line.lot_id IS NOT NULL AND NOT line.lot_id = ANY(%(components)s)
        )""",
            components=self.component_lot_ids.ids,
        )

    def _genealogy_units_sql(self, history):
        """Subquery of the serials the component serials are inside now (or were, with
        ``history``), at any depth, through serial_lifecycle's component links."""
        Lot = self.env["stock.lot"]
        components = SQL("(SELECT unnest(%s::int[]))", self.component_lot_ids.ids)
        return Lot._genealogy_units_above(components, history=history)

    def _component_removed_lot_ids(self):
        """Ids of the serials that held a component of these criteria but hold none now.

        A unit whose recalled battery was replaced is still recalled (it may
        have shipped with it) but reported apart. One recursive query each way.
        """
        removed = set()
        still_inside = set()
        for criterion in self.filtered(
            lambda c: c.criterion_type == "component" and c.component_lot_ids
        ):
            self.env.cr.execute(criterion._genealogy_units_sql(history=True))
            held = {row[0] for row in self.env.cr.fetchall()}
            self.env.cr.execute(criterion._genealogy_units_sql(history=False))
            inside = {row[0] for row in self.env.cr.fetchall()}
            removed |= held - inside
            still_inside |= inside
        return removed - still_inside

    def _missing_serial_errors(self, lots_domain):
        """Name what a range or list selects nothing of (checked before a campaign
        opens)."""
        Lot = self.env["stock.lot"]
        errors = []
        for criterion in self:
            domain = expression.AND([lots_domain, criterion._lot_domain()])
            if criterion.criterion_type == "list":
                wanted = parse_serial_list(criterion.serial_list)
                found = set(Lot.search_fetch(domain, ["name"]).mapped("name"))
                missing = [name for name in wanted if name not in found]
                if missing:
                    errors.append(
                        _(
                            "%(product)s: unknown serials %(serials)s",
                            product=criterion.product_id.display_name,
                            serials=", ".join(missing[:20])
                            + (" ..." if len(missing) > 20 else ""),
                        )
                    )
            elif not Lot.search_count(domain, limit=1):
                errors.append(
                    _(
                        "%(criterion)s matches no serial",
                        criterion=criterion.description,
                    )
                )
        return errors
