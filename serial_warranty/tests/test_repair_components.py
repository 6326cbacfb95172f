from odoo import Command
from odoo.tests import Form, tagged

from .common import SerialWarrantyCase


@tagged("post_install", "-at_install")
class TestRepairComponents(SerialWarrantyCase):
    """A repair order's parts lines change what is inside the repaired unit (Odoo's
    repair flow to the end)."""

    def test_a_battery_replaced_by_a_repair_order(self):
        battery = self.env["product.product"].create(
            {
                "name": "Repair Battery",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": self.category.id,
            }
        )
        self._receive(["RO-001"])
        self._receive(["RB-OLD", "RB-NEW"], product=battery)
        unit = self._lots("RO-001")
        old, new = self._lots("RB-OLD", "RB-NEW", product=battery)
        # Assembled in the workshop: the old battery left the stock into the unit.
        action = unit.with_context(
            component_mode="install"
        ).action_open_component_wizard()
        form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        form.component_lot_ids.add(old)
        form.save().action_confirm()
        self.assertEqual(old.lifecycle_state, "consumed")

        repair = self.env["repair.order"].create(
            {
                "product_id": self.product.id,
                "lot_id": unit.id,
                "partner_id": self.customer.id,
            }
        )
        moves = self.env["stock.move"].create(
            [
                {
                    "repair_id": repair.id,
                    "repair_line_type": line_type,
                    "product_id": battery.id,
                    "product_uom_qty": 1,
                    "product_uom": battery.uom_id.id,
                }
                for line_type in ("add", "recycle")
            ]
        )
        for move, lot in zip(moves, (new, old), strict=False):
            move.move_line_ids = [
                Command.clear(),
                Command.create(
                    {
                        "product_id": battery.id,
                        "lot_id": lot.id,
                        "quantity": 1,
                        "picked": True,
                        "location_id": move.location_id.id,
                        "location_dest_id": move.location_dest_id.id,
                    }
                ),
            ]
        moves.picked = True
        repair.action_validate()
        repair.action_repair_start()
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")

        self.assertEqual(unit.genealogy_component_ids, new)
        ended = unit.component_link_ids.filtered(
            lambda link: link.component_lot_id == old
        )
        self.assertEqual(
            (ended.end_reference, ended.end_res_model), (repair.name, "repair.order")
        )
        fitted = unit.component_link_ids.filtered(
            lambda link: link.component_lot_id == new
        )
        self.assertEqual(
            (fitted.reference, fitted.res_id, bool(fitted.date_end)),
            (repair.name, repair.id, False),
        )
        # The new part left the stock, the recycled one came back into it.
        self.assertEqual(new.lifecycle_state, "consumed")
        # Kept, it is back in stock as returned, awaiting a decision.
        self.assertEqual(old.lifecycle_state, "returned")
        self.assertEqual(old.location_id, repair.recycle_location_id)
        self.assertEqual(
            [e.event_type for e in self._events(old)][-2:],
            ["part_returned", "component_removed"],
        )
        self.assertIn("component_installed", [e.event_type for e in self._events(unit)])

    def test_a_part_removed_by_a_repair_is_scrapped(self):
        battery = self.env["product.product"].create(
            {
                "name": "Repair Cell",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": self.category.id,
            }
        )
        self._receive(["RO-002"])
        self._receive(["RC-OLD"], product=battery)
        unit = self._lots("RO-002")
        old = self._lots("RC-OLD", product=battery)
        action = unit.with_context(
            component_mode="install"
        ).action_open_component_wizard()
        form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        form.component_lot_ids.add(old)
        form.save().action_confirm()
        repair = self.env["repair.order"].create(
            {
                "product_id": self.product.id,
                "lot_id": unit.id,
                "partner_id": self.customer.id,
            }
        )
        move = self.env["stock.move"].create(
            {
                "repair_id": repair.id,
                "repair_line_type": "remove",
                "product_id": battery.id,
                "product_uom_qty": 1,
                "product_uom": battery.uom_id.id,
            }
        )
        move.move_line_ids = [
            Command.clear(),
            Command.create(
                {
                    "product_id": battery.id,
                    "lot_id": old.id,
                    "quantity": 1,
                    "picked": True,
                    "location_id": move.location_id.id,
                    "location_dest_id": move.location_dest_id.id,
                }
            ),
        ]
        move.picked = True
        repair.action_validate()
        repair.action_repair_start()
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")
        self.assertFalse(unit.genealogy_component_ids)
        self.assertEqual(old.lifecycle_state, "scrapped")
        self.assertEqual(
            [e.event_type for e in self._events(old)][-2:],
            ["part_scrapped", "component_removed"],
        )
