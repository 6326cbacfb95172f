from odoo.tests import tagged

from .common import SerialLifecycleCase


@tagged("post_install", "-at_install")
class TestRevision(SerialLifecycleCase):
    """The hardware or firmware revision of a serial: each change an event."""

    def test_changing_the_revision_records_an_event(self):
        self._receive(["RV-001", "RV-002"])
        lot, other = self._lots("RV-001", "RV-002")
        lot.revision = " HW 2.1 "
        self.assertEqual(lot.revision, "HW 2.1")
        event = self._events(lot)[-1]
        self.assertEqual(
            (event.event_type, event.revision, event.state_after),
            ("revision_change", "HW 2.1", "available"),
        )
        self.assertEqual(event.note, "Revision none → HW 2.1")
        (lot | other).write({"revision": "HW 2.2"})
        self.assertEqual(self._events(lot)[-1].note, "Revision HW 2.1 → HW 2.2")
        self.assertEqual(self._events(other)[-1].note, "Revision none → HW 2.2")
        # Written again with the same value: nothing happened, no event.
        count = len(lot.lifecycle_event_ids)
        lot.revision = "HW 2.2"
        self.assertEqual(len(lot.lifecycle_event_ids), count)
        self.assertEqual(
            self.env["stock.lot"].search([("revision", "=", "HW 2.2")]), lot | other
        )
