from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..messages import render
from ..tools.serial_numbers import DEFAULT_MAX_LENGTH, check_format_rules
from ..tools.serial_sequences import CHECK_METHODS, format_serial, serial_series
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
    serial_max_length = fields.Integer(
        "Serial Maximum Length", default=DEFAULT_MAX_LENGTH
    )
    serial_charset = fields.Selection(
        SERIAL_CHARSETS, "Serial Characters", default="gs1_82"
    )
    serial_pattern = fields.Char(
        help=r"Optional regular expression every serial must match entirely, e.g. "
        r"NW-\d{6}.",
    )
    serial_format_in_force = fields.Char(
        "Serial Format in Force",
        compute="_compute_serial_format_in_force",
        help="The format rules serials of this product must follow, and where "
        "they come from.",
    )

    # Serial template: Odoo's "Generate Serials" on a receipt, with its first
    # serial left empty, continues this numbering instead of starting at 0.
    serial_sequence_use = fields.Boolean(
        "Serial Template",
        help="Generate serials of this product as prefix + zero-padded number + "
        "optional check character. "
        "Leave the first serial empty in Generate Serials to continue the numbering.",
    )
    serial_sequence_prefix = fields.Char(
        "Serial Prefix", help="Text before the number, e.g. LAP-."
    )
    serial_sequence_padding = fields.Integer(
        "Serial Digits",
        default=6,
        help="The number is zero-padded to this many digits.",
    )
    serial_sequence_check = fields.Selection(
        CHECK_METHODS,
        "Check Character",
        default="none",
        required=True,
        help="A character appended to each serial that catches typing errors: "
        "Luhn works on the number's "
        "digits, ISO 7064 MOD 37,36 on the prefix and number.",
    )
    serial_sequence_next = fields.Integer("Next Serial Number", default=1, copy=False)
    serial_sequence_example = fields.Char(
        "Next Serial", compute="_compute_serial_sequence_example"
    )
    serial_inspection_required = fields.Boolean(
        "Requires Inspection",
        help="Serials received of this product wait for an inspection (quality "
        "status Pending) and are "
        "not reserved nor shipped until they pass. Without it, the product's "
        "category decides.",
    )
    serial_inspection_plan_id = fields.Many2one(
        "serial.inspection.plan",
        "Inspection Plan",
        help="The checks an inspector records for each serial. Empty: the "
        "category's plan.",
    )

    def _serial_inspection_plan(self):
        """(requires inspection, plan) of this product: its own if it requires
        inspection, else its category's."""
        self.ensure_one()
        if self.serial_inspection_required:
            return (
                True,
                self.serial_inspection_plan_id
                or self.categ_id.serial_inspection_plan_id,
            )
        return (
            self.categ_id.serial_inspection_required,
            self.categ_id.serial_inspection_plan_id,
        )

    @api.depends(
        "serial_sequence_use",
        "serial_sequence_prefix",
        "serial_sequence_padding",
        "serial_sequence_check",
        "serial_sequence_next",
    )
    def _compute_serial_sequence_example(self):
        for template in self:
            template.serial_sequence_example = (
                template.serial_sequence_use
                and format_serial(
                    template.serial_sequence_prefix or "",
                    max(template.serial_sequence_next, 0),
                    max(template.serial_sequence_padding, 0),
                    template.serial_sequence_check,
                )
            )

    @api.constrains(
        "serial_sequence_prefix",
        "serial_sequence_padding",
        "serial_sequence_next",
        "serial_sequence_check",
    )
    def _check_serial_sequence(self):
        for template in self.filtered("serial_sequence_use"):
            prefix = template.serial_sequence_prefix or ""
            if prefix != prefix.strip() or any(char.isspace() for char in prefix):
                raise ValidationError(
                    _(
                        "The serial prefix %(prefix)r may not contain spaces.",
                        prefix=prefix,
                    )
                )
            if not 1 <= template.serial_sequence_padding <= 18:
                raise ValidationError(
                    _(
                        "Serial digits must be between 1 and 18, not %(digits)s.",
                        digits=template.serial_sequence_padding,
                    )
                )
            if template.serial_sequence_next < 0:
                raise ValidationError(
                    _(
                        "The next serial number cannot be negative (%(number)s).",
                        number=template.serial_sequence_next,
                    )
                )

    @api.constrains("serial_pattern", "serial_max_length")
    def _check_serial_format_rules(self):
        for template in self:
            error = check_format_rules(
                template.serial_max_length, template.serial_pattern
            )
            if error:
                raise ValidationError(render(self.env, error))

    @api.depends(
        "serial_custom_format",
        "serial_max_length",
        "serial_charset",
        "serial_pattern",
        "categ_id.serial_max_length",
        "categ_id.serial_charset",
        "categ_id.serial_pattern",
        "categ_id.serial_format_enforced",
    )
    def _compute_serial_format_in_force(self):
        charsets = dict(self._fields["serial_charset"]._description_selection(self.env))
        for template in self:
            source = template._serial_format_source()
            max_length, charset, pattern = (
                source.serial_max_length,
                source.serial_charset,
                source.serial_pattern,
            )
            rules = [
                _("at most %(length)s characters", length=max_length)
                if max_length
                else _("any length")
            ]
            rules.append(charsets.get(charset, _("any printable character")))
            if pattern:
                rules.append(_("matching %(pattern)s", pattern=pattern))
            origin = (
                _("this product's own rules")
                if template.serial_custom_format
                else _("category %(category)s", category=template.categ_id.display_name)
            )
            if template._serial_format_is_enforced():
                template.serial_format_in_force = _(
                    "%(rules)s (from %(origin)s)", rules=", ".join(rules), origin=origin
                )
            else:
                template.serial_format_in_force = _(
                    "%(rules)s (from %(origin)s), reported, not enforced: "
                    "Enforce Serial Format is unticked there",
                    rules=", ".join(rules),
                    origin=origin,
                )

    def _serial_format_source(self):
        """The record whose serial format rules this product follows: itself or its
        category."""
        self.ensure_one()
        return self if self.serial_custom_format else self.categ_id

    def _serial_format_is_enforced(self):
        """False while the category's rules are only reported
        (product.category.serial_format_enforced).

        A product's own format is always enforced: someone chose it.
        """
        self.ensure_one()
        return self.serial_custom_format or self.categ_id.serial_format_enforced

    def _serial_format_rules(self):
        """Return (max_length, charset, pattern) that new serials of this product must
        obey.

        None beyond what every serial obeys (not empty, no control character)
        while the category's rules are reported, not enforced.
        """
        self.ensure_one()
        if not self._serial_format_is_enforced():
            return 0, "any", False
        source = self._serial_format_source()
        return source.serial_max_length, source.serial_charset, source.serial_pattern

    def _serial_sequence_take(self, count):
        """Reserve the next ``count`` numbers of the serial template and return the
        serials.

        One UPDATE takes the whole block: its row lock makes two users
        generating serials at the same moment get different numbers.
        """
        self.ensure_one()
        if count <= 0:
            return []
        self.flush_recordset(["serial_sequence_next"])
        self.env.cr.execute(
            """
            UPDATE product_template
               SET serial_sequence_next = serial_sequence_next + %s
             WHERE id = %s
         RETURNING serial_sequence_next - %s
        """,
            (count, self.id, count),
        )
        first_number = self.env.cr.fetchone()[0]
        self.invalidate_recordset(["serial_sequence_next", "serial_sequence_example"])
        return serial_series(
            self.serial_sequence_prefix or "",
            first_number,
            count,
            self.serial_sequence_padding,
            self.serial_sequence_check,
        )

    def write(self, vals):
        # A product moved to another category: the analytics cubes grouping
        # by category are rebuilt for it.
        self.env["serial.report.cube.mark"]._serial_mark_changed(
            self._name,
            list(vals),
            lambda: self.with_context(active_test=False).product_variant_ids.ids,
        )
        return super().write(vals)
