from odoo import Command, fields
from odoo.tests import Form, new_test_user

from odoo.addons.serial_lifecycle.tests.common import SerialLifecycleCase


class SerialWarrantyCase(SerialLifecycleCase):
    """Serial products under warranty, sold with real sales orders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.partner_id.tz = "UTC"
        cls.category.write(
            {
                "warranty_duration": 12,
                "warranty_unit": "months",
                "warranty_trigger": "shipment",
                "warranty_return_days": 30,
            }
        )
        cls.product.write({"sale_ok": True, "list_price": 300})
        cls.manager = new_test_user(
            cls.env,
            "warranty_manager",
            groups="stock.group_stock_manager,sales_team.group_sale_salesman",
        )
        cls.stock_user = new_test_user(
            cls.env,
            "warranty_stock_user",
            groups="stock.group_stock_user,sales_team.group_sale_salesman",
        )

    def _sell(self, lots, partner=None):
        """Sell ``lots`` with a sales order and validate its delivery."""
        order = self.env["sale.order"].create(
            {
                "partner_id": (partner or self.customer).id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": lots[0].product_id.id,
                            "product_uom_qty": len(lots),
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        delivery = order.picking_ids
        self._pick_serials(delivery, lots)
        return self._validate(delivery)

    def _install(self, lot, partner=None, when=None):
        return lot._lifecycle_apply_manual_action(
            "installed",
            when or fields.Datetime.now(),
            "Installed on site",
            partner=partner or self.customer,
        )

    def _return_wizard(self, delivery, lots, force_reason=None, user=None):
        wizard = (
            self.env["stock.return.picking"]
            .with_user(user or self.env.user)
            .with_context(
                active_id=delivery.id,
                active_model="stock.picking",
            )
            .create({"force_reason": force_reason})
        )
        line = wizard.product_return_moves[:1]
        line.write({"lot_ids": [Command.set(lots.ids)], "quantity": len(lots)})
        return wizard

    def _create_return(self, delivery, lots, **kwargs):
        wizard = self._return_wizard(delivery, lots, **kwargs)
        action = wizard.action_create_returns()
        return self.env["stock.picking"].browse(action["res_id"])

    def _claim(self, serial, partner=None, user=None, **values):
        form = Form(self.env["serial.warranty.claim"].with_user(user or self.env.user))
        form.serial_name = serial
        if partner:
            form.partner_id = partner
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()


class ShippedSerialsMixin:
    """For browser tests, whose data must be committed: serials received and shipped."""

    def _shipped_serial(self, serial, product_name, customer_name):
        """A serial of a product under warranty, received and delivered; (lot,
        delivery)."""
        lots, delivery = self._shipped_serials([serial], product_name, customer_name)
        self.assertEqual(lots.warranty_state, "active")
        return lots, delivery

    def _shipped_serials(self, serials, product_name, customer_name, warranty_years=2):
        """Serials of one product, received and delivered together; (lots, delivery)."""
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        category = env["product.category"].create(
            {
                "name": "Tour Covered",
                "warranty_duration": warranty_years,
                "warranty_unit": "years",
            }
        )
        product = env["product.product"].create(
            {
                "name": product_name,
                "is_storable": True,
                "tracking": "serial",
                "categ_id": category.id,
            }
        )
        customer = env["res.partner"].create({"name": customer_name})
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )
        suppliers, customers = (
            env.ref("stock.stock_location_suppliers"),
            env.ref("stock.stock_location_customers"),
        )

        def transfer(picking_type, partner, source, destination):
            picking = env["stock.picking"].create(
                {
                    "picking_type_id": picking_type.id,
                    "partner_id": partner.id,
                    "location_id": source.id,
                    "location_dest_id": destination.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": product.name,
                                "product_id": product.id,
                                "product_uom_qty": len(serials),
                                "product_uom": product.uom_id.id,
                                "location_id": source.id,
                                "location_dest_id": destination.id,
                            }
                        )
                    ],
                }
            )
            picking.action_confirm()
            return picking

        receipt = transfer(
            warehouse.in_type_id, customer, suppliers, warehouse.lot_stock_id
        )
        for line, serial in zip(receipt.move_line_ids, serials, strict=False):
            line.lot_name = serial
        receipt.move_ids.picked = True
        receipt.button_validate()
        lots = receipt.move_line_ids.lot_id.sorted("name")
        delivery = transfer(
            warehouse.out_type_id, customer, warehouse.lot_stock_id, customers
        )
        delivery.action_assign()
        delivery.move_ids.picked = True
        delivery.button_validate()
        self.assertEqual(delivery.move_line_ids.lot_id, lots)
        return lots, delivery
