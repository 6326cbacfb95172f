from odoo.tests import BaseCase, tagged

from ..tools.lifecycle_rules import EVENT_TYPE_LABELS, TRANSITIONS
from ..tools.service_history import EVENT_KINDS, KIND_LABELS, description, event_kind


@tagged("post_install", "-at_install")
class TestServiceHistoryHelpers(BaseCase):
    """The kinds of the service history (tools/service_history.py), without Odoo."""

    def test_every_event_type_has_a_kind(self):
        self.assertEqual(set(EVENT_KINDS), set(EVENT_TYPE_LABELS))
        self.assertTrue(set(EVENT_KINDS.values()) <= set(KIND_LABELS))

    def test_kinds(self):
        self.assertEqual(event_kind("delivery"), "shipment")
        self.assertEqual(event_kind("component_removed"), "component")
        self.assertEqual(event_kind("reserialized"), "reserialization")
        self.assertEqual(
            event_kind("repair_done"),
            "other",
            "another module's type: its own kinds say",
        )
        self.assertEqual(
            event_kind("repair_done", kinds={"repair_done": "repair"}), "repair"
        )
        self.assertEqual(event_kind("quarantine", "serial.recall.campaign"), "recall")

    def test_description_skips_empty_parts(self):
        self.assertEqual(
            description("Component Installed", None, "B-123", ""),
            "Component Installed · B-123",
        )

    def test_reserialization_rows(self):
        self.assertEqual(TRANSITIONS["reserialized"].target, "scrapped")
        self.assertTrue(TRANSITIONS["reserialized"].manager_only)
        self.assertNotIn("allocated", TRANSITIONS["reserialized"].from_states)
        self.assertEqual(TRANSITIONS["reserialized_from"].from_states, ("draft",))
