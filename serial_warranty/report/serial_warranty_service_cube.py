from odoo import fields, models
from odoo.tools import SQL

from .serial_warranty_service_report import STEPS


class SerialWarrantyServiceCube(models.Model):
    """Claims summed per product, claim month, open or not, service step and days.

    What the pivots of *Service Times* read (see serial.report.cube.mixin).
    One row per step (``claim``: the claims themselves, then each step of
    STEPS that they reached) and number of days to it: the medians and 90th
    percentiles read from it are those of the claims. The days since an
    open claim was made change every day and are read from the claims.
    """

    _name = "serial.warranty.service.cube"
    _inherit = ["serial.report.cube.mixin"]
    _description = "Warranty Service Times (pre-aggregated)"
    _cube_report = "serial.warranty.service.report"
    _cube_month_dimensions = ("claim_date",)

    product_id = fields.Many2one("product.product", readonly=True, index=True)
    product_category_id = fields.Many2one("product.category", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    claim_date = fields.Date("Claim Month", readonly=True)
    is_open = fields.Boolean(readonly=True)
    step = fields.Char(readonly=True)
    days = fields.Integer(readonly=True)

    def _cube_dimensions(self):
        return {
            "product_id": SQL("report.product_id"),
            "product_category_id": SQL("report.product_category_id"),
            "company_id": SQL("report.company_id"),
            "claim_date": SQL("date_trunc('month', report.claim_date)::date"),
            "is_open": SQL("report.is_open"),
            "step": SQL("step.step"),
            "days": SQL("step.days"),
        }

    def _cube_rows(self, scope):
        steps = SQL(", ").join(
            SQL("(%s, report.%s)", key, SQL.identifier(f"days_to_{key}"))
            for key, __, __ in STEPS
        )
        return SQL(
            """
            SELECT %(columns)s, COUNT(*) AS unit_count
              FROM (%(rows)s) report
             CROSS JOIN LATERAL (
                   SELECT *
                     FROM (VALUES ('claim', NULL::integer), %(steps)s) step (step, days)
                    WHERE step.step = 'claim' OR step.days IS NOT NULL
             ) step
             WHERE %(scope)s
             GROUP BY %(keys)s
            """,
            columns=SQL(", ").join(
                SQL("%s AS %s", expr, SQL.identifier(name))
                for name, expr in self._cube_dimensions().items()
            ),
            rows=self.env[self._cube_report]._table_query,
            steps=steps,
            scope=scope,
            keys=SQL(", ").join(
                SQL(str(index + 1)) for index in range(len(self._cube_dimensions()))
            ),
        )

    def _cube_aggregates(self):
        step = self._cube_column("step")
        claims = SQL(
            "COALESCE(SUM(%s) FILTER (WHERE %s = 'claim'), 0)",
            self._cube_column("unit_count"),
            step,
        )
        result = dict(
            super()._cube_aggregates(), **{"__count": claims, "claim_count:sum": claims}
        )
        for key, __, __ in STEPS:
            where = SQL("%s = %s", step, key)
            result[f"days_to_{key}:median"] = self._cube_percentile(0.5, "days", where)
            result[f"days_to_{key}_p90:p90"] = self._cube_percentile(0.9, "days", where)
        return result
