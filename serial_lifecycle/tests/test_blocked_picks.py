import re

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import JsonRpcMixin, SerialLifecycleCase


class BlockedPicksCase(SerialLifecycleCase):
    """In stock: a quarantined, a lost, a pending inspection and a free serial."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.inspected = cls.env["product.product"].create(
            {
                "name": "Inspected Router",
                "is_storable": True,
                "tracking": "serial",
                "serial_inspection_required": True,
            }
        )
        cls.stock_user = new_test_user(
            cls.env,
            "picker",
            password="picker",
            groups="stock.group_stock_user,stock.group_production_lot",
        )

    def setUp(self):
        super().setUp()
        self._receive(["BP-Q", "BP-L", "BP-OK"])
        self.quarantined, self.lost, self.free = self._lots("BP-Q", "BP-L", "BP-OK")
        self.quarantined._lifecycle_apply_manual_action(
            "quarantine", fields.Datetime.now(), "Dented"
        )
        self.lost._lifecycle_apply_manual_action(
            "lost", fields.Datetime.now(), "Not on its shelf"
        )
        self._receive(["BP-P"], product=self.inspected)
        self.pending = self._lots("BP-P", product=self.inspected)

    def _refusal(self, delivery, *lines):
        return "These serial numbers cannot be chosen:\n{}".format(
            "\n".join(f" - {line}" % {"document": delivery.name} for line in lines)
        )

    QUARANTINED = (
        "BP-Q (Tracked Phone) is Quarantined: Delivery to Customer on %(document)s "
        "applies only to serials that are Draft, Available, Allocated, Returned, "
        "In Repair, Returned to Vendor"
    )
    LOST = (
        "BP-L (Tracked Phone) is Lost: Delivery to Customer on %(document)s "
        "applies only to serials that are Draft, Available, Allocated, Returned, "
        "In Repair, Returned to Vendor"
    )


@tagged("post_install", "-at_install")
class TestBlockedPicks(BlockedPicksCase):
    def test_blocked_serials_chosen_by_hand_are_refused_at_once(self):
        delivery = self._deliver(count=3, lots=self.free)
        with self.assertRaises(UserError) as refusal, self.env.cr.savepoint():
            self._pick_serials(delivery, self.quarantined | self.lost)
        self.env.invalidate_all()
        self.assertEqual(
            str(refusal.exception),
            self._refusal(delivery, self.QUARANTINED, self.LOST),
        )
        self.assertEqual(delivery.move_line_ids.lot_id, self.free)
        self.assertEqual(
            (self.quarantined | self.lost).mapped("lifecycle_state"),
            ["quarantined", "lost"],
        )

    def test_pending_inspection_refused_on_the_line(self):
        delivery = self._deliver(product=self.inspected, lots=self.env["stock.lot"])
        with (
            self.assertRaisesRegex(
                UserError,
                "BP-P \\(Inspected Router\\) has quality status Pending Inspection: "
                f"it cannot leave on {delivery.name}",
            ),
            self.env.cr.savepoint(),
        ):
            self._pick_serials(delivery, self.pending)
        self.env.invalidate_all()
        self.assertFalse(delivery.move_line_ids)

    def test_lot_written_on_a_reserved_line_as_a_scanner_app_does(self):
        delivery = self._deliver(count=1)
        line = delivery.move_line_ids
        self.assertEqual(line.lot_id, self.free, "only the free serial is reserved")
        with self.assertRaises(UserError) as refusal, self.env.cr.savepoint():
            line.write({"lot_id": self.quarantined.id, "picked": True})
        self.env.invalidate_all()
        self.assertEqual(
            str(refusal.exception), self._refusal(delivery, self.QUARANTINED)
        )
        self.assertEqual(line.lot_id, self.free)
        self.assertEqual(self.free.lifecycle_state, "allocated")

    def test_pick_from_a_quant_on_the_detailed_operations(self):
        delivery = self._deliver(count=1, lots=self.env["stock.lot"])
        quant = self.env["stock.quant"].search(
            [("lot_id", "=", self.lost.id), ("quantity", ">", 0)]
        )
        self.assertTrue(quant, "a lost serial may still sit on a shelf")
        with self.assertRaisesRegex(UserError, "BP-L \\(Tracked Phone\\) is Lost"):
            self.env["stock.move.line"].create(
                {
                    "move_id": delivery.move_ids.id,
                    "picking_id": delivery.id,
                    "product_id": self.product.id,
                    "quant_id": quant.id,
                    "quantity": 1,
                }
            )

    def test_other_moves_take_what_the_table_allows(self):
        # A quarantined unit goes back to its vendor and moves between shelves.
        receipt = self.env["stock.picking"].search(
            [
                ("move_line_ids.lot_id", "=", self.quarantined.id),
                ("picking_type_code", "=", "incoming"),
            ]
        )
        self._return(receipt, self.quarantined)
        self.assertEqual(self.quarantined.lifecycle_state, "vendor_returned")
        # A serial pending inspection moves between shelves (to the inspection bench).
        internal = self._create_picking(
            self.warehouse.int_type_id,
            self.vendor,
            product=self.inspected,
            source=self.stock_location,
            destination=self.shelf,
        )
        internal.do_unreserve()
        self._pick_serials(internal, self.pending)
        self._validate(internal)
        self.assertEqual(self.pending.quality_status, "pending")

    def test_the_check_reads_in_batch(self):
        # As many queries for nine lines as for one: moves and serials are
        # read in batch, never line by line.
        many = self._receive(["BP-%02d" % index for index in range(10)])
        lots = many.move_line_ids.lot_id
        one = self._deliver(count=1, lots=lots[:1])
        ten = self._deliver(count=9, lots=lots[1:])

        # As create() and write() have them: the lines of one call.
        Line = self.env["stock.move.line"]
        one_ids, ten_ids = one.move_line_ids.ids, ten.move_line_ids.ids
        self.assertEqual(len(ten_ids), 9)

        def queries(ids):
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            Line.browse(ids)._serial_check_blocked_picks()
            return self.cr.sql_log_count - before

        self.assertEqual(queries(one_ids), queries(ten_ids))


@tagged("post_install", "-at_install")
class TestBlockedPicksOverRpc(JsonRpcMixin, HttpCase, BlockedPicksCase):
    def test_a_scanner_app_writing_the_line_is_refused(self):
        delivery = self._deliver(count=1)
        line = delivery.move_line_ids
        self.authenticate("picker", "picker")
        answer = self._call(
            "stock.move.line",
            "write",
            [line.ids, {"lot_id": self.lost.id, "quantity": 1, "picked": True}],
        )
        self.assertRefused(answer, f"^{re.escape(self._refusal(delivery, self.LOST))}$")
        self.assertEqual(line.lot_id, self.free)
        answer = self._call(
            "stock.move.line",
            "create",
            [
                {
                    "move_id": delivery.move_ids.id,
                    "picking_id": delivery.id,
                    "product_id": self.product.id,
                    "lot_id": self.quarantined.id,
                    "quantity": 1,
                    "location_id": self.stock_location.id,
                    "location_dest_id": self.customer_location.id,
                }
            ],
        )
        self.assertRefused(answer, "BP-Q \\(Tracked Phone\\) is Quarantined")
        self.assertEqual(delivery.move_line_ids, line)
