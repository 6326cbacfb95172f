from odoo.tests import BaseCase, tagged

from ..tools.lifecycle_rules import (
    ALL_STATES,
    BLOCKED_STATES,
    EVENT_TYPE_LABELS,
    MANUAL_ACTIONS,
    MOVE_EVENT_TYPES,
    STATE_LABELS,
    STATE_PLACES,
    TRANSITIONS,
    TransitionRefused,
    backfill_state,
    checked_event_type,
    classify_move,
    customer_after,
    next_state,
    restored_event_type,
    transition_error,
)


@tagged("post_install", "-at_install")
class TestLifecycleRules(BaseCase):
    def test_state_keys_are_the_published_interface(self):
        self.assertEqual(
            list(STATE_LABELS),
            [
                "draft",
                "available",
                "allocated",
                "shipped",
                "installed",
                "returned",
                "quarantined",
                "in_repair",
                "scrapped",
                "lost",
                "consumed",
                "vendor_returned",
            ],
        )
        self.assertEqual(
            BLOCKED_STATES, ("quarantined", "lost", "scrapped", "consumed")
        )

    def test_classify_every_kind_of_move(self):
        cases = {
            ("supplier", "internal", False): "receipt",
            ("internal", "customer", False): "delivery",
            ("supplier", "customer", False): "delivery",  # dropship
            ("transit", "customer", False): "delivery",
            ("customer", "internal", False): "customer_return",
            ("internal", "supplier", False): "vendor_return",
            ("internal", "internal", False): "internal",
            ("internal", "transit", False): "internal",
            ("internal", "inventory", True): "scrap",
            ("production", "inventory", True): "part_scrapped",
            ("internal", "inventory", False): "inventory_loss",
            ("inventory", "internal", False): "inventory_gain",
            ("internal", "production", False): "consumption",
            ("production", "internal", False): "production",
        }
        for (source, destination, scrap), expected in cases.items():
            self.assertEqual(
                classify_move(source, destination, scrap),
                expected,
                (source, destination),
            )

    def test_every_event_type_has_a_label_and_a_row(self):
        self.assertEqual(set(TRANSITIONS), set(EVENT_TYPE_LABELS))
        for event_type, row in TRANSITIONS.items():
            self.assertTrue(row.from_states, event_type)
            self.assertLessEqual(set(row.from_states), set(ALL_STATES), event_type)
        self.assertEqual(set(STATE_PLACES), set(ALL_STATES))
        self.assertLessEqual(
            set(MOVE_EVENT_TYPES) | set(MANUAL_ACTIONS), set(TRANSITIONS)
        )

    def test_state_after_a_move(self):
        self.assertEqual(next_state("delivery", "allocated"), "shipped")
        self.assertEqual(next_state("internal", "quarantined"), "quarantined")
        self.assertEqual(next_state("internal", "returned"), "returned")
        self.assertEqual(next_state("internal", "draft"), "available")
        self.assertEqual(next_state("inventory_loss", "available"), "lost")
        self.assertEqual(next_state("receipt", "vendor_returned"), "available")

    def test_no_blocked_serial_leaves_to_a_customer_or_into_production(self):
        for event_type in ("delivery", "consumption"):
            for state in BLOCKED_STATES:
                with self.assertRaises(TransitionRefused, msg=(event_type, state)):
                    next_state(event_type, state)
        # A unit a customer holds already cannot be delivered again.
        for state in ("shipped", "installed"):
            with self.assertRaises(TransitionRefused, msg=state):
                next_state("delivery", state)
        # Quarantined goods go back to their vendor; what is not there does not.
        self.assertEqual(next_state("vendor_return", "quarantined"), "vendor_returned")
        for state in ("lost", "scrapped", "consumed"):
            with self.assertRaises(TransitionRefused):
                next_state("vendor_return", state)

    def test_a_blocked_serial_coming_back_into_stock_stays_blocked(self):
        for event_type in ("inventory_gain", "customer_return"):
            for state in BLOCKED_STATES:
                self.assertEqual(
                    next_state(event_type, state), "quarantined", (event_type, state)
                )
        self.assertEqual(next_state("inventory_gain", "shipped"), "available")
        self.assertEqual(next_state("customer_return", "shipped"), "returned")
        # A module's reason (an open recall) holds any serial.
        self.assertEqual(
            next_state("customer_return", "shipped", held=True), "quarantined"
        )
        # Unbuilding gives back a consumed component.
        self.assertEqual(next_state("production", "consumed"), "available")
        self.assertEqual(next_state("production", "scrapped"), "quarantined")

    def test_a_serial_cannot_be_received_twice(self):
        for state in ("available", "allocated", "shipped", "quarantined", "returned"):
            with self.assertRaises(TransitionRefused):
                next_state("receipt", state)

    def test_restoring_targets_give_back_the_state_before(self):
        self.assertEqual(restored_event_type("found"), "lost")
        self.assertEqual(restored_event_type("deallocation"), "allocation")
        self.assertIsNone(restored_event_type("delivery"))
        self.assertEqual(next_state("found", "lost", restored="shipped"), "shipped")
        self.assertEqual(
            next_state("deallocation", "allocated", restored="returned"), "returned"
        )
        self.assertEqual(
            next_state("found", "lost"), "available", "no earlier state known"
        )

    def test_the_customer_follows_the_table(self):
        self.assertEqual(customer_after("delivery", 7, False), 7)
        self.assertEqual(customer_after("delivery", False, 3), 3)
        self.assertEqual(
            customer_after("lost", 9, 3),
            3,
            "a stolen unit is still that customer's case",
        )
        self.assertEqual(customer_after("customer_return", 9, 3), False)
        self.assertEqual(customer_after("internal", False, 3), 3)

    def test_a_delivery_step_is_checked_as_a_delivery(self):
        self.assertEqual(checked_event_type("internal", True), "delivery")
        self.assertEqual(checked_event_type("internal", False), "internal")
        self.assertEqual(checked_event_type("scrap", True), "scrap")

    def test_refusals_say_why(self):
        self.assertEqual(
            transition_error("installed", "available"),
            "is Available; installed applies only to serials that are "
            "Shipped, Installed",
        )
        with self.assertRaisesRegex(TransitionRefused, "no known lifecycle event"):
            next_state("teleported", "available")

    def test_backfill_gives_what_the_live_path_gives(self):
        """Each situation the backfill reads is the state the table gives to the
        move that would have put the serial there."""
        cases = {
            # (here, scrap, came from, reserved): live path from a serial never seen
            ("internal", False, "supplier", False): next_state("receipt", "draft"),
            ("internal", False, "supplier", True): next_state(
                "allocation", next_state("receipt", "draft")
            ),
            ("internal", False, "customer", False): next_state(
                "customer_return", "draft"
            ),
            ("internal", False, "inventory", False): next_state(
                "inventory_gain", "draft"
            ),
            ("internal", False, "internal", False): next_state("internal", "draft"),
            ("transit", False, "internal", False): next_state("internal", "draft"),
            ("customer", False, "internal", False): next_state("delivery", "draft"),
            ("customer", False, "supplier", False): next_state("delivery", "draft"),
            ("supplier", False, "internal", False): next_state(
                "vendor_return", "draft"
            ),
            ("inventory", True, "internal", False): next_state("scrap", "draft"),
            ("inventory", False, "internal", False): next_state(
                "inventory_loss", "draft"
            ),
            ("production", False, "internal", False): next_state(
                "consumption", "draft"
            ),
            (None, False, None, False): "draft",
            ("view", False, "internal", False): "draft",
        }
        for facts, expected in cases.items():
            self.assertEqual(backfill_state(*facts), expected, facts)
