"""Manufacturing links the serials it consumes into the serial it produces (mrp
installed).

serial_lifecycle does not depend on mrp: its stock.move._action_done acts
when mrp's fields exist. A production order runs to the end (confirm,
reserve, produce, mark done); an unbuild of the unit ends the links.
"""

from odoo import Command
from odoo.tests import Form, tagged

from odoo.addons.serial_lifecycle.tests.common import SerialLifecycleCase


@tagged("post_install", "-at_install")
class TestGenealogyManufacturing(SerialLifecycleCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.laptop = cls.env["product.product"].create(
            {
                "name": "Built Laptop",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": cls.category.id,
            }
        )
        cls.battery = cls.env["product.product"].create(
            {
                "name": "Laptop Battery",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": cls.category.id,
            }
        )
        cls.board = cls.env["product.product"].create(
            {
                "name": "Laptop Board",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": cls.category.id,
            }
        )
        cls.screws = cls.env["product.product"].create(
            {
                "name": "Screw Bag",
                "is_storable": True,
                "tracking": "lot",
                "categ_id": cls.category.id,
            }
        )
        cls.bom = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.laptop.product_tmpl_id.id,
                "product_qty": 1,
                "type": "normal",
                "bom_line_ids": [
                    Command.create({"product_id": cls.battery.id, "product_qty": 1}),
                    Command.create({"product_id": cls.board.id, "product_qty": 1}),
                    Command.create({"product_id": cls.screws.id, "product_qty": 1}),
                ],
            }
        )

    def setUp(self):
        super().setUp()
        self._receive(["MB-001"], product=self.battery)
        self._receive(["MM-001"], product=self.board)
        self.battery1 = self._lots("MB-001", product=self.battery)
        self.board1 = self._lots("MM-001", product=self.board)
        screws_lot = self.env["stock.lot"].create(
            {"name": "SCREWS-L7", "product_id": self.screws.id}
        )
        self.env["stock.quant"]._update_available_quantity(
            self.screws, self.stock_location, 10, lot_id=screws_lot
        )
        self.screws_lot = screws_lot

    def _produce(self, name):
        form = Form(self.env["mrp.production"])
        form.product_id = self.laptop
        form.bom_id = self.bom
        form.product_qty = 1
        production = form.save()
        production.action_confirm()
        production.action_assign()
        self.assertEqual(production.reservation_state, "assigned")
        form = Form(production)
        form.qty_producing = 1
        form.lot_producing_id = self.env["stock.lot"].create(
            {"name": name, "product_id": self.laptop.id}
        )
        production = form.save()
        production.move_raw_ids.picked = True
        self.assertIs(production.button_mark_done(), True)
        self.assertEqual(production.state, "done")
        return production

    def test_a_production_links_its_serial_components_into_the_unit(self):
        production = self._produce("ML-001")
        unit = production.lot_producing_id
        self.assertEqual(unit.lifecycle_state, "available")
        self.assertEqual(self.battery1.lifecycle_state, "consumed")
        links = unit.component_link_ids
        self.assertEqual(links.component_lot_id, self.battery1 | self.board1)
        self.assertEqual(set(links.mapped("reference")), {production.name})
        self.assertEqual(links.mapped("res_model"), ["mrp.production"] * 2)
        self.assertEqual(
            links.move_id,
            production.move_finished_ids.filtered(
                lambda m: m.product_id == self.laptop
            ),
        )
        self.assertEqual(self.battery1.top_parent_lot_id, unit)
        # The events on both serials; states as the stock moves left them.
        unit_events = unit.lifecycle_event_ids.sorted("id")
        self.assertEqual(
            unit_events.mapped("event_type"),
            ["production", "component_installed", "component_installed"],
        )
        battery_event = self.battery1.lifecycle_event_ids.sorted("id")[-1]
        self.assertEqual(
            (
                battery_event.event_type,
                battery_event.state_after,
                battery_event.linked_lot_id,
            ),
            ("component_installed", "consumed", unit),
        )
        # The lot-tracked screws are no link (a lot is in many units) but
        # the unit is found as built from that lot, through Odoo's records.
        Lot = self.env["stock.lot"]
        self.assertEqual(Lot.search([("built_from_component", "=", "SCREWS-L7")]), unit)
        self.assertEqual(Lot.search([("contains_component", "=", "MB-001")]), unit)

    def test_an_unbuild_ends_the_links_and_gives_the_components_back(self):
        production = self._produce("ML-002")
        unit = production.lot_producing_id
        unbuild = self.env["mrp.unbuild"].create(
            {
                "product_id": self.laptop.id,
                "bom_id": self.bom.id,
                "mo_id": production.id,
                "lot_id": unit.id,
                "product_qty": 1,
            }
        )
        unbuild.action_unbuild()
        self.assertEqual(unbuild.state, "done")
        links = unit.component_link_ids
        self.assertEqual(len(links), 2)
        self.assertTrue(all(links.mapped("date_end")))
        self.assertEqual(set(links.mapped("end_reference")), {unbuild.name})
        self.assertFalse(self.battery1.parent_lot_id)
        self.assertEqual(self.battery1.lifecycle_state, "available")
        self.assertEqual(unit.lifecycle_state, "consumed")
        self.assertEqual(
            self.battery1.lifecycle_event_ids.sorted("id").mapped("event_type")[-2:],
            ["component_removed", "production"],
        )
        # Built from them it was, contained it no longer is.
        Lot = self.env["stock.lot"]
        self.assertEqual(Lot.search([("built_from_component", "=", "MB-001")]), unit)
        self.assertFalse(Lot.search([("contains_component", "=", "MB-001")]))
        # The same battery can go into the next unit.
        second = self._produce("ML-003").lot_producing_id
        self.assertEqual(self.battery1.parent_lot_id, second)

    def test_a_recall_by_component_reaches_units_built_by_manufacturing(self):
        shipped = self._produce("ML-010").lot_producing_id
        self._validate(self._deliver(lots=shipped, product=self.laptop))
        self.assertEqual(shipped.lifecycle_state, "shipped")
        unbuilt_order = self._produce_with_new_components("ML-011", "MB-002", "MM-002")
        unbuilt = unbuilt_order.lot_producing_id
        self.env["mrp.unbuild"].create(
            {
                "product_id": self.laptop.id,
                "bom_id": self.bom.id,
                "mo_id": unbuilt_order.id,
                "lot_id": unbuilt.id,
                "product_qty": 1,
            }
        ).action_unbuild()
        recalled = self.battery1 | self._lots("MB-002", product=self.battery)
        campaign = self.env["serial.recall.campaign"].create(
            {
                "title": "Battery swelling",
                "reason": "Cells swell",
                "criterion_ids": [
                    Command.create(
                        {
                            "criterion_type": "component",
                            "component_lot_ids": [Command.set(recalled.ids)],
                        }
                    )
                ],
            }
        )
        campaign.action_preview()
        self.assertEqual(campaign.preview_lot_ids, shipped | unbuilt)
        self.assertEqual(campaign.preview_component_removed, 1)
        campaign.action_open()
        unit = campaign.unit_ids.filtered(lambda u: u.lot_id == shipped)
        self.assertEqual(
            (unit.status, unit.partner_id, unit.component_removed),
            ("at_customer", self.customer, False),
        )
        self.assertTrue(
            campaign.unit_ids.filtered(lambda u: u.lot_id == unbuilt).component_removed
        )

    def _produce_with_new_components(self, name, battery_name, board_name):
        self._receive([battery_name], product=self.battery)
        self._receive([board_name], product=self.board)
        return self._produce(name)
