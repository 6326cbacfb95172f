from odoo.tests import HttpCase, tagged

from .common import SerialLifecycleCase


@tagged("post_install", "-at_install")
class TestServiceHistoryTour(HttpCase, SerialLifecycleCase):
    """In Chromium: the Service History tab of a unit, and its re-serialization by a
    manager."""

    def test_service_history_tab_and_reserialize(self):
        battery = self.env["product.product"].create(
            {
                "name": "Tour History Battery",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": self.category.id,
            }
        )
        self._receive(["TS-U1"])
        self._receive(["TS-B1"], product=battery)
        unit = self._lots("TS-U1")
        part = self._lots("TS-B1", product=battery)
        self.env["stock.lot"]._component_install(
            [
                {
                    "parent_lot_id": unit.id,
                    "component_lot_id": part.id,
                    "reference": "ASM-9",
                }
            ]
        )

        self.start_tour(
            f"/odoo/action-serial_lifecycle.stock_lot_action/{unit.id}",
            "serial_lifecycle_service_history_tour",
            login="admin",
        )

        new = self._lots("TS-U1-R")
        self.assertEqual(
            (unit.lifecycle_state, new.lifecycle_state), ("scrapped", "available")
        )
        self.assertEqual(new.reserialized_from_id, unit)
        retired = self._events(unit).filtered(
            lambda event: event.event_type == "reserialized"
        )
        self.assertEqual(retired.note, "Refurbished: new housing")
        self.assertEqual(part.parent_lot_id, new)
