from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.serial_lifecycle.tools.messages import bullet_list

from ..tools.warranty_dates import term_problems

WARRANTY_UNITS = [("days", "Days"), ("months", "Months"), ("years", "Years")]
WARRANTY_TRIGGERS = [
    ("shipment", "Shipment to the customer"),
    ("installation", "Installation"),
]
REPLACEMENT_POLICIES = [
    ("continue", "Continue the replaced unit's coverage"),
    ("restart", "Restart coverage at the replacement's shipment"),
]
# Field names of the terms, shared by category and product: the product
# uses its own values only when "Own Warranty Terms" is set.
WARRANTY_TERM_FIELDS = (
    "warranty_duration",
    "warranty_unit",
    "warranty_trigger",
    "warranty_install_fallback_days",
    "warranty_return_days",
    "warranty_transferable",
    "warranty_replacement_policy",
)


class ProductCategory(models.Model):
    _inherit = "product.category"

    warranty_duration = fields.Integer(
        help="How long serials of this category are covered; 0 means no warranty.",
    )
    warranty_unit = fields.Selection(WARRANTY_UNITS, default="months", required=True)
    warranty_trigger = fields.Selection(
        WARRANTY_TRIGGERS,
        "Warranty Starts At",
        default="shipment",
        required=True,
        help="Shipment: the day the delivery to the customer is validated. "
        "Installation: the day the serial is marked installed.",
    )
    warranty_install_fallback_days = fields.Integer(
        "Start Anyway After (Days)",
        help="With an installation trigger: coverage starts this many days after "
        "shipment "
        "when the serial has not been installed by then. 0: wait for the installation.",
    )
    warranty_return_days = fields.Integer(
        "Return Window (Days)",
        help="Days after shipment during which a customer may return a serial "
        "without a defect.",
    )
    warranty_transferable = fields.Boolean(
        "Warranty Passes to a New Owner",
        help="A customer the serial was installed at (a new owner) may also claim.",
    )
    warranty_replacement_policy = fields.Selection(
        REPLACEMENT_POLICIES,
        "Replacement Coverage",
        default="continue",
        required=True,
    )

    @api.constrains(*WARRANTY_TERM_FIELDS)
    def _check_warranty_terms(self):
        check_term_bounds(self)


def check_term_bounds(records):
    """Refuse a duration or window out of bounds on categories or products, naming the
    value."""
    for record in records:
        problems = term_problems(
            record.warranty_duration,
            record.warranty_unit,
            record.warranty_return_days,
            record.warranty_install_fallback_days,
        )
        if not problems:
            continue
        env = record.env
        lines = []
        for name, limit in problems:
            label = record._fields[name].get_description(env)["string"]
            if name == "warranty_duration":
                lines.append(
                    env._(
                        "%(field)s %(value)s %(unit)s: from 1 day up to "
                        "%(limit)s years (0: no warranty)",
                        field=label,
                        value=record[name],
                        unit=record.warranty_unit,
                        limit=limit,
                    )
                )
            else:
                lines.append(
                    env._(
                        "%(field)s %(value)s: from 0 up to %(limit)s days",
                        field=label,
                        value=record[name],
                        limit=limit,
                    )
                )
        raise ValidationError(
            env._(
                "Warranty terms of %(record)s refused:\n%(lines)s",
                record=record.display_name,
                lines=bullet_list(lines),
            )
        )
