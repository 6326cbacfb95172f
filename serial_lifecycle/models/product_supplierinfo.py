from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..messages import render
from ..tools.messages import bullet_list
from ..tools.serial_numbers import check_format_rules


class ProductSupplierinfo(models.Model):
    """A vendor line of a product, with the format of that vendor's serials."""

    _inherit = "product.supplierinfo"

    serial_pattern = fields.Char(
        "Vendor Serial Pattern",
        help=r"Regular expression the serials of this product received from this "
        r"vendor must match entirely, "
        r"e.g. NW-\d{6}. Checked on receipts from the vendor, beside the "
        r"product's own format rules.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        self._serial_check_pattern_values(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._serial_check_pattern_values([vals])
        return super().write(vals)

    @api.model
    def _serial_check_pattern_values(self, vals_list):
        """Refuse a pattern that is no text or no regular expression before it reaches
        the database."""
        label = self._fields["serial_pattern"]._description_string(self.env)
        errors = []
        for vals in vals_list:
            pattern = vals.get("serial_pattern") if isinstance(vals, dict) else None
            if pattern is None or pattern is False:
                continue
            if not isinstance(pattern, str):
                error = _("%(value)r is not a pattern (text expected)", value=pattern)
            else:
                error = check_format_rules(0, pattern)
            if error:
                errors.append(f"{label}: {render(self.env, error)}")
        if errors:
            raise ValidationError(
                _("Nothing was saved:\n%(errors)s", errors=bullet_list(errors))
            )

    @api.constrains("serial_pattern")
    def _check_serial_pattern(self):
        for info in self.filtered("serial_pattern"):
            error = check_format_rules(0, info.serial_pattern)
            if error:
                raise ValidationError(
                    _(
                        "%(vendor)s, %(product)s: %(error)s",
                        vendor=info.partner_id.display_name,
                        product=info.product_tmpl_id.display_name,
                        error=render(self.env, error),
                    )
                )

    @api.model
    def _serial_vendor_patterns(self, partner, products, company):
        """{product id: [pattern, ...]} of the vendor lines of ``partner`` (its company)
        that set a pattern.

        One query for all ``products``; a line for a variant applies to that
        variant, a line for the template to all its variants.
        """
        if not partner or not products:
            return {}
        infos = self.sudo().search(
            [
                ("serial_pattern", "!=", False),
                ("partner_id", "child_of", partner.commercial_partner_id.id),
                ("product_tmpl_id", "in", products.product_tmpl_id.ids),
                ("company_id", "in", (False, company.id)),
            ]
        )
        patterns = {}
        for product in products:
            patterns[product.id] = [
                info.serial_pattern
                for info in infos
                if info.product_tmpl_id == product.product_tmpl_id
                and (not info.product_id or info.product_id == product)
            ]
        return {product_id: found for product_id, found in patterns.items() if found}
