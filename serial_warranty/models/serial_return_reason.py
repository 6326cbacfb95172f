from odoo import fields, models


class SerialReturnReason(models.Model):
    """Why a unit comes back: chosen on customer returns and warranty claims, grouped in
    analytics.

    Shared by all companies, like product categories: the same reasons make
    failure rates comparable across them.
    """

    _name = "serial.return.reason"
    _description = "Return Reason"
    _inherit = ["serial.input.mixin"]
    _order = "sequence, id"

    name = fields.Char("Reason", required=True, translate=True)
    code = fields.Char(
        required=True,
        help="A short key for imports and integrations, e.g. DEFECT.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    counts_as_failure = fields.Boolean(
        "Counts as a Failure",
        default=True,
        help="Returns and claims with this reason count as failures of the unit "
        "in the failure rates "
        "(a defect does; a unit no longer wanted does not).",
    )

    _sql_constraints = [
        (
            "code_unique",
            "UNIQUE (code)",
            "A return reason with this code already exists.",
        ),
    ]

    def write(self, vals):
        # Whether a reason counts as a failure changes every failure rate.
        self.env["serial.report.cube.mark"]._serial_mark_changed(
            self._name, list(vals), None
        )
        return super().write(vals)
