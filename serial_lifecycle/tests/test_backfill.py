from odoo.tests import tagged

from ..hooks import BACKFILL_CURSOR, backfill_lifecycle, backfill_serial_keys
from ..tools.serial_numbers import split_serial
from .common import SerialLifecycleCase


@tagged("post_install", "-at_install")
class TestBackfill(SerialLifecycleCase):
    """Installing on a database with history: states come from quants and moves."""

    def _forget_lifecycle(self, lots):
        """Put lots back as they were before the module existed."""
        self.env.flush_all()
        self.env.cr.execute(
            "DELETE FROM stock_lot_lifecycle_event WHERE lot_id = ANY(%s)", (lots.ids,)
        )
        self.env.cr.execute(
            """
            UPDATE stock_lot SET lifecycle_state = 'draft', lifecycle_partner_id = NULL,
                   serial_prefix = NULL, serial_numeric_key = NULL, serial_suffix = NULL
             WHERE id = ANY(%s)""",
            (lots.ids,),
        )
        self.env.invalidate_all()

    def test_backfill_reads_the_state_of_every_serial_from_its_history(self):
        names = ["BF-%03d" % number for number in range(1, 9)]
        receipt = self._receive(names)
        lots = self._lots(*names)
        by_name = dict(zip(names, lots, strict=False))
        delivery = self._deliver(lots=lots[:3], count=3)
        self._validate(delivery)  # 001-003 at Ada
        self._validate(
            self._deliver(lots=lots[3:4], partner=self.other_customer)
        )  # 004 at Bob
        self._return(delivery, by_name["BF-003"])  # 003 back
        scrap = self.env["stock.scrap"].create(
            {
                "product_id": self.product.id,
                "lot_id": by_name["BF-005"].id,
                "scrap_qty": 1,
                "location_id": self.stock_location.id,
            }
        )
        scrap.do_scrap()  # 005 scrapped
        self._return(receipt, by_name["BF-006"])  # 006 to vendor
        self._deliver(lots=by_name["BF-007"])  # 007 reserved
        never_received = self.env["stock.lot"].create(
            {"name": "BF-100", "product_id": self.product.id}
        )

        everything = lots | never_received
        self._forget_lifecycle(everything)
        self.assertEqual(set(everything.mapped("lifecycle_state")), {"draft"})

        backfill_serial_keys(self.env.cr, everything.ids)
        count = backfill_lifecycle(self.env, everything.ids)
        self.assertEqual(count, 9)
        expected = {
            "BF-001": ("shipped", self.customer),
            "BF-002": ("shipped", self.customer),
            "BF-003": ("returned", False),
            "BF-004": ("shipped", self.other_customer),
            "BF-005": ("scrapped", False),
            "BF-006": ("vendor_returned", False),
            "BF-007": ("allocated", False),
            "BF-008": ("available", False),
        }
        for name, (state, partner) in expected.items():
            lot = by_name[name]
            self.assertEqual((name, lot.lifecycle_state), (name, state))
            self.assertEqual(
                lot.lifecycle_partner_id, partner or self.env["res.partner"], name
            )
            self.assertEqual(len(lot.lifecycle_event_ids), 1)
            self.assertEqual(lot.lifecycle_event_ids.event_type, "backfill")
            self.assertEqual(lot.lifecycle_event_ids.state_after, state)
        self.assertEqual(never_received.lifecycle_state, "draft")
        self.assertEqual(by_name["BF-001"].lifecycle_event_ids.picking_id, delivery)
        # At a customer since before the install: the backfill event is the first
        # delivery.
        self.assertEqual(
            by_name["BF-001"].first_delivery_event_id,
            by_name["BF-001"].lifecycle_event_ids,
        )
        self.assertFalse(by_name["BF-008"].first_delivery_event_id)

        # The SQL split gives the same keys as the Python one.
        for lot in everything:
            self.assertEqual(
                (lot.serial_prefix, lot.serial_numeric_key, lot.serial_suffix),
                split_serial(lot.name),
                lot.name,
            )

        # Running it again changes nothing; flows go on from the backfilled state.
        self.assertEqual(backfill_lifecycle(self.env, everything.ids), 0)
        self._validate(self._deliver(lots=by_name["BF-008"]))
        self.assertEqual(by_name["BF-008"].lifecycle_state, "shipped")
        self.assertEqual(
            by_name["BF-008"].first_delivery_event_id.event_type, "delivery"
        )
        self.assertEqual(
            self._events(by_name["BF-008"]).mapped("event_type"),
            ["backfill", "allocation", "delivery"],
        )

    def test_backfill_left_to_the_cron_blocks_nothing(self):
        names = ["BC-%03d" % number for number in range(1, 7)]
        self._receive(names)
        lots = self._lots(*names)
        by_name = dict(zip(names, lots, strict=False))
        self._validate(self._deliver(lots=lots[:2], count=2))
        self._forget_lifecycle(lots)
        # The install had no time left for these: it handed them to the cron.
        params = self.env["ir.config_parameter"].sudo()
        params.set_param(BACKFILL_CURSOR, str(min(lots.ids) - 1))

        # Shipped before the cron came to it: nothing refuses a Draft serial,
        # and the delivery gives it its state.
        self._validate(self._deliver(lots=by_name["BC-003"]))
        self.assertEqual(by_name["BC-003"].lifecycle_state, "shipped")
        self.assertEqual(
            self._events(by_name["BC-003"]).mapped("event_type"), ["delivery"]
        )
        self.assertEqual(by_name["BC-004"].lifecycle_state, "draft")

        cron = self.env.ref("serial_lifecycle.ir_cron_lifecycle_backfill")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        self.env["stock.lot"].with_context(
            ir_cron_progress_id=progress.id
        )._cron_lifecycle_backfill()
        self.assertEqual(progress.remaining, 0)
        self.assertTrue(progress.deactivate, "the last chunk stops the cron")
        self.assertFalse(params.get_param(BACKFILL_CURSOR))
        self.env.invalidate_all()
        self.assertEqual(
            {lot.name: lot.lifecycle_state for lot in lots},
            {
                "BC-001": "shipped",
                "BC-002": "shipped",
                "BC-003": "shipped",
                "BC-004": "available",
                "BC-005": "available",
                "BC-006": "available",
            },
        )
        self.assertEqual(
            self._events(by_name["BC-003"]).mapped("event_type"),
            ["delivery"],
            "the cron leaves a serial with a history alone",
        )
        self.assertEqual(by_name["BC-005"].serial_numeric_key, "5".rjust(20, "0"))

    def test_serial_keys_for_unusual_names(self):
        lots = self.env["stock.lot"].create(
            [
                {"name": name, "product_id": self.product.id}
                for name in ("NODIGITS", "12345", "A1B22C", "X-0000")
            ]
        )
        python_keys = {
            lot.name: (lot.serial_prefix, lot.serial_numeric_key, lot.serial_suffix)
            for lot in lots
        }
        self._forget_lifecycle(lots)
        backfill_serial_keys(self.env.cr, lots.ids)
        for lot in lots:
            self.assertEqual(
                (lot.serial_prefix, lot.serial_numeric_key, lot.serial_suffix),
                python_keys[lot.name],
                lot.name,
            )
        self.assertEqual(python_keys["A1B22C"], ("A1B", "22".rjust(20, "0"), "C"))
        self.assertEqual(python_keys["NODIGITS"], ("NODIGITS", False, False))
