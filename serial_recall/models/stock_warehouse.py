from odoo import _, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    def _recall_quarantine_location(self):
        """The warehouse's quarantine location, created on first need.

        It sits under the warehouse's view location, outside its stock, so
        deliveries (which reserve from stock and its children) never look there.
        """
        self.ensure_one()
        Location = self.env["stock.location"].sudo()
        location = Location.search(
            [
                ("location_id", "=", self.view_location_id.id),
                ("recall_quarantine", "=", True),
            ],
            limit=1,
        )
        return location or Location.create(
            {
                "name": _("Quarantine"),
                "location_id": self.view_location_id.id,
                "usage": "internal",
                "company_id": self.company_id.id,
                "recall_quarantine": True,
            }
        )
