from odoo.tests import HttpCase, tagged

from .tour_fixtures import confirmed_receipt


@tagged("post_install", "-at_install")
class TestReceiptAsnTour(HttpCase):
    """In Chromium: paste the supplier's announced serials on a receipt; receiving then
    checks them."""

    def test_announce_serials_on_a_receipt(self):
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        product = env["product.product"].create(
            {"name": "Tour ASN Phone", "is_storable": True, "tracking": "serial"}
        )
        receipt = confirmed_receipt(env, product, 2)

        self.start_tour(
            f"/odoo/action-stock.action_picking_tree_all/{receipt.id}",
            "serial_lifecycle_asn_tour",
            login="admin",
        )

        self.assertEqual(receipt.serial_asn_line_ids.mapped("name"), ["TASN-002"])
        self.assertEqual(receipt.serial_asn_line_ids.product_id, product)
