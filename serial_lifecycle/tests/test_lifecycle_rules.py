from odoo.tests import BaseCase, tagged

from ..tools.lifecycle_rules import (
    BLOCKED_STATES,
    EVENT_TYPE_LABELS,
    MANUAL_ACTIONS,
    STATE_AFTER_MOVE,
    STATE_LABELS,
    blocked_states_for_destination,
    classify_move,
    manual_action_error,
    state_after_move,
)


@tagged("post_install", "-at_install")
class TestLifecycleRules(BaseCase):

    def test_state_keys_are_the_published_interface(self):
        self.assertEqual(list(STATE_LABELS), [
            "draft", "available", "allocated", "shipped", "installed", "returned", "quarantined",
            "in_repair", "scrapped", "lost", "consumed", "vendor_returned",
        ])
        self.assertEqual(BLOCKED_STATES, ("quarantined", "lost", "scrapped", "consumed"))

    def test_classify_every_kind_of_move(self):
        cases = {
            ("supplier", "internal", False): "receipt",
            ("internal", "customer", False): "delivery",
            ("supplier", "customer", False): "delivery",      # dropship
            ("transit", "customer", False): "delivery",
            ("customer", "internal", False): "customer_return",
            ("internal", "supplier", False): "vendor_return",
            ("internal", "internal", False): "internal",
            ("internal", "transit", False): "internal",
            ("internal", "inventory", True): "scrap",
            ("internal", "inventory", False): "inventory_loss",
            ("inventory", "internal", False): "inventory_gain",
            ("internal", "production", False): "consumption",
            ("production", "internal", False): "production",
        }
        for (source, destination, scrap), expected in cases.items():
            self.assertEqual(classify_move(source, destination, scrap), expected, (source, destination))

    def test_every_move_event_has_a_label_and_a_state_rule(self):
        for event_type in STATE_AFTER_MOVE:
            self.assertIn(event_type, EVENT_TYPE_LABELS)

    def test_state_after_a_move(self):
        self.assertEqual(state_after_move("delivery", "allocated"), "shipped")
        self.assertEqual(state_after_move("internal", "quarantined"), "quarantined")
        self.assertEqual(state_after_move("internal", "returned"), "returned")
        self.assertEqual(state_after_move("internal", "draft"), "available")
        self.assertEqual(state_after_move("inventory_loss", "available"), "lost")

    def test_manual_actions_say_why_they_do_not_apply(self):
        self.assertIsNone(manual_action_error("installed", "shipped"))
        self.assertEqual(
            manual_action_error("installed", "available"),
            "is Available; installed applies only to serials that are Shipped, Installed",
        )
        self.assertIsNone(manual_action_error("found", "lost"))
        self.assertIsNotNone(manual_action_error("release", "available"))
        for action in MANUAL_ACTIONS:
            self.assertIn(action, EVENT_TYPE_LABELS)

    def test_what_may_not_leave(self):
        self.assertEqual(blocked_states_for_destination("customer", False), BLOCKED_STATES)
        self.assertEqual(blocked_states_for_destination("transit", True), BLOCKED_STATES)
        self.assertNotIn("quarantined", blocked_states_for_destination("supplier", True))
        self.assertIn("lost", blocked_states_for_destination("supplier", True))
        self.assertEqual(blocked_states_for_destination("internal", False), ())
