from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import SerialLifecycleCase


@tagged("post_install", "-at_install")
class TestLedgerSecurity(SerialLifecycleCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_user = new_test_user(
            cls.env, "ledger_stock_user", groups="stock.group_stock_user"
        )
        cls.salesman_like = new_test_user(
            cls.env, "ledger_plain_user", groups="base.group_user"
        )

    def setUp(self):
        super().setUp()
        self._receive(["LG-001"])
        self.lot = self._lots("LG-001")
        self.event = self.lot.lifecycle_event_ids

    def test_events_cannot_be_edited_even_by_the_superuser(self):
        for env in (self.env, self.env(su=True)):
            with self.assertRaisesRegex(UserError, "append-only"):
                self.event.with_env(env).write({"state_after": "shipped"})
            with self.assertRaisesRegex(UserError, "append-only"):
                self.event.with_env(env).unlink()
        self.assertEqual(self.event.state_after, "available")

    def test_a_serial_with_history_cannot_be_deleted(self):
        # The ledger's foreign key (ondelete="restrict") refuses it.
        with self.assertRaises(IntegrityError):
            with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                self.lot.unlink()
        self.assertTrue(self.lot.exists())

    def test_inventory_users_read_but_cannot_write_the_ledger(self):
        events = (
            self.env["stock.lot.lifecycle.event"]
            .with_user(self.stock_user)
            .search([("lot_id", "=", self.lot.id)])
        )
        self.assertEqual(events, self.event)
        self.assertEqual(events.event_type, "receipt")
        with self.assertRaises(AccessError):
            self.env["stock.lot.lifecycle.event"].with_user(self.stock_user).create(
                {
                    "lot_id": self.lot.id,
                    "product_id": self.product.id,
                    "event_type": "found",
                    "state_after": "shipped",
                }
            )

    def test_users_without_inventory_rights_see_no_ledger(self):
        with self.assertRaises(AccessError):
            self.env["stock.lot.lifecycle.event"].with_user(self.salesman_like).search(
                []
            )

    def test_inventory_user_groups_imply_lifecycle_groups(self):
        self.assertTrue(
            self.stock_user.has_group("serial_lifecycle.group_serial_lifecycle_user")
        )
        self.assertFalse(
            self.stock_user.has_group("serial_lifecycle.group_serial_lifecycle_manager")
        )
        manager = new_test_user(
            self.env, "ledger_manager", groups="stock.group_stock_manager"
        )
        self.assertTrue(
            manager.has_group("serial_lifecycle.group_serial_lifecycle_manager")
        )

    def test_flows_of_a_plain_inventory_user_still_record_events(self):
        delivery = self._deliver(1).with_user(self.stock_user)
        delivery.move_ids.picked = True
        delivery.button_validate()
        self.assertEqual(self.lot.lifecycle_state, "shipped")
        self.assertEqual(self._events(self.lot)[-1].user_id, self.stock_user)

    def test_events_of_another_company_are_hidden(self):
        other_company = self.env["res.company"].create({"name": "Other Devices SA"})
        other_user = new_test_user(
            self.env,
            "ledger_other_company",
            groups="stock.group_stock_user",
            company_id=other_company.id,
            company_ids=[other_company.id],
        )
        self.assertFalse(
            self.env["stock.lot.lifecycle.event"]
            .with_user(other_user)
            .search([("lot_id", "=", self.lot.id)])
        )
