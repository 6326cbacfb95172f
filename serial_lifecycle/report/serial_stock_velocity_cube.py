from odoo import fields, models
from odoo.tools import SQL

from ..tools.stock_age import AGE_GROUP_SELECTION


class SerialStockVelocityCube(models.Model):
    """Shipments of serials summed per product, month, age group and days in stock.

    What the pivots of *Shipped Serials by Days in Stock* read (see
    serial.report.cube.mixin); the days in stock are a dimension, so that
    their medians and 90th percentiles are exact.
    """

    _name = "serial.stock.velocity.cube"
    _inherit = ["serial.report.cube.mixin"]
    _description = "Shipped Serials by Days in Stock (pre-aggregated)"
    _cube_report = "serial.stock.velocity.report"
    _cube_month_dimensions = ("shipped_date",)

    product_id = fields.Many2one("product.product", readonly=True, index=True)
    product_category_id = fields.Many2one("product.category", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    shipped_date = fields.Date("Shipment Month", readonly=True)
    age_group = fields.Selection(AGE_GROUP_SELECTION, readonly=True)
    days_in_stock = fields.Integer(readonly=True)

    def _cube_dimensions(self):
        return {
            "product_id": SQL("report.product_id"),
            "product_category_id": SQL("report.product_category_id"),
            "company_id": SQL("report.company_id"),
            "shipped_date": SQL("date_trunc('month', report.shipped_date)::date"),
            "age_group": SQL("report.age_group"),
            "days_in_stock": SQL("report.days_in_stock"),
        }

    def _cube_aggregates(self):
        units = SQL("SUM(%s)", self._cube_column("unit_count"))
        return dict(
            super()._cube_aggregates(),
            **{
                "unit_count:sum": units,
                "days_in_stock:median": self._cube_percentile(0.5, "days_in_stock"),
                "days_in_stock_p90:p90": self._cube_percentile(0.9, "days_in_stock"),
            },
        )
