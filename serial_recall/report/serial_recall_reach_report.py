from odoo import fields, models
from odoo.tools import SQL

# The milestones of a recalled unit, in order: (key, label, the unit's date column).
MILESTONES = [
    ("located", "Located", SQL("campaign.date_opened")),
    ("notified", "Notified", SQL("unit.notified_date")),
    ("returned", "Returned", SQL("unit.returned_date")),
    ("remedied", "Remedied", SQL("unit.remedied_date")),
]


class SerialRecallReachReport(models.Model):
    """One row per recalled unit and milestone it reached, on the day it reached it.

    Every unit of a campaign is located when the campaign opens; then it is
    notified (its customer got the notice), returned and remedied. Counted
    cumulatively over time, the rows draw the reach of a campaign.
    """

    _name = "serial.recall.reach.report"
    _inherit = ["serial.report.mixin"]
    _description = "Recall Reach over Time"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "lot_id"
    _depends = {
        "serial.recall.unit": [
            "campaign_id",
            "lot_id",
            "product_id",
            "partner_id",
            "company_id",
            "notified_date",
            "returned_date",
            "remedied_date",
        ],
        "serial.recall.campaign": ["date_opened"],
    }

    campaign_id = fields.Many2one("serial.recall.campaign", "Campaign", readonly=True)
    unit_id = fields.Many2one("serial.recall.unit", "Recalled Unit", readonly=True)
    lot_id = fields.Many2one("stock.lot", "Serial Number", readonly=True)
    product_id = fields.Many2one("product.product", "Product", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    company_id = fields.Many2one("res.company", "Company", readonly=True)
    milestone = fields.Selection(
        [(key, label) for key, label, __ in MILESTONES], readonly=True
    )
    date = fields.Datetime(readonly=True)
    unit_count = fields.Integer("Units", readonly=True)

    @property
    def _table_query(self):
        rows = SQL(" UNION ALL ").join(
            SQL(
                """SELECT unit.id * %(count)s + %(index)s AS id, unit.id AS unit_id,
                    unit.campaign_id,
                          unit.lot_id, unit.product_id, unit.partner_id,
                              unit.company_id,
                          %(key)s AS milestone, %(date)s AS date, 1 AS unit_count
                     FROM serial_recall_unit unit
                     JOIN serial_recall_campaign campaign ON campaign.id =
                         unit.campaign_id
                    WHERE %(date)s IS NOT NULL""",
                count=len(MILESTONES),
                index=index,
                key=key,
                date=date,
            )
            for index, (key, __, date) in enumerate(MILESTONES)
        )
        return rows
