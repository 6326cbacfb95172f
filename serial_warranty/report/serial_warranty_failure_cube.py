from odoo import fields, models
from odoo.tools import SQL


class SerialWarrantyFailureCube(models.Model):
    """Shipped serials summed per product, cohort, supplier, revision and failure.

    What the pivots and curves of *Failure Rates* read (see
    serial.report.cube.mixin): ``failed_count`` (0 or 1) and the months in
    service are dimensions, so that the failure rate of any group is the
    failed units over the units and the curve per month in service is exact.
    """

    _name = "serial.warranty.failure.cube"
    _inherit = ["serial.report.cube.mixin"]
    _description = "Serial Failure Rates (pre-aggregated)"
    _cube_report = "serial.warranty.failure.report"
    _cube_month_dimensions = ("production_date", "shipped_date")

    product_id = fields.Many2one("product.product", readonly=True, index=True)
    product_category_id = fields.Many2one("product.category", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    supplier_id = fields.Many2one("res.partner", readonly=True)
    receipt_picking_id = fields.Many2one("stock.picking", readonly=True)
    receipt_origin = fields.Char(readonly=True)
    production_date = fields.Date("Production Month", readonly=True)
    shipped_date = fields.Date("Shipment Month", readonly=True)
    revision = fields.Char(readonly=True)
    shipped_revision = fields.Char(readonly=True)
    months_in_service = fields.Integer(readonly=True)
    failed_count = fields.Integer(readonly=True)

    def _cube_dimensions(self):
        same = (
            "product_id",
            "product_category_id",
            "company_id",
            "supplier_id",
            "receipt_picking_id",
            "receipt_origin",
            "revision",
            "shipped_revision",
            "months_in_service",
            "failed_count",
        )
        return {
            **{name: SQL.identifier("report", name) for name in same},
            "production_date": SQL("date_trunc('month', report.production_date)::date"),
            "shipped_date": SQL("date_trunc('month', report.shipped_date)::date"),
        }

    def _cube_aggregates(self):
        units = SQL("SUM(%s)", self._cube_column("unit_count"))
        failed = SQL(
            "SUM(%s * %s)",
            self._cube_column("unit_count"),
            self._cube_column("failed_count"),
        )
        months = self._cube_column("months_in_service")
        return dict(
            super()._cube_aggregates(),
            **{
                "unit_count:sum": units,
                "failed_count:sum": failed,
                "failure_rate:avg": SQL("100.0 * %s / NULLIF(%s, 0)", failed, units),
                "months_in_service:avg": SQL(
                    "SUM(%s * %s)::float"
                    " / NULLIF(SUM(%s) FILTER (WHERE %s IS NOT NULL), 0)",
                    self._cube_column("unit_count"),
                    months,
                    self._cube_column("unit_count"),
                    months,
                ),
            },
        )
