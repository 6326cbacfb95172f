from odoo import fields, models
from odoo.tools import SQL

from ..tools.stock_age import AGE_GROUP_SELECTION


class SerialStockVelocityReport(models.Model):
    """One row per shipment of a serial: how many days it waited in stock before it
    left.

    Days in stock run from the serial's latest entry into stock before the
    shipment (receipt, production, customer return, inventory gain: the
    ledger notes it on the delivery event) to its delivery: the turnover of
    serials by their age, per product.
    """

    _name = "serial.stock.velocity.report"
    _inherit = ["serial.report.mixin"]
    _description = "Shipped Serials by Days in Stock"
    _auto = False
    _serial_cube = "serial.stock.velocity.cube"
    _order = "shipped_date desc, id desc"
    _rec_name = "lot_id"
    _depends = {
        "stock.lot.lifecycle.event": [
            "lot_id",
            "product_id",
            "company_id",
            "partner_id",
            "event_type",
            "event_date",
            "stock_entry_date",
        ],
        "product.template": ["categ_id"],
    }

    lot_id = fields.Many2one("stock.lot", "Serial Number", readonly=True)
    product_id = fields.Many2one("product.product", "Product", readonly=True)
    product_category_id = fields.Many2one(
        "product.category", "Product Category", readonly=True
    )
    company_id = fields.Many2one("res.company", "Company", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    # Days (UTC), as the days in stock count them: a pivot by month then
    # reads the same months from the rows and from the cube.
    in_stock_date = fields.Date("In Stock Since", readonly=True)
    shipped_date = fields.Date("Shipped On", readonly=True)
    days_in_stock = fields.Float(
        "Days in Stock (median)", readonly=True, aggregator="median", digits=(16, 1)
    )
    days_in_stock_p90 = fields.Float(
        "Days in Stock (90th percentile)",
        readonly=True,
        aggregator="p90",
        digits=(16, 1),
    )
    age_group = fields.Selection(AGE_GROUP_SELECTION, "Age When Shipped", readonly=True)
    unit_count = fields.Integer("Units Shipped", readonly=True)

    @property
    def _table_query(self):
        days = SQL(
            "((shipment.event_date AT TIME ZONE 'UTC')::date "
            "- (shipment.stock_entry_date AT TIME ZONE 'UTC')::date)"
        )
        return SQL(
            """
            SELECT shipment.id AS id, shipment.lot_id, shipment.product_id,
                   template.categ_id AS product_category_id, shipment.company_id,
                       shipment.partner_id,
                   (shipment.stock_entry_date AT TIME ZONE 'UTC')::date AS
                       in_stock_date,
                   (shipment.event_date AT TIME ZONE 'UTC')::date AS shipped_date,
                   %(days)s AS days_in_stock, %(days)s AS days_in_stock_p90,
                   %(group)s AS age_group,
                   1 AS unit_count
              FROM stock_lot_lifecycle_event shipment
              JOIN product_product product ON product.id = shipment.product_id
              JOIN product_template template ON template.id = product.product_tmpl_id
             WHERE shipment.event_type = 'delivery' AND shipment.stock_entry_date IS NOT
                 NULL
            """,
            days=days,
            group=self._age_group_sql(days),
        )
