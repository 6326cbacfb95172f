from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import SerialLifecycleCase


@tagged("post_install", "-at_install")
class TestManualEvents(SerialLifecycleCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_user = new_test_user(
            cls.env, "lifecycle_stock_user", groups="stock.group_stock_user"
        )
        cls.stock_manager = new_test_user(
            cls.env, "lifecycle_stock_manager", groups="stock.group_stock_manager"
        )

    def setUp(self):
        super().setUp()
        self._receive(["ME-001", "ME-002"])
        self.lot, self.other_lot = self._lots("ME-001", "ME-002")

    def _record(self, lots, action, user=None, **values):
        wizard_action = (
            lots.with_user(user or self.env.user)
            .with_context(
                lifecycle_action=action,
            )
            .action_open_lifecycle_wizard()
        )
        form = Form(
            self.env[wizard_action["res_model"]]
            .with_user(user or self.env.user)
            .with_context(**wizard_action["context"])
        )
        form.reason = values.pop("reason", "Reported by the customer")
        for name, value in values.items():
            setattr(form, name, value)
        return form.save().action_confirm()

    def test_mark_installed_with_customer_and_site(self):
        self._validate(self._deliver(1))
        lot = self.env["stock.lot"].search(
            [("name", "in", ("ME-001", "ME-002")), ("lifecycle_state", "=", "shipped")]
        )
        self._record(
            lot,
            "installed",
            user=self.stock_user,
            partner_id=self.customer,
            site="Lab 3, Utrecht",
        )
        self.assertEqual(lot.lifecycle_state, "installed")
        self.assertEqual(lot.lifecycle_partner_id, self.customer)
        event = self._events(lot)[-1]
        self.assertEqual(event.event_type, "installed")
        self.assertIn("Lab 3, Utrecht", event.note)
        self.assertEqual(event.user_id, self.stock_user)

    def test_installation_needs_a_shipped_serial(self):
        with self.assertRaises(UserError) as refusal:
            self._record(self.lot, "installed", partner_id=self.customer)
        self.assertIn("ME-001", str(refusal.exception))
        self.assertEqual(self.lot.lifecycle_state, "available")

    def test_lost_then_found_restores_the_previous_state(self):
        self._validate(self._deliver(1, partner=self.customer))
        shipped = (self.lot | self.other_lot).filtered(
            lambda lot: lot.lifecycle_state == "shipped"
        )
        self._record(
            shipped,
            "lost",
            user=self.stock_user,
            reason="Stolen from the customer's van",
        )
        self.assertEqual(shipped.lifecycle_state, "lost")
        self.assertEqual(
            shipped.lifecycle_partner_id, self.customer, "still the customer's case"
        )
        self._record(
            shipped, "found", user=self.stock_user, reason="Recovered by the police"
        )
        self.assertEqual(shipped.lifecycle_state, "shipped")
        self.assertEqual(
            self._events(shipped).mapped("event_type")[-2:],
            ["lost", "found"],
        )

    def test_quarantine_and_release_are_for_managers_only(self):
        with self.assertRaises(AccessError):
            self.lot.with_user(self.stock_user)._lifecycle_apply_manual_action(
                "quarantine", fields.Datetime.now(), "Looks damaged"
            )
        self.assertEqual(self.lot.lifecycle_state, "available")
        self._record(
            self.lot, "quarantine", user=self.stock_manager, reason="Looks damaged"
        )
        self.assertEqual(self.lot.lifecycle_state, "quarantined")
        with self.assertRaises(AccessError):
            self.lot.with_user(self.stock_user)._lifecycle_apply_manual_action(
                "release", fields.Datetime.now(), "Checked, fine"
            )
        self._record(
            self.lot, "release", user=self.stock_manager, reason="Checked, fine"
        )
        self.assertEqual(self.lot.lifecycle_state, "available")

    def test_a_quarantined_serial_is_flagged_for_scan_screens(self):
        self.assertEqual(self.lot._serial_status_flags(), {self.lot.id: []})
        self._record(
            self.lot, "quarantine", user=self.stock_manager, reason="Looks damaged"
        )
        flags = (self.lot | self.other_lot)._serial_status_flags()
        self.assertEqual(
            flags[self.lot.id],
            [{"code": "blocked", "label": "Quarantined", "level": "danger"}],
        )
        self.assertEqual(flags[self.other_lot.id], [])

    def test_one_refusal_names_every_serial_and_records_nothing(self):
        self._record(self.lot, "quarantine", reason="Damaged")
        with self.assertRaises(UserError) as refusal:
            (self.lot | self.other_lot)._lifecycle_apply_manual_action(
                "release", fields.Datetime.now(), "Checked"
            )
        self.assertIn("ME-002", str(refusal.exception))
        self.assertNotIn("ME-001", str(refusal.exception))
        self.assertEqual(
            self.lot.lifecycle_state, "quarantined", "nothing half-applied"
        )

    def test_event_date_cannot_be_in_the_future(self):
        with self.assertRaises(UserError) as refusal:
            self._record(
                self.lot,
                "lost",
                event_date=fields.Datetime.add(fields.Datetime.now(), days=2),
            )
        self.assertIn("future", str(refusal.exception))
        self.assertEqual(self.lot.lifecycle_state, "available")

    def test_backdated_event_keeps_its_date(self):
        received = self.lot.lifecycle_event_ids.event_date
        with self.assertRaises(UserError) as refusal:
            self._record(
                self.lot, "lost", event_date=fields.Datetime.subtract(received, days=1)
            )
        self.assertIn("ME-001", str(refusal.exception))
        self.assertIn("before its latest event", str(refusal.exception))
        self.assertEqual(self.lot.lifecycle_state, "available")

        self.env.cr.execute(
            "UPDATE stock_lot_lifecycle_event SET event_date = event_date - "
            "interval '10 days' WHERE lot_id = %s",
            (self.lot.id,),
        )
        self.env.invalidate_all()
        backdated = fields.Datetime.subtract(fields.Datetime.now(), days=3)
        self._record(self.lot, "lost", event_date=backdated)
        self.assertEqual(
            self._events(self.lot)[-1].event_date, backdated.replace(microsecond=0)
        )
        self.assertEqual(
            self.lot.lifecycle_event_ids[0].event_type, "lost", "newest first, by date"
        )

    def test_event_names_say_serial_and_event(self):
        self.assertEqual(
            self.lot.lifecycle_event_ids.display_name, "ME-001 - Receipt from Vendor"
        )

    def test_the_dialog_is_titled_after_the_action(self):
        action = self.lot.with_context(
            lifecycle_action="lost"
        ).action_open_lifecycle_wizard()
        self.assertEqual(action["name"], "Reported Lost or Stolen: ME-001")
        self.assertEqual(action["context"]["default_action"], "lost")

    def test_state_is_not_writable_directly(self):
        with self.assertRaises(UserError):
            self.lot.write({"lifecycle_state": "shipped"})
        with self.assertRaises(UserError):
            self.lot.sudo().write({"lifecycle_state": "shipped"})
        self.assertEqual(self.lot.lifecycle_state, "available")

    def test_reason_is_required(self):
        form = Form(
            self.env["stock.lot.lifecycle.wizard"].with_context(
                default_lot_ids=self.lot.ids, default_action="lost"
            )
        )
        with self.assertRaisesRegex(AssertionError, "reason"):
            form.save()
        self.assertEqual(self.lot.lifecycle_state, "available")
