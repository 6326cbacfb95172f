from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import SerialLifecycleCase


@tagged("post_install", "-at_install")
class TestGenealogyTour(HttpCase, SerialLifecycleCase):
    """In Chromium: the Genealogy tab of a unit, and a battery scanned into it."""

    def test_genealogy_tab_and_install_by_scan(self):
        battery = self.env["product.product"].create(
            {
                "name": "Tour Battery",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": self.category.id,
            }
        )
        board = self.env["product.product"].create(
            {
                "name": "Tour Board",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": self.category.id,
            }
        )
        self._receive(["TG-L1"])
        self._receive(["TG-B0", "TG-B1", "TG-B2"], product=battery)
        self._receive(["TG-M1"], product=board)
        unit = self._lots("TG-L1")
        old, inside, spare = self._lots("TG-B0", "TG-B1", "TG-B2", product=battery)
        main_board = self._lots("TG-M1", product=board)
        Lot = self.env["stock.lot"]
        Lot._component_install(
            [
                {
                    "parent_lot_id": unit.id,
                    "component_lot_id": old.id,
                    "reference": "ASM-7",
                    "date_start": fields.Datetime.to_datetime("2026-03-01 08:00:00"),
                }
            ]
        )
        Lot._component_remove(
            [
                {
                    "component_lot_id": old.id,
                    "reference": "SRV-3",
                    "date_end": fields.Datetime.to_datetime("2026-09-14 08:00:00"),
                }
            ]
        )
        Lot._component_install(
            [
                {"parent_lot_id": main_board.id, "component_lot_id": inside.id},
                {"parent_lot_id": unit.id, "component_lot_id": main_board.id},
            ]
        )

        self.start_tour(
            f"/odoo/action-serial_lifecycle.stock_lot_action/{unit.id}",
            "serial_lifecycle_genealogy_tour",
            login="admin",
        )

        self.assertEqual(spare.parent_lot_id, unit)
        link = unit.component_link_ids.filtered(
            lambda link: link.component_lot_id == spare
        )
        self.assertEqual(link.reference, "VISIT-42")
        self.assertEqual(link.user_id, self.env.ref("base.user_admin"))
