from odoo.tests import HttpCase, tagged

from odoo.addons.serial_lifecycle.tests.common import SerialLifecycleCase


@tagged("post_install", "-at_install")
class TestSerialRecallTour(HttpCase):
    """In Chromium: create a campaign from a range, preview it, open it through its
    confirmation."""

    def _validated_picking(
        self, picking_type, partner, source, destination, quantity, serials=(), lots=()
    ):
        # serial_lifecycle's helper, given every argument so that it only needs
        # self.env.
        picking = SerialLifecycleCase._create_picking(
            self, picking_type, partner, self.product, quantity, source, destination
        )
        for line, serial in zip(picking.move_line_ids, serials, strict=False):
            line.lot_name = serial
        if lots:
            picking.move_ids.lot_ids = lots
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        return picking

    def test_recall_a_range_from_the_campaign_form(self):
        self.env = self.env(context=dict(self.env.context, tracking_disable=True))
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        self.product = self.env["product.product"].create(
            {
                "name": "Tour Recall Pump",
                "is_storable": True,
                "tracking": "serial",
            }
        )
        vendor = self.env["res.partner"].create({"name": "Tour Recall Vendor"})
        customer = self.env["res.partner"].create({"name": "Tour Recall Clinic"})
        suppliers, customers = (
            self.env.ref("stock.stock_location_suppliers"),
            self.env.ref("stock.stock_location_customers"),
        )
        self._validated_picking(
            warehouse.in_type_id,
            vendor,
            suppliers,
            warehouse.lot_stock_id,
            6,
            serials=["TRP-%04d" % number for number in range(1, 7)],
        )
        by_name = {
            lot.name: lot
            for lot in self.env["stock.lot"].search(
                [("product_id", "=", self.product.id)]
            )
        }
        self._validated_picking(
            warehouse.out_type_id,
            customer,
            warehouse.lot_stock_id,
            customers,
            1,
            lots=by_name["TRP-0003"],
        )
        self.assertEqual(by_name["TRP-0003"].lifecycle_state, "shipped")

        self.start_tour(
            "/odoo/action-serial_recall.serial_recall_campaign_action",
            "serial_recall_campaign_tour",
            login="admin",
        )

        campaign = self.env["serial.recall.campaign"].search(
            [("title", "=", "Tour recall: cracked housing")]
        )
        self.assertEqual(campaign.state, "open")
        self.assertEqual(
            {unit.lot_id.name: unit.status for unit in campaign.unit_ids},
            {
                "TRP-0002": "to_quarantine",
                "TRP-0003": "at_customer",
                "TRP-0004": "to_quarantine",
                "TRP-0005": "to_quarantine",
            },
        )
        self.assertEqual(by_name["TRP-0002"].lifecycle_state, "quarantined")
        self.assertEqual(campaign.transfer_ids.state, "assigned")
        self.assertEqual(
            set(campaign.transfer_ids.move_line_ids.lot_id.mapped("name")),
            {"TRP-0002", "TRP-0004", "TRP-0005"},
        )
        self.assertEqual(by_name["TRP-0006"].lifecycle_state, "available")
