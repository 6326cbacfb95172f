from odoo.tests import HttpCase, tagged

from .test_serial_scan_tour import receive_serials


@tagged("post_install", "-at_install")
class TestSerialCountTour(HttpCase):
    """In Chromium: count a shelf by serial, see the missing serial, apply."""

    def test_count_a_shelf(self):
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )
        shelf = env["stock.location"].create(
            {"name": "Tour Count Shelf", "location_id": warehouse.lot_stock_id.id}
        )
        lots = receive_serials(env, ["TCOUNT-1", "TCOUNT-2"])
        lots._serial_relocate(shelf, "tour")

        self.start_tour(
            "/odoo/action-serial_lifecycle.stock_serial_count_action",
            "serial_lifecycle_count_tour",
            login="admin",
        )

        count = env["stock.serial.count"].search([("location_id", "=", shelf.id)])
        self.assertEqual(count.state, "done")
        missing = lots.filtered(lambda lot: lot.name == "TCOUNT-2")
        self.assertEqual(missing.lifecycle_state, "lost")
        self.assertEqual((lots - missing).lifecycle_state, "available")
