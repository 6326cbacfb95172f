"""Serials bought with a purchase order and sold with a sales order.

Cross-module flows: they need `purchase_stock` and `sale_stock`, which
`setup/test` installs in the test database next to our modules.
"""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from odoo.addons.serial_lifecycle.tests.common import SerialLifecycleCase


@tagged("post_install", "-at_install")
class TestSalePurchaseFlows(SerialLifecycleCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product.write(
            {
                "purchase_ok": True,
                "sale_ok": True,
                "list_price": 300,
                "standard_price": 200,
            }
        )

    def _buy(self, serials):
        order = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_qty": len(serials),
                            "price_unit": 200,
                        }
                    )
                ],
            }
        )
        order.button_confirm()
        receipt = order.picking_ids
        self.assertEqual(len(receipt), 1)
        for line, serial in zip(receipt.move_line_ids, serials, strict=False):
            line.lot_name = serial
        self._validate(receipt)
        return order, receipt

    def _sell(self, partner, quantity):
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": quantity}
                    )
                ],
            }
        )
        order.action_confirm()
        return order, order.picking_ids

    def test_purchase_order_to_receipt(self):
        order, receipt = self._buy(["PO-0001", "PO-0002"])
        lots = self._lots("PO-0001", "PO-0002")
        self.assertEqual(lots.mapped("lifecycle_state"), ["available", "available"])
        event = lots[0].lifecycle_event_ids
        self.assertEqual(event.event_type, "receipt")
        self.assertEqual(event.partner_id, self.vendor)
        self.assertEqual(event.picking_id, receipt)
        self.assertEqual(event.move_id.purchase_line_id, order.order_line)
        self.assertEqual(order.order_line.qty_received, 2)

    def test_purchase_receipt_against_the_announced_serials(self):
        order = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_qty": 2,
                            "price_unit": 200,
                        }
                    )
                ],
            }
        )
        order.button_confirm()
        receipt = order.picking_ids
        self.env["stock.picking.asn.wizard"].create(
            {
                "picking_id": receipt.id,
                "product_id": self.product.id,
                "serial_text": "POASN-1\nPOASN-2",
            }
        ).action_announce()
        with self.assertRaisesRegex(UserError, f"not announced for {receipt.name}"):
            receipt.move_line_ids[0].lot_name = "POASN-7"
        receipt.move_line_ids[0].lot_name = "POASN-1"
        receipt.move_line_ids[1].unlink()
        receipt.move_line_ids.picked = True
        Form.from_action(self.env, receipt.button_validate()).save().process()
        backorder = order.picking_ids - receipt
        self.assertEqual(order.order_line.qty_received, 1)
        self.assertEqual(backorder.serial_asn_line_ids.mapped("name"), ["POASN-2"])
        backorder.move_line_ids.lot_name = "POASN-2"
        self._validate(backorder)
        self.assertEqual(order.order_line.qty_received, 2)

    def test_sales_order_to_delivery_and_return(self):
        self._buy(["SO-0001", "SO-0002", "SO-0003"])
        order, delivery = self._sell(self.customer, 2)
        delivery.action_assign()
        sold = delivery.move_line_ids.lot_id
        self.assertEqual(len(sold), 2)
        self.assertEqual(set(sold.mapped("lifecycle_state")), {"allocated"})
        self._validate(delivery)
        self.assertEqual(set(sold.mapped("lifecycle_state")), {"shipped"})
        self.assertEqual(sold.lifecycle_partner_id, self.customer)
        self.assertEqual(order.order_line.qty_delivered, 2)
        self.assertEqual(
            self._events(sold[0])[-1].move_id.sale_line_id, order.order_line
        )

        self._return(delivery, sold[:1])
        self.assertEqual(sold[0].lifecycle_state, "returned")
        self.assertEqual(sold[1].lifecycle_state, "shipped")
        self.assertEqual(order.order_line.qty_delivered, 1)

    def test_a_salesperson_confirming_an_order_allocates_serials(self):
        self._buy(["SO-0101"])
        salesperson = self.env["res.users"].create(
            {
                "name": "Sam Sales",
                "login": "sam_sales_lifecycle",
                "groups_id": [
                    Command.set([self.env.ref("sales_team.group_sale_salesman").id])
                ],
            }
        )
        order = (
            self.env["sale.order"]
            .with_user(salesperson)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "product_uom_qty": 1}
                        )
                    ],
                }
            )
        )
        self.warehouse.out_type_id.reservation_method = "at_confirm"
        order.action_confirm()
        self.assertEqual(order.picking_ids.move_line_ids.lot_id.name, "SO-0101")
        lot = self._lots("SO-0101")
        self.assertEqual(lot.lifecycle_state, "allocated")
