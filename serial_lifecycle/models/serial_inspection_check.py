from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools.quality import CHECK_TYPES


class SerialInspectionCheck(models.Model):
    """One check of an inspection plan: pass/fail, or a measured value within limits."""

    _name = "serial.inspection.check"
    _inherit = ["serial.input.mixin"]
    _description = "Serial Inspection Check"
    _order = "plan_id, sequence, id"

    plan_id = fields.Many2one(
        "serial.inspection.plan", "Plan", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char("Check", required=True)
    check_type = fields.Selection(
        CHECK_TYPES, "Type", required=True, default="passfail"
    )
    required = fields.Boolean(
        default=True,
        help="A serial passes only when every required check has passed. Any "
        "failed check fails it.",
    )
    min_value = fields.Float("Minimum", digits=(16, 4))
    max_value = fields.Float("Maximum", digits=(16, 4))
    has_min = fields.Boolean("Has Minimum")
    has_max = fields.Boolean("Has Maximum")
    unit = fields.Char(help="The unit of the measured value, e.g. V, mm, kg.")

    @api.constrains("check_type", "min_value", "max_value", "has_min", "has_max")
    def _check_limits(self):
        for check in self:
            if check.check_type != "measure":
                continue
            if not (check.has_min or check.has_max):
                raise ValidationError(
                    _(
                        "Check %(check)s: a measured check needs a minimum, "
                        "a maximum or both.",
                        check=check.name,
                    )
                )
            if check.has_min and check.has_max and check.min_value > check.max_value:
                raise ValidationError(
                    _(
                        "Check %(check)s: the minimum %(min)s is above the "
                        "maximum %(max)s.",
                        check=check.name,
                        min=check.min_value,
                        max=check.max_value,
                    )
                )

    def _serial_limits(self):
        self.ensure_one()
        return (
            self.min_value if self.has_min else None,
            self.max_value if self.has_max else None,
        )

    def _serial_limits_label(self):
        self.ensure_one()
        low, high = self._serial_limits()
        unit = self.unit or ""
        if low is not None and high is not None:
            return f"{low:g}-{high:g} {unit}"
        if low is not None:
            return f"≥ {low:g} {unit}"
        return f"≤ {high:g} {unit}"
