import re

import psycopg2

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import SerialLifecycleCase


@tagged("post_install", "-at_install")
class TestGenealogy(SerialLifecycleCase):
    """Component serials inside units: assembly through the wizard, removal, refusals,
    searches."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.battery = cls.env["product.product"].create(
            {
                "name": "Battery Pack",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": cls.category.id,
            }
        )
        cls.board = cls.env["product.product"].create(
            {
                "name": "Main Board",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": cls.category.id,
            }
        )
        cls.stock_user = new_test_user(
            cls.env, "genealogy_stock_user", groups="stock.group_stock_user"
        )

    def setUp(self):
        super().setUp()
        self._receive(["GL-001", "GL-002"])
        self._receive(["GB-001", "GB-002", "GB-003"], product=self.battery)
        self._receive(["GM-001"], product=self.board)
        self.laptop, self.laptop2 = self._lots("GL-001", "GL-002")
        self.battery1, self.battery2, self.battery3 = self._lots(
            "GB-001", "GB-002", "GB-003", product=self.battery
        )
        self.board1 = self._lots("GM-001", product=self.board)

    def _wizard(self, parent, mode="install", user=None):
        env = self.env(user=user) if user else self.env
        action = (
            parent.with_env(env)
            .with_context(component_mode=mode)
            .action_open_component_wizard()
        )
        return Form(env[action["res_model"]].with_context(**action["context"]))

    def _install(self, parent, components, reference="ASM-1", user=None, date=None):
        form = self._wizard(parent, user=user)
        for lot in components:
            form.component_lot_ids.add(lot)
        form.reference = reference
        if date:
            form.date = date
        return form.save().action_confirm()

    def _remove(self, parent, components, reference="SRV-1", date=None):
        form = self._wizard(parent, "remove")
        for lot in components:
            form.component_lot_ids.add(lot)
        form.reference = reference
        if date:
            form.date = date
        return form.save().action_confirm()

    # -- assembly ---------------------------------------------------------

    def test_assembly_through_the_wizard_links_and_records_both_serials(self):
        result = self._install(
            self.laptop, self.battery1 | self.board1, user=self.stock_user
        )
        self.assertEqual(result, {"type": "ir.actions.act_window_close"})
        links = self.laptop.component_link_ids
        self.assertEqual(links.component_lot_id, self.battery1 | self.board1)
        self.assertEqual(set(links.mapped("reference")), {"ASM-1"})
        self.assertEqual(links.user_id, self.stock_user)
        self.assertFalse(any(links.mapped("date_end")))
        # The event on both serials, each naming the other; the unit's state
        # unchanged, the parts out of stock: they are inside it now.
        self.assertEqual(self.laptop.lifecycle_state, "available")
        parent_events = self._events(self.laptop).filtered(
            lambda e: e.event_type == "component_installed"
        )
        self.assertEqual(parent_events.linked_lot_id, self.battery1 | self.board1)
        self.assertEqual(set(parent_events.mapped("state_after")), {"available"})
        self.assertEqual(
            self._events(self.battery1).mapped("event_type"),
            ["receipt", "component_installed", "consumption"],
        )
        self.assertEqual(self.battery1.lifecycle_state, "consumed")
        self.assertFalse(
            self.battery1.quant_ids.filtered(
                lambda quant: quant.quantity > 0
                and quant.location_id.usage == "internal"
            )
        )
        consumption = self._events(self.battery1)[-1]
        self.assertEqual(
            (consumption.reference, consumption.location_id),
            ("ASM-1", self.stock_location),
        )
        battery_event = self._events(self.battery1)[-2]
        self.assertEqual(battery_event.event_type, "component_installed")
        self.assertEqual(battery_event.linked_lot_id, self.laptop)
        self.assertEqual(battery_event.reference, "ASM-1")
        self.assertEqual(battery_event.note, "installed into GL-001")
        self.assertEqual(self.battery1.parent_lot_id, self.laptop)

    def test_scanning_a_serial_adds_it(self):
        form = self._wizard(self.laptop)
        form.scan = "GB-002"
        self.assertEqual(form.component_lot_ids[:], self.battery2)
        self.assertFalse(form.scan)
        form.scan = "NO-SUCH-SERIAL"
        self.assertEqual(len(form.component_lot_ids), 1)
        form.save().action_confirm()
        self.assertEqual(self.battery2.parent_lot_id, self.laptop)

    def test_tree_at_any_depth_parent_chain_and_top_level_unit(self):
        self._install(self.board1, self.battery1)
        self._install(self.laptop, self.board1)
        self.assertEqual(
            self.battery1.genealogy_parent_ids.ids, [self.board1.id, self.laptop.id]
        )
        self.assertEqual(self.battery1.top_parent_lot_id, self.laptop)
        self.assertEqual(self.board1.top_parent_lot_id, self.laptop)
        self.assertFalse(self.laptop.top_parent_lot_id)
        self.assertEqual(
            self.laptop.genealogy_component_ids, self.board1 | self.battery1
        )
        tree = str(self.laptop.genealogy_tree_html)
        self.assertIn("GM-001", tree)
        self.assertIn(
            "margin-left: 1.5em", tree
        )  # the battery one level below the board
        self.assertLess(tree.index("GM-001"), tree.index("GB-001"))
        self.assertIn("Consumed", tree)
        # A part inside a unit (the board) still takes parts.
        self._install(self.board1, self.battery2)
        self.assertEqual(self.battery2.top_parent_lot_id, self.laptop)

    def test_searches_contains_built_from_and_customer_of_the_unit(self):
        Lot = self.env["stock.lot"]
        self._install(self.board1, self.battery1)
        self._install(self.laptop, self.board1)
        self._install(self.laptop2, self.battery2)
        self.assertEqual(
            Lot.search([("contains_component", "=", "GB-001")]),
            self.laptop | self.board1,
        )
        self.assertEqual(
            Lot.search([("contains_component", "ilike", "GB-00")]),
            self.laptop | self.board1 | self.laptop2,
        )
        self.assertEqual(
            Lot.search([("top_parent_lot_id", "=", self.laptop.id)]),
            self.board1 | self.battery1,
        )
        self.assertEqual(
            Lot.search([("top_parent_lot_id", "ilike", "GL-001")]),
            self.board1 | self.battery1,
        )
        # The customer of the unit, once it is delivered.
        delivery = self._deliver(lots=self.laptop)
        self._validate(delivery)
        self.assertEqual(self.laptop.lifecycle_state, "shipped")
        self.assertEqual(self.battery1.top_parent_partner_id, self.customer)
        self.assertEqual(
            Lot.search([("top_parent_partner_id", "=", self.customer.id)]),
            self.board1 | self.battery1,
        )
        self.assertEqual(
            Lot.search([("top_parent_partner_id", "ilike", "Customer Ada")]),
            self.board1 | self.battery1,
        )
        self.assertEqual(
            Lot.search([("parent_lot_id", "=", self.board1.id)]), self.battery1
        )
        # Removed: no longer contained, still built from it.
        self._remove(self.board1, self.battery1)
        self.assertFalse(Lot.search([("contains_component", "=", "GB-001")]))
        self.assertEqual(
            Lot.search([("built_from_component", "=", "GB-001")]),
            self.laptop | self.board1,
        )
        self.assertEqual(
            Lot.search([("built_from_component", "=", self.battery1.id)]),
            self.laptop | self.board1,
        )

    # -- removal ----------------------------------------------------------

    def test_removal_ends_the_link_and_keeps_its_history(self):
        self._install(
            self.laptop,
            self.battery1,
            date=fields.Datetime.to_datetime("2026-03-01 09:00:00"),
        )
        self._remove(
            self.laptop,
            self.battery1,
            reference="SRV-9",
            date=fields.Datetime.to_datetime("2026-09-14 10:00:00"),
        )
        link = self.laptop.component_link_ids
        self.assertEqual(
            link.date_end, fields.Datetime.to_datetime("2026-09-14 10:00:00")
        )
        self.assertEqual(link.end_reference, "SRV-9")
        self.assertEqual(
            link.summary, "Battery Pack GB-001 in GL-001 from 03/01/2026 to 09/14/2026"
        )
        self.assertEqual(self.laptop.genealogy_history_ids, link)
        self.assertEqual(self.battery1.genealogy_history_ids, link)
        self.assertFalse(self.battery1.parent_lot_id)
        self.assertFalse(self.laptop.genealogy_component_ids)
        for lot, other in ((self.laptop, self.battery1), (self.battery1, self.laptop)):
            event = self._events(lot).filtered(
                lambda e: e.event_type == "component_removed"
            )
            self.assertEqual(
                (event.event_type, event.linked_lot_id, event.reference),
                ("component_removed", other, "SRV-9"),
            )
        # The part kept goes back into stock (the dialog's default location).
        self.assertEqual(self.battery1.lifecycle_state, "available")
        self.assertEqual(self._events(self.battery1)[-1].event_type, "production")
        self.assertEqual(self.battery1.location_id, self.stock_location)
        # Fitted again into another unit: a second link.
        self._install(self.laptop2, self.battery1)
        self.assertEqual(self.battery1.parent_lot_id, self.laptop2)
        self.assertEqual(len(self.battery1.genealogy_history_ids), 2)

    def test_a_part_removed_and_thrown_away_stays_out_of_stock(self):
        self._install(self.laptop, self.battery1)
        form = self._wizard(self.laptop, "remove")
        form.component_lot_ids.add(self.battery1)
        form.return_location_id = self.env["stock.location"]
        form.save().action_confirm()
        self.assertFalse(self.battery1.parent_lot_id)
        self.assertEqual(self.battery1.lifecycle_state, "consumed")

    def test_a_reserved_part_cannot_be_fitted(self):
        self._deliver(lots=self.battery1, product=self.battery)
        self.assertEqual(self.battery1.lifecycle_state, "allocated")
        with self.assertRaisesRegex(
            UserError, "GB-001 is reserved on a delivery: free it there first"
        ):
            self._install(self.laptop, self.battery1)

    def test_field_service_at_a_customer_replaces_a_part(self):
        """A technician swaps the battery of a laptop the customer holds: out with the
        old, in with the new."""
        self._install(self.laptop, self.battery1, reference="ASM-1")
        self._validate(self._deliver(lots=self.laptop))
        self.assertEqual(self.battery1.top_parent_partner_id, self.customer)
        self._remove(self.laptop, self.battery1, reference="VISIT-7")
        self._install(self.laptop, self.battery2, reference="VISIT-7")
        self.assertEqual(self.laptop.lifecycle_state, "shipped")
        self.assertEqual(self.laptop.genealogy_component_ids, self.battery2)
        self.assertEqual(self.battery2.lifecycle_state, "consumed")
        self.assertEqual(self.battery1.lifecycle_state, "available")
        self.assertEqual(self.battery2.top_parent_partner_id, self.customer)
        self.assertEqual(
            self.env["stock.lot"].search(
                [("top_parent_partner_id", "=", self.customer.id)]
            ),
            self.battery2,
        )

    def test_removing_a_component_inside_nothing_is_refused(self):
        with self.assertRaisesRegex(
            UserError, r"No component was removed:\n - GB-001 is inside no unit"
        ):
            self._remove(self.laptop, self.battery1)
        self._install(self.laptop2, self.battery1)
        with self.assertRaisesRegex(UserError, "GB-001 is inside GL-002, not GL-001"):
            self._remove(self.laptop, self.battery1)

    # -- refusals ---------------------------------------------------------

    def test_refusals_by_name_and_nothing_half_done(self):
        self._install(self.laptop2, self.battery2)
        self.battery3._lifecycle_apply_manual_action(
            "lost", fields.Datetime.now(), "Stolen from the van"
        )
        Lot = self.env["stock.lot"]
        with self.assertRaises(UserError) as refusal:
            Lot._component_install(
                [
                    {
                        "parent_lot_id": self.laptop.id,
                        "component_lot_id": self.battery1.id,
                    },
                    {
                        "parent_lot_id": self.laptop.id,
                        "component_lot_id": self.laptop.id,
                    },
                    {
                        "parent_lot_id": self.laptop.id,
                        "component_lot_id": self.battery2.id,
                    },
                    {
                        "parent_lot_id": self.laptop.id,
                        "component_lot_id": self.battery3.id,
                    },
                ]
            )
        message = refusal.exception.args[0]
        self.assertTrue(message.startswith("No component was installed:\n"), message)
        self.assertIn(" - GL-001 cannot be inside itself", message)
        self.assertIn(" - GB-002 is inside GL-002: remove it from there first", message)
        self.assertIn(" - GB-003 is Lost: a blocked serial cannot be fitted", message)
        self.assertNotIn("GB-001", message)
        self.assertFalse(self.laptop.component_link_ids)
        self.assertFalse(self.battery1.parent_lot_id)

    def test_a_loop_is_refused(self):
        self._install(self.board1, self.battery1)
        self._install(self.laptop, self.board1)
        with self.assertRaisesRegex(
            UserError, "GL-001 cannot go into GB-001: GB-001 is inside GL-001"
        ):
            self._install(self.battery1, self.laptop)
        with self.assertRaisesRegex(
            UserError, "GL-001 is already inside|GM-001 is already inside GL-001"
        ):
            self._install(self.laptop, self.board1)

    def test_a_serial_of_another_company_is_refused(self):
        other = self.env["res.company"].create({"name": "Genealogy Other Co"})
        foreign = self.env["stock.lot"].create(
            {"name": "GB-900", "product_id": self.battery.id, "company_id": other.id}
        )
        self.laptop.sudo().company_id = self.env.company
        with self.assertRaisesRegex(
            UserError,
            "GB-900 belongs to Genealogy Other Co, GL-001 to "
            f"{re.escape(self.env.company.name)}",
        ):
            self.env["stock.lot"]._component_install(
                [{"parent_lot_id": self.laptop.id, "component_lot_id": foreign.id}]
            )

    def test_nothing_fits_into_a_lost_unit_nor_is_a_lot_a_component(self):
        self.laptop._lifecycle_apply_manual_action(
            "lost", fields.Datetime.now(), "Gone"
        )
        with self.assertRaisesRegex(
            UserError, "GL-001 is Lost: nothing can be fitted into it"
        ):
            self._install(self.laptop, self.battery1)
        bulk = self.env["product.product"].create(
            {"name": "Screws", "is_storable": True, "tracking": "lot"}
        )
        screws = self.env["stock.lot"].create({"name": "SCR-1", "product_id": bulk.id})
        with self.assertRaisesRegex(
            UserError, "SCR-1: only serial numbers hold components"
        ):
            self.env["stock.lot"]._component_install(
                [{"parent_lot_id": self.laptop2.id, "component_lot_id": screws.id}]
            )

    def test_a_wizard_without_component_or_a_future_date_is_refused(self):
        form = self._wizard(self.laptop)
        with self.assertRaisesRegex(
            UserError, "Scan or choose at least one component serial"
        ):
            form.save().action_confirm()
        with self.assertRaisesRegex(UserError, "The date cannot be in the future"):
            self._install(
                self.laptop,
                self.battery1,
                date=fields.Datetime.add(fields.Datetime.now(), days=2),
            )

    def test_a_user_without_lifecycle_rights_cannot_install(self):
        plain = new_test_user(self.env, "genealogy_plain", groups="base.group_user")
        with self.assertRaisesRegex(AccessError, "not allowed to install components"):
            self.env["stock.lot"].with_user(plain)._component_install(
                [
                    {
                        "parent_lot_id": self.laptop.id,
                        "component_lot_id": self.battery1.id,
                    }
                ]
            )

    # -- the guard ----------------------------------------------------------

    def test_links_are_written_only_by_the_install_and_remove_methods(self):
        self._install(self.laptop, self.battery1)
        link = self.laptop.component_link_ids
        Link = self.env["stock.lot.component"]
        for env in (self.env, self.env(su=True)):
            with self.assertRaisesRegex(UserError, "not created by hand"):
                Link.with_env(env).create(
                    {
                        "parent_lot_id": self.laptop2.id,
                        "component_lot_id": self.battery2.id,
                    }
                )
            with self.assertRaisesRegex(UserError, "cannot be changed by hand"):
                link.with_env(env).write({"date_end": fields.Datetime.now()})
            with self.assertRaisesRegex(UserError, "cannot be deleted"):
                link.with_env(env).unlink()
        with self.assertRaises(AccessError):
            Link.with_user(self.stock_user).create(
                {"parent_lot_id": self.laptop2.id, "component_lot_id": self.battery2.id}
            )
        # A context key opens nothing.
        with self.assertRaisesRegex(UserError, "not created by hand"):
            Link.with_context(
                links_unlocked=True, serial_lifecycle_links_unlocked=True
            ).create(
                {"parent_lot_id": self.laptop2.id, "component_lot_id": self.battery2.id}
            )
        self.assertEqual(
            Link.with_user(self.stock_user).search([("id", "=", link.id)]), link
        )

    def test_the_database_keeps_a_component_in_one_unit(self):
        self._install(self.laptop, self.battery1)
        self.env.flush_all()
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.UniqueViolation),
        ):
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    """
                    INSERT INTO stock_lot_component (parent_lot_id, component_lot_id,
                        date_start, company_id)
                    VALUES (%s, %s, now(), %s)
                """,
                    (self.laptop2.id, self.battery1.id, self.env.company.id),
                )

    def test_component_links_menu_lists_links_of_a_serial(self):
        self._install(self.laptop, self.battery1)
        action = self.laptop.action_open_component_links()
        self.assertEqual(
            self.env["stock.lot.component"].search(action["domain"]),
            self.laptop.component_link_ids,
        )
        menu = self.env.ref("serial_lifecycle.stock_lot_component_menu")
        self.assertEqual(
            menu.action, self.env.ref("serial_lifecycle.stock_lot_component_action")
        )
