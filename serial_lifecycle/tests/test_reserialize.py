from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import SerialLifecycleCase


@tagged("post_install", "-at_install")
class TestReserialize(SerialLifecycleCase):
    """A refurbished unit re-serialized by a manager: old serial retired, the unit in
    stock under the new one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, "reserialize_manager", groups="stock.group_stock_manager"
        )
        cls.stock_user = new_test_user(
            cls.env, "reserialize_user", groups="stock.group_stock_user"
        )

    def _wizard(self, lot, new_name, reason="Refurbished: new housing", user=None):
        action = lot.with_user(user or self.manager).action_open_reserialize_wizard()
        form = Form(
            self.env[action["res_model"]]
            .with_user(user or self.manager)
            .with_context(**action["context"])
        )
        form.new_name = new_name
        form.reason = reason
        return form.save()

    def test_a_refurbished_unit_gets_a_new_serial(self):
        self._receive(["RS-OLD"])
        old = self._lots("RS-OLD")
        old._serial_relocate(self.shelf, "Put away")
        action = self._wizard(old, "RS-NEW").action_confirm()
        new = self._lots("RS-NEW")
        self.assertEqual((action["res_model"], action["res_id"]), ("stock.lot", new.id))
        # The old serial is retired, with the reason; the new one holds the unit, on the
        # same shelf.
        self.assertEqual(
            (old.lifecycle_state, new.lifecycle_state), ("scrapped", "available")
        )
        retired, created = self._events(old)[-1], self._events(new)[-1]
        self.assertEqual(
            (retired.event_type, retired.note, retired.linked_lot_id, retired.user_id),
            ("reserialized", "Refurbished: new housing", new, self.manager),
        )
        self.assertEqual(
            (created.event_type, created.linked_lot_id, created.reference),
            ("reserialized_from", old, "Re-serialized RS-OLD as RS-NEW"),
        )
        self.assertEqual(
            [event.event_type for event in self._events(new)], ["reserialized_from"]
        )
        self.assertFalse(
            old.quant_ids.filtered(
                lambda quant: quant.quantity > 0
                and quant.location_id.usage == "internal"
            )
        )
        self.assertEqual(new.location_id, self.shelf)
        self.assertTrue(
            retired.move_id.state == created.move_id.state == "done", "real stock moves"
        )
        self.assertFalse(
            self.env["stock.lot"]._lifecycle_disagreements((old | new).ids)
        )
        # Linked both ways; the old history is reachable from the new serial.
        self.assertEqual((new.reserialized_from_id, old.reserialized_as_id), (old, new))
        history = self.env["stock.lot.service.history"].search(
            new.action_open_service_history()["domain"]
        )
        self.assertEqual(set(history.lot_id.ids), {old.id, new.id})
        self.assertIn("Receipt from Vendor", history.mapped("description")[-1])

        # The old serial can no longer be delivered: it is refused when chosen.
        with self.assertRaisesRegex(
            UserError, r"RS-OLD \(Tracked Phone\) is Scrapped: Delivery to Customer"
        ):
            self._deliver(lots=old)

    def test_components_follow_the_unit(self):
        battery = self.env["product.product"].create(
            {"name": "RS Battery", "is_storable": True, "tracking": "serial"}
        )
        self._receive(["RS-UNIT"])
        self._receive(["RS-BAT"], product=battery)
        unit, part = self._lots("RS-UNIT"), self._lots("RS-BAT", product=battery)
        self.env["stock.lot"]._component_install(
            [{"parent_lot_id": unit.id, "component_lot_id": part.id}]
        )
        new = unit.with_user(self.manager)._serial_reserialize(
            "RS-UNIT-R", "Refurbished"
        )
        self.assertEqual(part.parent_lot_id, new)
        self.assertFalse(unit.genealogy_component_ids)

    def test_only_a_manager_reserializes(self):
        self._receive(["RS-USER"])
        lot = self._lots("RS-USER")
        with self.assertRaisesRegex(
            AccessError, "Only a Serial Lifecycle manager can re-serialize a unit."
        ):
            lot.with_user(self.stock_user)._serial_reserialize(
                "RS-USER-2", "Refurbished"
            )
        with self.assertRaisesRegex(
            AccessError, "Only a Serial Lifecycle manager can re-serialize a unit."
        ):
            lot.with_user(self.stock_user).action_open_reserialize_wizard()
        self.assertEqual(lot.lifecycle_state, "available")
        self.assertFalse(self.env["stock.lot"].search([("name", "=", "RS-USER-2")]))

    def test_bad_new_names_and_states_are_refused(self):
        self._receive(["RS-BAD", "RS-TAKEN"])
        lot = self._lots("RS-BAD")
        manager_lot = lot.with_user(self.manager)
        with self.assertRaisesRegex(
            ValidationError, r"'RS-TAKEN' already exists for this product"
        ):
            manager_lot._serial_reserialize("RS-TAKEN", "Refurbished")
        with self.assertRaisesRegex(
            ValidationError, r"a serial or lot number cannot be empty"
        ):
            manager_lot._serial_reserialize("   ", "Refurbished")
        with self.assertRaisesRegex(UserError, "Say why RS-BAD is re-serialized"):
            manager_lot._serial_reserialize("RS-BAD-2", " ")
        self.category.serial_max_length = 8
        with self.assertRaisesRegex(
            ValidationError,
            r"'RS-BAD-LONG' is 11 characters long, more than the 8 allowed",
        ):
            manager_lot._serial_reserialize("RS-BAD-LONG", "Refurbished")
        self.category.serial_max_length = 20
        self.assertEqual(lot.lifecycle_state, "available")
        # A unit not in stock (shipped) is not re-serialized.
        self._validate(self._deliver(lots=lot))
        with self.assertRaisesRegex(
            UserError,
            r"RS-BAD cannot be re-serialized:\n- RS-BAD \(Tracked Phone\) is Shipped",
        ):
            manager_lot._serial_reserialize("RS-BAD-3", "Refurbished")
