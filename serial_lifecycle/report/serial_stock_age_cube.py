from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.lifecycle_rules import STATES
from ..tools.stock_age import AGE_GROUP_SELECTION


class SerialStockAgeCube(models.Model):
    """Serials in stock summed per product, location, state and age in days.

    What the pivots of *Serials in Stock by Age* read (see
    serial.report.cube.mixin). Ages count up to the day the rows were built
    (``built_on``, the reader's today): a read on another day rebuilds
    every row first.
    """

    _name = "serial.stock.age.cube"
    _inherit = ["serial.report.cube.mixin"]
    _description = "Serials in Stock by Age (pre-aggregated)"
    _cube_report = "serial.stock.age.report"

    product_id = fields.Many2one("product.product", readonly=True, index=True)
    product_category_id = fields.Many2one("product.category", readonly=True)
    location_id = fields.Many2one("stock.location", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    lifecycle_state = fields.Selection(STATES, readonly=True)
    age_group = fields.Selection(AGE_GROUP_SELECTION, readonly=True)
    age_days = fields.Integer(readonly=True)
    built_on = fields.Date(readonly=True)

    def _cube_dimensions(self):
        same = (
            "product_id",
            "product_category_id",
            "location_id",
            "warehouse_id",
            "company_id",
            "lifecycle_state",
            "age_group",
            "age_days",
        )
        return {
            **{name: SQL.identifier("report", name) for name in same},
            "built_on": SQL("%s::date", fields.Date.context_today(self)),
        }

    def _cube_aggregates(self):
        units = self._cube_column("unit_count")
        days = self._cube_column("age_days")
        return dict(
            super()._cube_aggregates(),
            **{
                "unit_count:sum": SQL("SUM(%s)", units),
                "age_days:avg": SQL(
                    "SUM(%s * %s)::float / NULLIF(SUM(%s), 0)", units, days, units
                ),
                "age_days_max:max": SQL("MAX(%s)", days),
            },
        )

    @api.model
    def _cube_refresh(self):
        # Built on another day: every age moved on, rebuild everything.
        self.env.cr.execute(
            SQL(
                "SELECT 1 FROM %s WHERE built_on <> %s LIMIT 1",
                SQL.identifier(self._table),
                fields.Date.context_today(self),
            )
        )
        if self.env.cr.fetchone():
            self.env["serial.report.cube.mark"]._serial_mark(cubes=[self._name])
        return super()._cube_refresh()
