from odoo import fields, models


class SerialInspectionPlan(models.Model):
    """The checks an inspector records for each serial of a product or category."""

    _name = "serial.inspection.plan"
    _inherit = ["serial.input.mixin"]
    _description = "Serial Inspection Plan"
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char("Plan", required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        "Company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    check_ids = fields.One2many(
        "serial.inspection.check", "plan_id", "Checks", copy=True
    )
    note = fields.Text("Instructions")
