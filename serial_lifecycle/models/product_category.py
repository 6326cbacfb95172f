import logging

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..messages import render
from ..tools.serial_numbers import (
    CHARSETS,
    DEFAULT_MAX_LENGTH,
    check_format_rules,
    check_serial,
)

_logger = logging.getLogger(__name__)

SERIAL_CHARSETS = [
    ("gs1_82", "GS1 set 82 (letters, digits, punctuation)"),
    ("alphanumeric", "Letters and digits only"),
    ("any", "Any printable character"),
]


def _sql_outside(charset):
    """A PostgreSQL regular expression matching any character outside ``charset``.

    Every character is listed (no range, whose meaning could depend on the
    collation), the hyphen first so that it is not read as a range. None of
    our character sets holds a backslash, a ``]``, a ``[`` or a ``^``.
    """
    chars = sorted(charset)
    if "-" in chars:
        chars.remove("-")
        chars.insert(0, "-")
    return "[^{}]".format("".join(chars))


# The format rules of check_serial() in SQL, for length and characters: a
# regular expression per character set, control characters (code points below
# 32 and 127) as check_serial counts them. Patterns are Python regular
# expressions, which PostgreSQL's dialect does not always read alike: serials
# of a category with a pattern are checked by check_serial() in batches.
_SQL_OUTSIDE = {charset: _sql_outside(chars) for charset, chars in CHARSETS.items()}
_SQL_CONTROL = f"[{chr(1)}-{chr(31)}{chr(127)}]"
_BREAKING_QUERY = """
    SELECT categ.id, lot.id
      FROM stock_lot lot
      JOIN product_product pp ON pp.id = lot.product_id
      JOIN product_template pt ON pt.id = pp.product_tmpl_id
      JOIN product_category categ ON categ.id = pt.categ_id
     WHERE categ.id = ANY(%(categ_ids)s)
       AND pt.tracking = 'serial'
       AND pt.serial_custom_format IS NOT TRUE
       AND (lot.name = ''
            OR lot.name ~ %(control)s
            OR (categ.serial_max_length > 0 AND length(lot.name) >
                categ.serial_max_length)
            OR (categ.serial_charset = 'gs1_82' AND lot.name ~ %(outside_gs1_82)s)
            OR (categ.serial_charset = 'alphanumeric' AND lot.name ~
                %(outside_alphanumeric)s))
  ORDER BY lot.id
"""
# Serials read at a time when a pattern is checked in Python.
PATTERN_BATCH = 10000


