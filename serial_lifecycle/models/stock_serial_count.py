from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.messages import bullet_list

RESULTS = [
    ("matched", "Matched"),
    ("missing", "Missing"),
    ("elsewhere", "Found, Belongs Elsewhere"),
    ("unknown", "Unknown"),
]


class StockSerialCount(models.Model):
    """A cycle count of one location by serial: scan, check, confirm, apply.

    Checking only lists what matches and what differs; applying (after the
    user confirms) creates every inventory adjustment and relocation in one
    batch, so that the ledger records an event per serial.
    """

    _name = "stock.serial.count"
    _inherit = ["serial.input.mixin"]
    _description = "Count by Serial"
    _order = "id desc"

    name = fields.Char(
        "Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: _("New"),
    )
    company_id = fields.Many2one(
        "res.company",
        "Company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    location_id = fields.Many2one(
        "stock.location",
        "Location",
        required=True,
        domain="[('usage', '=', 'internal')]",
        check_company=True,
        help="The location counted, with its sub-locations.",
    )
    state = fields.Selection(
        [("draft", "Scanning"), ("checked", "Checked"), ("done", "Applied")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
    )
    scanned_serials = fields.Text(
        help="One scan per line: a serial or a GS1 label, as the scanner sends it.",
    )
    line_ids = fields.One2many(
        "stock.serial.count.line", "count_id", "Result", copy=False
    )
    user_id = fields.Many2one(
        "res.users", "Counted By", default=lambda self: self.env.user, readonly=True
    )
    date_done = fields.Datetime("Applied On", readonly=True, copy=False)
    matched_count = fields.Integer(compute="_compute_result_counts")
    missing_count = fields.Integer(compute="_compute_result_counts")
    elsewhere_count = fields.Integer(compute="_compute_result_counts")
    unknown_count = fields.Integer(compute="_compute_result_counts")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "stock.serial.count"
                ) or _("New")
        return super().create(vals_list)

    @api.depends("line_ids.result")
    def _compute_result_counts(self):
        for count in self:
            results = count.line_ids.mapped("result")
            for result, _label in RESULTS:
                count[result + "_count"] = results.count(result)

    def write(self, vals):
        changed = self.filtered(
            lambda count: (
                "scanned_serials" in vals
                and (count.scanned_serials or "") != (vals["scanned_serials"] or "")
            )
            or ("location_id" in vals and count.location_id.id != vals["location_id"])
        )
        if "done" in changed.mapped("state"):
            raise UserError(_("An applied count cannot be changed."))
        res = super().write(vals)
        if changed and "state" not in vals:
            # The result no longer says what was scanned: check again.
            changed.line_ids.unlink()
            super(StockSerialCount, changed).write({"state": "draft"})
        return res

    def _scanned_lines(self):
        return [
            line.strip()
            for line in (self.scanned_serials or "").splitlines()
            if line.strip()
        ]

    def _classify(self):
        """Return the result line values for what was scanned, or raise naming every bad
        scan."""
        self.ensure_one()
        Lot = self.env["stock.lot"]
        scans = self._scanned_lines()
        results = Lot._serial_scan_parse_batch(scans, require_serial=True)
        errors = [
            _(
                "line %(line)s %(scan)r: %(reason)s",
                line=index,
                scan=scan,
                reason=result.args[0],
            )
            for index, (scan, result) in enumerate(zip(scans, results, strict=False), 1)
            if isinstance(result, UserError)
        ]
        seen = {}
        for index, result in enumerate(results, 1):
            if isinstance(result, dict):
                key = (result["product"].id, result["serial"])
                if key in seen:
                    errors.append(
                        _(
                            "line %(line)s: serial %(serial)s was already "
                            "scanned on line %(first)s",
                            line=index,
                            serial=result["serial"],
                            first=seen[key],
                        )
                    )
                seen.setdefault(key, index)
        if errors:
            raise UserError(
                _(
                    "These scans are refused; nothing was checked:\n%(lines)s",
                    lines=bullet_list(errors),
                )
            )
        quants = self.env["stock.quant"].search_fetch(
            [
                ("location_id", "child_of", self.location_id.id),
                ("quantity", ">", 0),
                ("lot_id", "!=", False),
                ("product_id.tracking", "=", "serial"),
            ],
            ["lot_id", "location_id", "product_id"],
        )
        here = {quant.lot_id: quant for quant in quants}
        scanned_lots = Lot.browse(
            [result["lot"].id for result in results if result["lot"]]
        )
        elsewhere = scanned_lots._serial_stock_locations()
        vals_list = []
        for result in results:
            lot = result["lot"]
            vals = {
                "serial": result["serial"],
                "lot_id": lot.id,
                "product_id": result["product"].id,
            }
            if not lot:
                vals["result"] = "unknown"
            elif lot in here:
                vals.update(
                    result="matched", current_location_id=here[lot].location_id.id
                )
            else:
                vals.update(
                    result="elsewhere",
                    current_location_id=elsewhere.get(
                        lot.id, Lot.env["stock.location"]
                    ).id,
                )
            vals_list.append(vals)
        vals_list += [
            {
                "serial": lot.name,
                "lot_id": lot.id,
                "product_id": quant.product_id.id,
                "result": "missing",
                "current_location_id": quant.location_id.id,
            }
            for lot, quant in here.items()
            if lot not in scanned_lots
        ]
        return vals_list

    def action_check(self):
        for count in self:
            if count.state == "done":
                raise UserError(_("%(count)s is already applied.", count=count.name))
            vals_list = count._classify()
            count.line_ids.unlink()
            count.write(
                {
                    "line_ids": [Command.create(vals) for vals in vals_list],
                    "state": "checked",
                }
            )
        return True

    def action_apply(self):
        """Create the adjustments and relocations of the checked result, all at once."""
        if not self.env.user.has_group("stock.group_stock_manager"):
            raise AccessError(_("Only an Inventory administrator can apply a count."))
        for count in self:
            count._apply()
        return True

    def _apply(self):
        self.ensure_one()
        if self.state != "checked":
            raise UserError(_("Check %(count)s before applying it.", count=self.name))
        shown = sorted((line.serial, line.result) for line in self.line_ids)
        if shown != sorted(
            (vals["serial"], vals["result"]) for vals in self._classify()
        ):
            raise UserError(
                _(
                    "The stock of %(location)s changed since the check: check again.",
                    location=self.location_id.complete_name,
                )
            )
        unknown_without_product = self.line_ids.filtered(
            lambda line: line.result == "unknown" and not line.product_id
        )
        if unknown_without_product:
            raise UserError(
                _(
                    "Set the product of these unknown serials, or remove "
                    "them from the scans: %(serials)s",
                    serials=", ".join(unknown_without_product.mapped("serial")),
                )
            )
        lines = self.line_ids
        new_lots = self.env["stock.lot"].create(
            [
                {
                    "name": line.serial,
                    "product_id": line.product_id.id,
                    "company_id": self.company_id.id,
                }
                for line in lines.filtered(lambda line: line.result == "unknown")
            ]
        )
        for line, lot in zip(
            lines.filtered(lambda line: line.result == "unknown"),
            new_lots,
            strict=False,
        ):
            line.lot_id = lot
        Quant = self.env["stock.quant"].with_context(inventory_mode=True)
        to_relocate = lines.filtered(
            lambda line: line.result == "elsewhere" and line.current_location_id
        )
        gains = lines.filtered(
            lambda line: line.result == "unknown"
            or (line.result == "elsewhere" and not line.current_location_id)
        )
        quants = Quant.create(
            [
                {
                    "product_id": line.product_id.id,
                    "location_id": self.location_id.id,
                    "lot_id": line.lot_id.id,
                    "inventory_quantity": 1,
                }
                for line in gains
            ]
        )
        missing = Quant.search(
            [
                (
                    "lot_id",
                    "in",
                    lines.filtered(lambda line: line.result == "missing").lot_id.ids,
                ),
                ("location_id", "child_of", self.location_id.id),
                ("quantity", ">", 0),
            ]
        )
        missing.inventory_quantity = 0
        missing.inventory_quantity_set = True
        (quants | missing).with_context(inventory_name=self.name)._apply_inventory()
        if to_relocate:
            to_relocate.lot_id._serial_relocate(self.location_id, self.name)
        self.write({"state": "done", "date_done": fields.Datetime.now()})
