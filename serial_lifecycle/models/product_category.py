from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.serial_numbers import DEFAULT_MAX_LENGTH, check_format_rules

SERIAL_CHARSETS = [
    ("gs1_82", "GS1 set 82 (letters, digits, punctuation)"),
    ("alphanumeric", "Letters and digits only"),
    ("any", "Any printable character"),
]


class ProductCategory(models.Model):
    _inherit = "product.category"

    serial_max_length = fields.Integer(
        "Serial Maximum Length", default=DEFAULT_MAX_LENGTH,
        help="Longest serial number accepted for the products of this category "
        "(GS1 allows 20 characters; 0 means no limit).",
    )
    serial_charset = fields.Selection(
        SERIAL_CHARSETS, "Serial Characters", default="gs1_82", required=True,
        help="Characters a serial number may contain. GS1 set 82 is what a GS1-128 "
        "or DataMatrix label can carry.",
    )
    serial_pattern = fields.Char(
        "Serial Pattern",
        help="Optional regular expression every serial must match entirely, "
        r"e.g. a supplier's format such as ^SN-\d{6}$.",
    )

    @api.constrains("serial_pattern", "serial_max_length")
    def _check_serial_format_rules(self):
        for record in self:
            error = check_format_rules(record.serial_max_length, record.serial_pattern)
            if error:
                raise ValidationError(error)
