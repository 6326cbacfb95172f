from odoo import Command

from odoo.addons.serial_lifecycle.tests.common import SerialLifecycleCase


class SerialRecallCase(SerialLifecycleCase):
    """Serials received from two suppliers, sold to two customers, one reserved and one
    scrapped.

    SN-000100..109 come from Northwind on a purchase order, produced in
    January; SN-000110..119 from Southwind on a plain receipt, produced in
    March. Ada holds 100 and 101, Bob holds 102 and 110; 103 is reserved on
    a delivery to Ada; 104 is scrapped; the rest is in stock. Bob bought his
    on a sales order.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.second_vendor = cls.env["res.partner"].create({"name": "Southwind Parts"})
        cls.customer.email = "ada@example.com"
        cls.other_customer.email = "bob@example.com"

    def setUp(self):
        super().setUp()
        self.purchase = self._purchase(
            ["SN-%06d" % number for number in range(100, 110)], self.vendor
        )
        self._lots(
            *("SN-%06d" % number for number in range(100, 110))
        ).production_date = "2026-01-10"
        self._receive(
            ["SN-%06d" % number for number in range(110, 120)],
            partner=self.second_vendor,
        )
        self._lots(
            *("SN-%06d" % number for number in range(110, 120))
        ).production_date = "2026-03-01"
        self.to_ada = self._validate(
            self._deliver(2, lots=self._lots("SN-000100", "SN-000101"))
        )
        self.to_bob = self._sell(
            self.other_customer, self._lots("SN-000102", "SN-000110")
        )
        self.pending_delivery = self._deliver(1, lots=self._lots("SN-000103"))
        scrap = self.env["stock.scrap"].create(
            {
                "product_id": self.product.id,
                "lot_id": self._lots("SN-000104").id,
                "scrap_qty": 1,
                "location_id": self.stock_location.id,
            }
        )
        scrap.do_scrap()

    def _purchase(self, serials, vendor):
        order = self.env["purchase.order"].create(
            {
                "partner_id": vendor.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_qty": len(serials),
                            "price_unit": 10.0,
                        }
                    )
                ],
            }
        )
        order.button_confirm()
        receipt = order.picking_ids
        for line, serial in zip(receipt.move_line_ids, serials, strict=False):
            line.lot_name = serial
        self._validate(receipt)
        return order

    def _sell(self, partner, lots):
        """Sell ``lots`` to ``partner`` on a sales order and ship them; return the
        delivery."""
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": len(lots)}
                    )
                ],
            }
        )
        order.action_confirm()
        delivery = order.picking_ids
        self._pick_serials(delivery, lots)
        return self._validate(delivery)

    def _campaign(self, *criteria, title="Overheating battery"):
        return self.env["serial.recall.campaign"].create(
            {
                "title": title,
                "reason": "Cells may overheat while charging.",
                "criterion_ids": [Command.create(vals) for vals in criteria],
            }
        )

    def _range(self, first, last):
        return {
            "criterion_type": "range",
            "product_id": self.product.id,
            "serial_from": first,
            "serial_to": last,
        }

    def _units(self, campaign, *names):
        units = campaign.unit_ids.filtered(lambda unit: unit.lot_id.name in names)
        self.assertEqual(len(units), len(names))
        return units
