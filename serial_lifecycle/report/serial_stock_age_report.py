from odoo import fields, models
from odoo.tools import SQL

from ..tools.lifecycle_rules import STATES
from ..tools.stock_age import AGE_GROUP_SELECTION


class SerialStockAgeReport(models.Model):
    """One row per serial in stock in an internal location: how long it has been there.

    The age counts from when the serial last came into stock (received,
    made, returned by a customer, counted in), which the ledger keeps on
    the serial; internal transfers do not reset it. Serials with no such
    event (in stock since before the module was installed) count from the
    quant's incoming date, the date Odoo's FIFO goes by.
    """

    _name = "serial.stock.age.report"
    _inherit = ["serial.report.mixin"]
    _description = "Serials in Stock by Age"
    _auto = False
    _serial_cube = "serial.stock.age.cube"
    _order = "age_days desc, lot_id"
    _rec_name = "lot_id"
    _depends = {
        "stock.quant": [
            "lot_id",
            "product_id",
            "location_id",
            "company_id",
            "in_date",
            "quantity",
        ],
        "stock.location": ["usage", "warehouse_id"],
        "stock.lot": ["lifecycle_state", "stock_entry_date"],
        "product.template": ["categ_id", "tracking"],
    }

    lot_id = fields.Many2one("stock.lot", "Serial Number", readonly=True)
    product_id = fields.Many2one("product.product", "Product", readonly=True)
    product_category_id = fields.Many2one(
        "product.category", "Product Category", readonly=True
    )
    location_id = fields.Many2one("stock.location", "Location", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", "Warehouse", readonly=True)
    company_id = fields.Many2one("res.company", "Company", readonly=True)
    lifecycle_state = fields.Selection(STATES, readonly=True)
    in_date = fields.Datetime("In Stock Since", readonly=True)
    age_days = fields.Integer("Age (days)", readonly=True, aggregator="avg")
    age_days_max = fields.Integer("Oldest (days)", readonly=True, aggregator="max")
    age_group = fields.Selection(AGE_GROUP_SELECTION, "Age", readonly=True)
    unit_count = fields.Integer("Units", readonly=True)

    @property
    def _table_query(self):
        # Today in the user's time zone, as the rest of the screens show it.
        today = fields.Date.context_today(self)
        age = SQL(
            "(%s::date - (COALESCE(lot.stock_entry_date, quant.in_date) AT "
            "TIME ZONE 'UTC')::date)",
            today,
        )
        return SQL(
            """
            SELECT quant.id AS id,
                   quant.lot_id AS lot_id,
                   quant.product_id AS product_id,
                   template.categ_id AS product_category_id,
                   quant.location_id AS location_id,
                   location.warehouse_id AS warehouse_id,
                   quant.company_id AS company_id,
                   lot.lifecycle_state AS lifecycle_state,
                   COALESCE(lot.stock_entry_date, quant.in_date) AS in_date,
                   %(age)s AS age_days,
                   %(age)s AS age_days_max,
                   %(group)s AS age_group,
                   1 AS unit_count
              FROM stock_quant quant
              JOIN stock_location location ON location.id = quant.location_id AND
                  location.usage = 'internal'
              JOIN stock_lot lot ON lot.id = quant.lot_id
              JOIN product_product product ON product.id = quant.product_id
              JOIN product_template template ON template.id = product.product_tmpl_id
                                            AND template.tracking = 'serial'
             WHERE quant.lot_id IS NOT NULL AND quant.quantity > 0
            """,
            age=age,
            group=self._age_group_sql(age),
        )
