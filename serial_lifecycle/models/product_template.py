from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.serial_numbers import check_format_rules

from .product_category import SERIAL_CHARSETS


class ProductTemplate(models.Model):
    _inherit = "product.template"

    # Defaults come from the category and may be overridden per product, the
    # way product_expiry handles its dates.
    serial_max_length = fields.Integer(
        "Serial Maximum Length", compute="_compute_serial_format_rules", store=True, readonly=False,
        help="Longest serial number accepted (0 means no limit). Defaults to the category's.",
    )
    serial_charset = fields.Selection(
        SERIAL_CHARSETS, "Serial Characters", compute="_compute_serial_format_rules", store=True, readonly=False,
    )
    serial_pattern = fields.Char(
        "Serial Pattern", compute="_compute_serial_format_rules", store=True, readonly=False,
        help=r"Optional regular expression every serial must match entirely, e.g. ^SN-\d{6}$.",
    )

    @api.depends("categ_id")
    def _compute_serial_format_rules(self):
        for template in self:
            template.serial_max_length = template.categ_id.serial_max_length
            template.serial_charset = template.categ_id.serial_charset
            template.serial_pattern = template.categ_id.serial_pattern

    @api.constrains("serial_pattern", "serial_max_length")
    def _check_serial_format_rules(self):
        for record in self:
            error = check_format_rules(record.serial_max_length, record.serial_pattern)
            if error:
                raise ValidationError(error)
