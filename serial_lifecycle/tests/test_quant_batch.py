from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from ..models.stock_quant_batch import BATCH_PARAMETER
from .common import SerialLifecycleCase


@tagged("post_install", "-at_install")
class TestQuantBatch(SerialLifecycleCase):
    """The batched serial paths leave the stock as Odoo's per-line code leaves it."""

    def _batch(self, enabled):
        self.env["ir.config_parameter"].sudo().set_param(BATCH_PARAMETER, str(enabled))

    def _stock_view(self, lots, prefix):
        """What the Inventory screens show of these serials: quants, reservations."""
        quants = self.env["stock.quant"].search([("lot_id", "in", lots.ids)])
        return sorted(
            (
                quant.lot_id.name.removeprefix(prefix),
                quant.location_id.complete_name,
                quant.quantity,
                quant.reserved_quantity,
                quant.package_id and "package" or "",
            )
            for quant in quants
        )

    def _flow(self, prefix, count):
        """Receive, reserve and deliver ``count`` serials; the views after each step."""
        serials = ["%s%03d" % (prefix, number) for number in range(1, count + 1)]
        self._receive(serials)
        lots = self._lots(*serials)
        views = [self._stock_view(lots, prefix)]
        delivery = self._deliver(count)
        views.append(self._stock_view(lots, prefix))
        views.append(
            (
                delivery.state,
                sorted(delivery.move_line_ids.lot_id.mapped("name")) == serials,
                set(lots.mapped("lifecycle_state")),
            )
        )
        self._validate(delivery)
        views.append(self._stock_view(lots, prefix))
        views.append(sorted(set(lots.mapped("lifecycle_state"))))
        return views, lots, delivery

    def test_receipt_reservation_and_delivery_match_odoo(self):
        self._batch(False)
        odoo_views, __, __ = self._flow("OFF-", 6)
        self._batch(True)
        batch_views, lots, delivery = self._flow("ON-", 6)
        self.assertEqual(batch_views, odoo_views)
        # And what Odoo's path gives, said plainly.
        stock = self.stock_location.complete_name
        customers = self.customer_location.complete_name
        self.assertEqual(
            [row[1:4] for row in batch_views[1] if row[0] == "001"],
            [("Partners/Vendors", -1.0, 0.0), (stock, 1.0, 1.0)],
        )
        self.assertEqual(batch_views[2], ("assigned", True, {"allocated"}))
        self.assertEqual(
            [row[1:4] for row in batch_views[3] if row[0] == "001"],
            [(customers, 1.0, 0.0), ("Partners/Vendors", -1.0, 0.0), (stock, 0.0, 0.0)],
        )
        self.assertEqual(batch_views[4], ["shipped"])
        # A delivered unit keeps the date it came in.
        customer_quant = self.env["stock.quant"].search(
            [
                ("lot_id", "=", lots[0].id),
                ("location_id", "=", self.customer_location.id),
            ]
        )
        stock_quant = self.env["stock.quant"].search(
            [("lot_id", "=", lots[0].id), ("location_id", "=", self.stock_location.id)]
        )
        self.assertEqual(customer_quant.in_date, stock_quant.in_date)
        self.assertEqual(
            self._events(lots[0]).mapped("event_type"),
            ["receipt", "allocation", "delivery"],
        )

    def test_batch_takes_fewer_queries_than_odoo_per_serial(self):
        counts = {}
        for enabled in (False, True):
            self._batch(enabled)
            prefix = f"Q{int(enabled)}-"
            receipt = self._create_picking(
                self.warehouse.in_type_id, self.vendor, quantity=20
            )
            for number, line in enumerate(receipt.move_line_ids, 1):
                line.lot_name = "%s%03d" % (prefix, number)
            receipt.move_ids.picked = True
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            self._validate(receipt)
            self.env.flush_all()
            delivery = self._create_picking(
                self.warehouse.out_type_id, self.customer, quantity=20
            )
            delivery.action_assign()
            self.env.flush_all()
            counts[enabled] = self.env.cr.sql_log_count - before
            self.assertEqual(delivery.state, "assigned")
            self.assertEqual(len(delivery.move_line_ids), 20)
            delivery.do_unreserve()
        self.assertLess(counts[True], counts[False] - 40, counts)

    def test_a_line_put_in_a_package_keeps_odoo_path(self):
        self._batch(True)
        self._receive(["PK-001", "PK-002", "PK-003"])
        lots = self._lots("PK-001", "PK-002", "PK-003")
        delivery = self._deliver(3)
        package = self.env["stock.quant.package"].create({"name": "Box PK"})
        packed = delivery.move_line_ids.filtered(lambda line: line.lot_id == lots[0])
        packed.result_package_id = package
        self._validate(delivery)
        at_customer = self.env["stock.quant"].search(
            [
                ("lot_id", "in", lots.ids),
                ("location_id", "=", self.customer_location.id),
            ]
        )
        self.assertEqual(
            sorted(
                (q.lot_id.name, q.quantity, q.package_id.name or "")
                for q in at_customer
            ),
            [("PK-001", 1.0, "Box PK"), ("PK-002", 1.0, ""), ("PK-003", 1.0, "")],
        )
        self.assertEqual(set(lots.mapped("lifecycle_state")), {"shipped"})

    def test_partial_availability_reserves_what_is_there(self):
        self._batch(True)
        self._receive(["PA-001", "PA-002", "PA-003"])
        delivery = self._deliver(5)
        self.assertEqual(delivery.move_ids.state, "partially_available")
        self.assertEqual(
            sorted(delivery.move_line_ids.lot_id.mapped("name")),
            ["PA-001", "PA-002", "PA-003"],
        )
        reserved = self.env["stock.quant"].search(
            [
                ("lot_id", "in", delivery.move_line_ids.lot_id.ids),
                ("location_id", "=", self.stock_location.id),
            ]
        )
        self.assertEqual(reserved.mapped("reserved_quantity"), [1.0, 1.0, 1.0])
        delivery.do_unreserve()
        self.assertEqual(reserved.mapped("reserved_quantity"), [0.0, 0.0, 0.0])
        self.assertEqual(set(reserved.lot_id.mapped("lifecycle_state")), {"available"})

    def test_a_batch_refuses_a_serial_twice_in_one_place_with_odoo_message(self):
        self._receive(["TW-001"])
        lot = self._lots("TW-001")
        with self.assertRaisesRegex(
            ValidationError, "The serial number has already been assigned"
        ):
            self.env["stock.quant"]._serial_batch_create(
                [
                    {
                        "product_id": self.product.id,
                        "location_id": self.stock_location.id,
                        "lot_id": lot.id,
                        "quantity": 1.0,
                    }
                ]
            )

    def test_only_an_administrator_changes_the_setting(self):
        settings = self.env["res.config.settings"].create({})
        self.assertTrue(settings.serial_batch_stock_updates)
        settings.serial_batch_stock_updates = False
        settings.set_values()
        self.assertFalse(self.env["stock.quant"]._serial_batch_enabled())
        manager = self.env["res.users"].create(
            {
                "name": "Stock Manager",
                "login": "batch_stock_manager",
                "groups_id": [(6, 0, [self.env.ref("stock.group_stock_manager").id])],
            }
        )
        settings = self.env["res.config.settings"].with_user(manager).new({})
        settings.serial_batch_stock_updates = True
        with self.assertRaisesRegex(AccessError, "Only an administrator"):
            settings.set_values()
        self.assertFalse(self.env["stock.quant"]._serial_batch_enabled())