class ProductCategory(models.Model):
    _inherit = "product.category"

    serial_max_length = fields.Integer(
        "Serial Maximum Length",
        default=DEFAULT_MAX_LENGTH,
        help="Longest serial number accepted for the products of this category "
        "(GS1 allows 20 characters; 0 means no limit).",
    )
    serial_charset = fields.Selection(
        SERIAL_CHARSETS,
        "Serial Characters",
        default="gs1_82",
        required=True,
        help="Characters a serial number may contain. GS1 set 82 is what a GS1-128 "
        "or DataMatrix label can carry.",
    )
    serial_pattern = fields.Char(
        help="Optional regular expression every serial must match entirely, "
        r"e.g. a supplier's format such as ^SN-\d{6}$.",
    )
    # Installed on a database whose serials break the rules, the module
    # starts by reporting them (serial_lifecycle/hooks.py): receipts refused
    # the morning after the installation would stop a warehouse.
    serial_format_enforced = fields.Boolean(
        "Enforce Serial Format",
        default=True,
        help="New serial numbers breaking the rules above are refused. Unticked, "
        "they are accepted "
        "and the serials breaking the rules are only listed (Serials "
        "Breaking the Format): the "
        "module starts so on a category whose existing serials broke the "
        "rules at installation.",
    )
    serial_inspection_required = fields.Boolean(
        "Serials Require Inspection",
        help="Serials received of the products of this category wait for an "
        "inspection (quality "
        "status Pending) and are not reserved nor shipped until they pass.",
    )
    serial_inspection_plan_id = fields.Many2one(
        "serial.inspection.plan",
        "Inspection Plan",
        help="The checks an inspector records for each serial of the category's "
        "products.",
    )
    serial_format_breaking_count = fields.Integer(
        "Serials Breaking the Format",
        compute="_compute_serial_format_breaking_count",
        help="Serials of this category's products (those without their own serial "
        "format) that "
        "break its format rules.",
    )

    def _compute_serial_format_breaking_count(self):
        breaking = self._serial_format_breaking_lot_ids()
        for category in self:
            category.serial_format_breaking_count = len(breaking.get(category.id, ()))

    @api.constrains("serial_pattern", "serial_max_length")
    def _check_serial_format_rules(self):
        for record in self:
            error = check_format_rules(record.serial_max_length, record.serial_pattern)
            if error:
                raise ValidationError(render(self.env, error))

    def action_view_serials_breaking_format(self):
        self.ensure_one()
        lot_ids = self._serial_format_breaking_lot_ids().get(self.id, [])
        return {
            "type": "ir.actions.act_window",
            "name": _(
                "Serials Breaking the Format: %(category)s", category=self.display_name
            ),
            "res_model": "stock.lot",
            "view_mode": "list,form",
            "domain": [("id", "in", lot_ids)],
            "context": {"create": False},
        }

    def _serial_format_breaking_lot_ids(self):
        """Return {category id: [ids of the serials breaking its format rules]}.

        The serials counted are those of serial-tracked products that follow
        the category (not their own format), as stock.lot's checks do. Length
        and characters are checked in one SQL query; the serials of a
        category with a pattern are read in batches and checked by
        check_serial(), whose regular expressions are Python's.
        """
        categories = self.filtered("id")
        if not categories:
            return {}
        self.env.flush_all()
        with_pattern = categories.filtered("serial_pattern")
        breaking = {}
        without_pattern = categories - with_pattern
        if without_pattern:
            self.env.cr.execute(
                _BREAKING_QUERY,
                {
                    "categ_ids": without_pattern.ids,
                    "control": _SQL_CONTROL,
                    "outside_gs1_82": _SQL_OUTSIDE["gs1_82"],
                    "outside_alphanumeric": _SQL_OUTSIDE["alphanumeric"],
                },
            )
            for category_id, lot_id in self.env.cr.fetchall():
                breaking.setdefault(category_id, []).append(lot_id)
        for category in with_pattern:
            lot_ids = category._serial_format_breaking_lot_ids_in_python()
            if lot_ids:
                breaking[category.id] = lot_ids
        return breaking

    def _serial_format_breaking_lot_ids_in_python(self):
        self.ensure_one()
        rules = (self.serial_max_length, self.serial_charset, self.serial_pattern)
        Lot = self.env["stock.lot"].sudo().with_context(active_test=False)
        domain = [
            ("product_id.categ_id", "=", self.id),
            ("product_id.tracking", "=", "serial"),
            ("product_id.serial_custom_format", "=", False),
        ]
        lot_ids, last_id = [], 0
        while True:
            lots = Lot.search_fetch(
                domain + [("id", ">", last_id)],
                ["name"],
                order="id",
                limit=PATTERN_BATCH,
            )
            if not lots:
                return lot_ids
            lot_ids += [lot.id for lot in lots if check_serial(lot.name, *rules)]
            last_id = lots[-1].id
            # The names read are not needed any more: a million serials
            # would otherwise stay in the cache.
            lots.invalidate_recordset()

    def _serial_format_report_breaking(self):
        """Stop enforcing the format rules of the categories whose serials break them.

        What the installation does (hooks.post_init_hook): a consultant
        installing on a live database must not find receipts refused the
        next morning. Returns {category: number of serials breaking its rules}.
        """
        breaking = self._serial_format_breaking_lot_ids()
        categories = self.browse(list(breaking))
        categories.serial_format_enforced = False
        for category in categories:
            lot_ids = breaking[category.id]
            examples = self.env["stock.lot"].sudo().browse(lot_ids[:3]).mapped("name")
            _logger.warning(
                "serial_lifecycle: %s serials of category %r break its "
                "serial format rules (e.g. %s): "
                "the rules are reported, not enforced, until 'Enforce Serial "
                "Format' is ticked on the category",
                len(lot_ids),
                category.display_name,
                ", ".join(repr(name) for name in examples),
            )
        return {category: len(breaking[category.id]) for category in categories}
