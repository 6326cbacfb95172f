from odoo import fields, models
from odoo.tools import SQL

from .serial_warranty_failure_report import SerialWarrantyFailureReport

# Deep enough for any real assembly (cells, packs, boards, units); a cycle is
# refused when links are made, the limit only bounds a damaged database.
MAX_DEPTH = 20


class SerialWarrantyComponentFailureReport(models.Model):
    """One row per shipped unit and component serial in it when first shipped.

    Components at any depth (a cell in a pack in the unit) count.

    The failure rate by component: of the units that shipped with a
    component of this serial, product, supplier or receipt (the batch the
    component serials came in: genealogy links serial numbers only), how
    many failed. A unit counts once per component it held; whether it
    failed and when come from the failure rates (serial.warranty.failure.report).
    Not pre-aggregated: it reads the component links of shipped units.
    """

    _name = "serial.warranty.component.failure.report"
    _inherit = ["serial.report.mixin"]
    _description = "Serial Failure Rates by Component"
    _auto = False
    _rec_name = "lot_id"
    _order = "shipped_date desc, id desc"
    # What the failure rates read, and the component links.
    _depends = {
        **SerialWarrantyFailureReport._depends,
        "stock.lot.component": [
            "parent_lot_id",
            "component_lot_id",
            "date_start",
            "date_end",
        ],
    }

    lot_id = fields.Many2one("stock.lot", "Serial Number", readonly=True)
    product_id = fields.Many2one("product.product", "Product", readonly=True)
    company_id = fields.Many2one("res.company", "Company", readonly=True)
    production_date = fields.Date(readonly=True)
    shipped_date = fields.Date("First Shipped", readonly=True)
    component_lot_id = fields.Many2one("stock.lot", "Component Serial", readonly=True)
    component_product_id = fields.Many2one(
        "product.product", "Component Product", readonly=True
    )
    component_supplier_id = fields.Many2one(
        "res.partner", "Component Supplier", readonly=True
    )
    component_receipt_id = fields.Many2one(
        "stock.picking",
        "Component Receipt",
        readonly=True,
        help="The receipt the component serial came in with: its supplier's batch.",
    )
    component_production_date = fields.Date(readonly=True)
    depth = fields.Integer("Level", readonly=True, aggregator="max")
    months_in_service = fields.Integer(
        "Months in Service at Failure", readonly=True, aggregator="avg"
    )
    unit_count = fields.Integer("Units Shipped", readonly=True)
    failed_count = fields.Integer("Units Failed", readonly=True)
    failure_rate = fields.Float(
        "Failure Rate (%)", readonly=True, aggregator="avg", digits=(16, 2)
    )

    @property
    def _table_query(self):
        return SQL(
            """
            WITH RECURSIVE tree AS (
                SELECT link.parent_lot_id AS unit_id, link.id AS link_id,
                       link.component_lot_id,
                       shipped.event_date AS shipped_at, 1 AS depth
                  FROM stock_lot_component link
                  JOIN stock_lot unit ON unit.id = link.parent_lot_id
                  JOIN stock_lot_lifecycle_event shipped
                    ON shipped.id = unit.first_delivery_event_id
                 WHERE link.date_start <= shipped.event_date
                   AND (link.date_end IS NULL OR link.date_end > shipped.event_date)
             UNION ALL
                SELECT tree.unit_id, link.id, link.component_lot_id, tree.shipped_at,
                       tree.depth + 1
                  FROM tree
                  JOIN stock_lot_component link
                    ON link.parent_lot_id = tree.component_lot_id
                 WHERE link.date_start <= tree.shipped_at
                   AND (link.date_end IS NULL OR link.date_end > tree.shipped_at)
                   AND tree.depth < %(max_depth)s
            )
            SELECT (tree.link_id::bigint << 31) + tree.unit_id AS id,
                   unit.lot_id, unit.product_id, unit.company_id, unit.production_date,
                   unit.shipped_date, tree.component_lot_id,
                   component.product_id AS component_product_id,
                   received.partner_id AS component_supplier_id,
                   received.picking_id AS component_receipt_id,
                   component.production_date AS component_production_date,
                   tree.depth, unit.months_in_service, unit.unit_count,
                   unit.failed_count, unit.failure_rate
              FROM tree
              JOIN (%(units)s) unit ON unit.lot_id = tree.unit_id
              JOIN stock_lot component ON component.id = tree.component_lot_id
              LEFT JOIN stock_lot_lifecycle_event received
                     ON received.id = component.first_receipt_event_id
            """,
            max_depth=MAX_DEPTH,
            units=self.env["serial.warranty.failure.report"]._table_query,
        )
