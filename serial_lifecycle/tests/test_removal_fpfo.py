import datetime

from odoo.tests import tagged

from odoo.addons.serial_lifecycle.tests.common import SerialLifecycleCase

GTIN = "07612345987651"


def label(serial, produced=None):
    """A supplier's GS1 label: GTIN, production date (AI 11) if any, serial."""
    return "]C101" + GTIN + ("11" + produced if produced else "") + "21" + serial


@tagged("post_install", "-at_install")
class TestRemovalFirstProducedFirstOut(SerialLifecycleCase):
    """Reservation takes the oldest production date first, serials without one last."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product.barcode = GTIN
        cls.fpfo = cls.env.ref("serial_lifecycle.removal_fpfo")

    def _receive_mixed(self):
        """One receipt from labels and typed dates, in an order unlike the production
        order."""
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=6
        )
        lines = receipt.move_line_ids.sorted("id")
        lines[0].lot_name = label("FP-001", "250301")
        lines[1].lot_name = "FP-002"  # no production date
        lines[2].lot_name = label("FP-003", "250110")
        lines[3].lot_name = label("FP-004", "241201")
        lines[4].lot_name = "FP-000"  # no production date
        lines[5].write(
            {"lot_name": "FP-005", "production_date": "2025-01-10"}
        )  # typed at receipt
        self._validate(receipt)
        return receipt

    def test_strategy_is_offered_beside_odoo_ones(self):
        self.assertEqual(self.fpfo.method, "fpfo")
        self.assertIn(self.fpfo, self.env["product.removal"].search([]))
        order = self.env["stock.quant"]._get_removal_strategy_order("fpfo")
        self.assertEqual(order, "production_date ASC NULLS LAST, lot_id, id")

    def test_receipt_dates_reach_the_quants(self):
        self._receive_mixed()
        quants = self.env["stock.quant"].search(
            [
                ("product_id", "=", self.product.id),
                ("location_id", "=", self.stock_location.id),
            ]
        )
        dates = {quant.lot_id.name: quant.production_date for quant in quants}
        self.assertEqual(
            dates,
            {
                "FP-000": False,
                "FP-001": datetime.date(2025, 3, 1),
                "FP-002": False,
                "FP-003": datetime.date(2025, 1, 10),
                "FP-004": datetime.date(2024, 12, 1),
                "FP-005": datetime.date(2025, 1, 10),
            },
        )

    def test_category_strategy_reserves_in_production_order(self):
        self.category.removal_strategy_id = self.fpfo
        self._receive_mixed()
        first = self._deliver(count=4)
        # Oldest first; FP-003 and FP-005 share a date: by serial.
        self.assertEqual(
            first.move_line_ids.sorted("id").lot_id.mapped("name"),
            ["FP-004", "FP-003", "FP-005", "FP-001"],
        )
        self._validate(first)
        self.assertEqual(
            set(first.move_line_ids.lot_id.mapped("lifecycle_state")), {"shipped"}
        )
        # Then those without a date, by serial.
        second = self._deliver(count=2)
        self.assertEqual(
            second.move_line_ids.sorted("id").lot_id.mapped("name"),
            ["FP-000", "FP-002"],
        )
        self._validate(second)
        self.assertEqual(
            second.move_line_ids.lot_id.mapped("lifecycle_state"),
            ["shipped", "shipped"],
        )

    def test_location_strategy_applies_when_the_category_has_none(self):
        self.assertFalse(self.category.removal_strategy_id)
        self.stock_location.removal_strategy_id = self.fpfo
        self._receive_mixed()
        delivery = self._deliver(count=1)
        self.assertEqual(delivery.move_line_ids.lot_id.name, "FP-004")
        self._validate(delivery)

    def test_without_dates_serials_go_by_name(self):
        self.category.removal_strategy_id = self.fpfo
        self._receive(["ND-3", "ND-1", "ND-2"])
        delivery = self._deliver(count=2)
        self.assertEqual(
            delivery.move_line_ids.sorted("id").lot_id.mapped("name"), ["ND-1", "ND-2"]
        )
        self._validate(delivery)

    def test_a_date_set_on_the_serial_form_changes_the_order(self):
        self.category.removal_strategy_id = self.fpfo
        self._receive_mixed()
        self._lots("FP-002").production_date = "2020-05-05"
        delivery = self._deliver(count=1)
        self.assertEqual(delivery.move_line_ids.lot_id.name, "FP-002")
        self._validate(delivery)

    def test_fifo_ignores_production_dates(self):
        """Without the strategy, Odoo's FIFO (incoming date) still rules."""
        self._receive(["OLD-9"])
        self._lots("OLD-9").production_date = "2025-06-01"
        quant = self.env["stock.quant"].search(
            [
                ("lot_id", "=", self._lots("OLD-9").id),
                ("location_id", "=", self.stock_location.id),
            ]
        )
        self.env.cr.execute(
            "UPDATE stock_quant SET in_date = in_date - interval '10 days' "
            "WHERE id = %s",
            (quant.id,),
        )
        self.env.invalidate_all()
        self._receive([label("NEW-1", "200101")])
        delivery = self._deliver(count=1)
        self.assertEqual(delivery.move_line_ids.lot_id.name, "OLD-9")
        self.category.removal_strategy_id = self.fpfo
        delivery.do_unreserve()
        delivery.action_assign()
        self.assertEqual(delivery.move_line_ids.lot_id.name, "NEW-1")
        self._validate(delivery)

    def test_upgrade_fills_the_quants_in_one_update(self):
        """On a database that had production dates before the quants stored them (an
        upgrade)."""
        self._receive_mixed()
        cr = self.env.cr
        self.env.flush_all()
        cr.execute("ALTER TABLE stock_quant DROP COLUMN production_date")
        self.env["stock.quant"]._serial_create_production_date_column()
        cr.execute(
            """
            SELECT lot.name, quant.production_date FROM stock_quant quant JOIN stock_lot
                lot ON lot.id = quant.lot_id
             WHERE quant.location_id = %s AND quant.product_id = %s ORDER BY lot.name
        """,
            (self.stock_location.id, self.product.id),
        )
        self.assertEqual(
            cr.fetchall(),
            [
                ("FP-000", None),
                ("FP-001", datetime.date(2025, 3, 1)),
                ("FP-002", None),
                ("FP-003", datetime.date(2025, 1, 10)),
                ("FP-004", datetime.date(2024, 12, 1)),
                ("FP-005", datetime.date(2025, 1, 10)),
            ],
        )
