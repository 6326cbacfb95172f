from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.serial_lifecycle.tests.common import SerialLifecycleCase

GTIN = "07612345987651"


@tagged("post_install", "-at_install")
class TestSerialCount(SerialLifecycleCase):
    """A shelf counted by serial: matches, missing, misplaced, found and unknown, then
    applied."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product.barcode = GTIN
        cls.other_shelf = cls.env["stock.location"].create(
            {"name": "Shelf Y", "location_id": cls.stock_location.id}
        )

    def _put(self, serials, location):
        self._receive(serials)
        self._lots(*serials)._serial_relocate(location, "test")

    def test_count_lists_differences_then_applies_them_in_one_batch(self):
        self._put(["C-MATCH-1", "C-MATCH-2", "C-MISSING"], self.shelf)
        self._put(["C-MISPLACED"], self.other_shelf)
        self._receive(["C-SHIPPED"])
        shipped = self._lots("C-SHIPPED")
        self._validate(self._deliver(lots=shipped))
        count = self.env["stock.serial.count"].create(
            {
                "location_id": self.shelf.id,
                "scanned_serials": f"C-MATCH-1\n]C101{GTIN}21C-MATCH-2\n"
                "C-MISPLACED\nC-SHIPPED\n"
                "C-NEW-LABEL-1\n0107612345987651"
                "21C-NEW-LABEL-2\n",
            }
        )
        count.action_check()
        self.assertEqual(count.state, "checked")
        result = {line.serial: line.result for line in count.line_ids}
        self.assertEqual(
            result,
            {
                "C-MATCH-1": "matched",
                "C-MATCH-2": "matched",
                "C-MISSING": "missing",
                "C-MISPLACED": "elsewhere",
                "C-SHIPPED": "elsewhere",
                "C-NEW-LABEL-1": "unknown",
                "C-NEW-LABEL-2": "unknown",
            },
        )
        self.assertEqual(
            (
                count.matched_count,
                count.missing_count,
                count.elsewhere_count,
                count.unknown_count,
            ),
            (2, 1, 2, 2),
        )
        misplaced_line = count.line_ids.filtered(
            lambda line: line.serial == "C-MISPLACED"
        )
        self.assertEqual(misplaced_line.current_location_id, self.other_shelf)
        self.assertEqual(
            misplaced_line.planned_action,
            f"Move here from {self.other_shelf.complete_name}",
        )
        # Nothing changes before the count is applied.
        self.assertEqual(self._lots("C-MISSING").lifecycle_state, "available")

        with self.assertRaisesRegex(
            UserError, "Set the product of these unknown serials.*C-NEW-LABEL-1"
        ):
            count.action_apply()
        self.assertFalse(self.env["stock.lot"].search([("name", "=", "C-NEW-LABEL-2")]))
        count.line_ids.filtered(
            lambda line: line.serial == "C-NEW-LABEL-1"
        ).product_id = self.product
        count.action_apply()

        self.assertEqual(count.state, "done")
        missing, misplaced, shipped, new1, new2 = self._lots(
            "C-MISSING", "C-MISPLACED", "C-SHIPPED", "C-NEW-LABEL-1", "C-NEW-LABEL-2"
        )
        self.assertEqual(missing.lifecycle_state, "lost")
        self.assertEqual(self._events(missing)[-1].event_type, "inventory_loss")
        self.assertEqual(self._events(misplaced)[-1].event_type, "internal")
        self.assertEqual(self._events(shipped)[-1].event_type, "inventory_gain")
        self.assertEqual(
            (new1 | new2).mapped("lifecycle_state"), ["available", "available"]
        )
        in_shelf = self.env["stock.quant"].search(
            [("location_id", "=", self.shelf.id), ("quantity", ">", 0)]
        )
        self.assertEqual(
            sorted(in_shelf.lot_id.mapped("name")),
            sorted(
                [
                    "C-MATCH-1",
                    "C-MATCH-2",
                    "C-MISPLACED",
                    "C-SHIPPED",
                    "C-NEW-LABEL-1",
                    "C-NEW-LABEL-2",
                ]
            ),
        )

        recount = self.env["stock.serial.count"].create(
            {
                "location_id": self.shelf.id,
                "scanned_serials": "\n".join(in_shelf.lot_id.mapped("name")),
            }
        )
        recount.action_check()
        self.assertEqual(set(recount.line_ids.mapped("result")), {"matched"})

    def test_bad_scans_are_refused_before_anything_is_checked(self):
        self._put(["C-OK-1"], self.shelf)
        count = self.env["stock.serial.count"].create(
            {
                "location_id": self.shelf.id,
                "scanned_serials": "C-OK-1\n0107612345987652" "21X\nC-OK-1\nBAD SERIAL",
            }
        )
        with self.assertRaises(UserError) as error:
            count.action_check()
        message = str(error.exception)
        self.assertIn(
            "line 2 '0107612345987652" "21X': GS1 label refused: check digit", message
        )
        self.assertIn("line 3: serial C-OK-1 was already scanned on line 1", message)
        self.assertNotIn("line 4", message)
        self.assertEqual(count.state, "draft")
        self.assertFalse(count.line_ids)

    def test_stock_changed_since_the_check(self):
        self._put(["C-CHG-1", "C-CHG-2"], self.shelf)
        count = self.env["stock.serial.count"].create(
            {"location_id": self.shelf.id, "scanned_serials": "C-CHG-1"}
        )
        count.action_check()
        self._lots("C-CHG-2")._serial_relocate(self.other_shelf, "test")
        with self.assertRaisesRegex(UserError, "changed since the check: check again"):
            count.action_apply()
        self.assertEqual(self._lots("C-CHG-2").lifecycle_state, "available")

    def test_changing_the_scans_asks_for_a_new_check(self):
        self._put(["C-EDIT-1"], self.shelf)
        count = self.env["stock.serial.count"].create(
            {"location_id": self.shelf.id, "scanned_serials": "C-EDIT-1"}
        )
        count.action_check()
        count.write({"scanned_serials": "C-EDIT-1", "location_id": self.shelf.id})
        self.assertEqual(count.state, "checked")
        count.scanned_serials = "C-EDIT-1\nC-EDIT-2"
        self.assertEqual(count.state, "draft")
        self.assertFalse(count.line_ids)
        with self.assertRaisesRegex(UserError, "Check .* before applying it"):
            count.action_apply()
