from odoo import fields, models
from odoo.tools import SQL


class SerialWarrantyFailureReport(models.Model):
    """One row per serial ever shipped: did it fail, and after how long in service.

    Units count from their first delivery. A unit failed when it has a
    warranty claim (any decision: a refused claim is still a unit that
    failed) or came back on a customer return, unless the reason of that
    claim or return does not count as a failure (damaged in transit, wrong
    item, ...). Months in service run from the warranty start (shipment or
    installation) to the first failure. The failure rate of a group is the
    average of 100 per failed unit and 0 per other unit: a percentage.
    """

    _name = "serial.warranty.failure.report"
    _inherit = ["serial.report.mixin"]
    _description = "Serial Failure Rates"
    _auto = False
    _serial_cube = "serial.warranty.failure.cube"
    _rec_name = "lot_id"
    _order = "shipped_date desc, id desc"
    _depends = {
        "stock.lot.lifecycle.event": [
            "lot_id",
            "event_type",
            "event_date",
            "partner_id",
            "company_id",
            "picking_id",
            "revision",
        ],
        "serial.warranty.claim": ["lot_id", "claim_date", "return_reason_id"],
        "serial.return.reason": ["counts_as_failure"],
        "stock.picking": ["serial_return_reason_id", "origin"],
        "stock.lot": [
            "product_id",
            "production_date",
            "revision",
            "warranty_start_date",
            "first_delivery_event_id",
            "first_receipt_event_id",
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
    supplier_id = fields.Many2one("res.partner", "Supplier", readonly=True)
    receipt_picking_id = fields.Many2one(
        "stock.picking", "Received With", readonly=True
    )
    receipt_origin = fields.Char(
        "Purchase Reference",
        readonly=True,
        help="The source document of the receipt, e.g. the purchase order.",
    )
    production_date = fields.Date(readonly=True)
    revision = fields.Char(
        readonly=True,
        help="The serial's hardware or firmware revision now.",
    )
    shipped_revision = fields.Char(
        "Revision at Shipment",
        readonly=True,
        help="The serial's revision when it was first shipped: the last revision "
        "change "
        "before, or its revision now if it never changed since. Empty when it changed "
        "only after the shipment (the ledger keeps the revisions after each change).",
    )
    # A day (UTC), as the months in service count it: a pivot by month then
    # reads the same months from the rows and from the cube.
    shipped_date = fields.Date("First Shipped", readonly=True)
    service_start_date = fields.Date("In Service Since", readonly=True)
    failure_date = fields.Date("First Failure", readonly=True)
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
            WITH failure AS (
                SELECT lot_id, MIN(failure_date) AS failure_date
                  FROM (
                        SELECT claim.lot_id, claim.claim_date AS failure_date
                          FROM serial_warranty_claim claim
                          LEFT JOIN serial_return_reason reason ON reason.id =
                              claim.return_reason_id
                         WHERE claim.lot_id IS NOT NULL AND
                             COALESCE(reason.counts_as_failure, TRUE)
                     UNION ALL
                        SELECT event.lot_id, (event.event_date AT TIME ZONE 'UTC')::date
                          FROM stock_lot_lifecycle_event event
                          JOIN stock_picking picking ON picking.id = event.picking_id
                          JOIN serial_return_reason reason ON reason.id =
                              picking.serial_return_reason_id
                         WHERE event.event_type = 'customer_return' AND
                             reason.counts_as_failure
                       ) failures
                 GROUP BY lot_id
            )
            SELECT lot.id AS id,
                   lot.id AS lot_id,
                   lot.product_id AS product_id,
                   template.categ_id AS product_category_id,
                   shipped.company_id AS company_id,
                   shipped.partner_id AS partner_id,
                   received.partner_id AS supplier_id,
                   received.picking_id AS receipt_picking_id,
                   receipt.origin AS receipt_origin,
                   lot.production_date AS production_date,
                   lot.revision AS revision,
                   %(shipped_day)s AS shipped_date,
                   CASE WHEN revised.lot_id IS NULL THEN lot.revision ELSE (
                        SELECT change.revision FROM stock_lot_lifecycle_event change
                         WHERE change.lot_id = lot.id AND change.event_type =
                             'revision_change'
                           AND change.event_date <= shipped.event_date
                         ORDER BY change.event_date DESC, change.id DESC LIMIT 1
                   ) END AS shipped_revision,
                   %(start)s AS service_start_date,
                   failure.failure_date AS failure_date,
                   CASE WHEN failure.failure_date IS NOT NULL THEN GREATEST(0,
                        EXTRACT(YEAR FROM age(failure.failure_date, %(start)s)) * 12
                        + EXTRACT(MONTH FROM age(failure.failure_date,
                            %(start)s)))::integer
                   END AS months_in_service,
                   1 AS unit_count,
                   (failure.lot_id IS NOT NULL)::integer AS failed_count,
                   CASE WHEN failure.lot_id IS NOT NULL THEN 100.0 ELSE 0.0 END AS
                       failure_rate
              FROM stock_lot lot
              -- The serial's first delivery and first receipt, kept on it by the
              -- ledger.
              JOIN stock_lot_lifecycle_event shipped ON shipped.id =
                  lot.first_delivery_event_id
              JOIN product_product product ON product.id = lot.product_id
              JOIN product_template template ON template.id = product.product_tmpl_id
              LEFT JOIN stock_lot_lifecycle_event received ON received.id =
                  lot.first_receipt_event_id
              LEFT JOIN stock_picking receipt ON receipt.id = received.picking_id
              LEFT JOIN failure ON failure.lot_id = lot.id
              -- Serials whose revision changed: the others had theirs when shipped.
              LEFT JOIN (
                    SELECT DISTINCT lot_id FROM stock_lot_lifecycle_event WHERE
                        event_type = 'revision_change'
              ) revised ON revised.lot_id = lot.id
            """,
            shipped_day=SQL("(shipped.event_date AT TIME ZONE 'UTC')::date"),
            start=SQL(
                "COALESCE(lot.warranty_start_date, (shipped.event_date AT "
                "TIME ZONE 'UTC')::date)"
            ),
        )
