from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.serial_numbers import DEFAULT_MAX_LENGTH, check_format_rules
from .product_category import SERIAL_CHARSETS


class ProductTemplate(models.Model):
    _inherit = "product.template"

    # A product follows its category's serial format unless it has its own,
    # so that changing the category's rule reaches every product that did
    # not opt out.
    serial_custom_format = fields.Boolean(
        "Own Serial Format",
        help="Use the serial format below instead of the one of the product category.",
    )
    serial_max_length = fields.Integer("Serial Maximum Length", default=DEFAULT_MAX_LENGTH)
    serial_charset = fields.Selection(SERIAL_CHARSETS, "Serial Characters", default="gs1_82")
    serial_pattern = fields.Char(
        "Serial Pattern", help=r"Optional regular expression every serial must match entirely, e.g. NW-\d{6}.",
    )

    @api.constrains("serial_pattern", "serial_max_length")
    def _check_serial_format_rules(self):
        for template in self:
            error = check_format_rules(template.serial_max_length, template.serial_pattern)
            if error:
                raise ValidationError(error)

    def _serial_format_rules(self):
        """Return (max_length, charset, pattern) that serials of this product obey."""
        self.ensure_one()
        source = self if self.serial_custom_format else self.categ_id
        return source.serial_max_length, source.serial_charset, source.serial_pattern
