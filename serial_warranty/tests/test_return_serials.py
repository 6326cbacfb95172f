from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SerialWarrantyCase


@tagged("post_install", "-at_install")
class TestReturnSerials(SerialWarrantyCase):
    """A customer return carries exactly the serials chosen in the wizard,
    whatever the product's warranty terms (issue 17)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A serial product without warranty terms: no return policy.
        cls.plain = cls.env["product.product"].create(
            {
                "name": "Plain Drill",
                "is_storable": True,
                "tracking": "serial",
                "sale_ok": True,
                "categ_id": cls.category.id,
                "warranty_custom_terms": True,
                "warranty_duration": 0,
                "warranty_return_days": 0,
            }
        )

    def setUp(self):
        super().setUp()
        self._receive(["PD-001", "PD-002", "PD-003"], product=self.plain)
        self.first, self.second, self.third = self._lots(
            "PD-001", "PD-002", "PD-003", product=self.plain
        )
        self.delivery = self._sell(self.first | self.second | self.third)

    def _reserved(self, picking):
        return picking.move_line_ids.filtered("quantity").lot_id

    def test_the_chosen_serial_comes_back_without_terms(self):
        self.assertFalse(self.plain.product_tmpl_id._warranty_governs_returns())
        return_picking = self._create_return(self.delivery, self.second)
        self.assertEqual(self._reserved(return_picking), self.second)
        # Reserving again does not bring Odoo's own choice (the first serial shipped)
        # back.
        return_picking.action_assign()
        self.assertEqual(self._reserved(return_picking), self.second)
        return_picking.do_unreserve()
        return_picking.action_assign()
        self.assertEqual(self._reserved(return_picking), self.second)
        self.assertEqual(return_picking.move_ids.warranty_chosen_lot_ids, self.second)
        self._validate(return_picking)
        self.assertEqual(self.second.lifecycle_state, "returned")
        self.assertEqual(
            (self.first | self.third).mapped("lifecycle_state"), ["shipped", "shipped"]
        )

    def test_the_chosen_serials_come_back_under_terms(self):
        self._receive(["RS-001", "RS-002", "RS-003"])
        lots = self._lots("RS-001", "RS-002", "RS-003")
        delivery = self._sell(lots)
        return_picking = self._create_return(delivery, lots[1:])
        return_picking.do_unreserve()
        return_picking.action_assign()
        self.assertEqual(self._reserved(return_picking), lots[1:])
        self._validate(return_picking)
        self.assertEqual(
            lots.mapped("lifecycle_state"), ["shipped", "returned", "returned"]
        )

    def test_a_serial_already_back_is_refused_by_name(self):
        self._validate(self._create_return(self.delivery, self.second))
        with self.assertRaisesRegex(
            UserError,
            "No return was created;.*\n - PD-002 has already come back "
            "from Customer Ada",
        ):
            self._create_return(self.delivery, self.second)
        self.assertEqual(len(self.delivery.return_ids), 1)
        self.assertEqual(
            self.first.lifecycle_state,
            "shipped",
            "Odoo did not return another serial instead",
        )

    def test_a_serial_never_on_that_delivery_is_refused_by_name(self):
        self._receive(["PD-004"], product=self.plain)
        other = self._lots("PD-004", product=self.plain)
        self._sell(other, partner=self.other_customer)
        with self.assertRaisesRegex(
            UserError,
            f"PD-004 was not shipped to Customer Ada on {self.delivery.name}",
        ):
            self._create_return(self.delivery, other)
        self.assertFalse(self.delivery.return_ids)

    def test_a_serial_already_on_an_open_return_is_refused(self):
        pending = self._create_return(self.delivery, self.second)
        with self.assertRaisesRegex(
            UserError,
            f"PD-002 is already on return {pending.name}, not validated yet",
        ):
            self._create_return(self.delivery, self.second)
        # A manager's reason does not force back a serial that is not at the customer.
        with self.assertRaisesRegex(
            UserError, f"PD-002 is already on return {pending.name}"
        ):
            self._create_return(
                self.delivery, self.second, force_reason="Sure", user=self.manager
            )
        pending.action_cancel()
        self._validate(self._create_return(self.delivery, self.second))

    def test_the_quantity_is_the_number_of_serials_chosen(self):
        wizard = self._return_wizard(self.delivery, self.second)
        wizard.product_return_moves.quantity = 2
        with self.assertRaisesRegex(
            UserError,
            "Choose which serials come back \\(as many as the quantity\\) "
            "for: Plain Drill",
        ):
            wizard.action_create_returns()
        # Serials chosen on a line with no quantity are not dropped in silence either.
        wizard.product_return_moves.quantity = 0
        with self.assertRaisesRegex(UserError, "Choose which serials come back"):
            wizard.action_create_returns()
        self.assertFalse(self.delivery.return_ids)

    def test_a_serial_swapped_by_hand_is_refused_at_validation_without_terms(self):
        return_picking = self._create_return(self.delivery, self.second)
        return_picking.move_line_ids.lot_id = self.first
        return_picking.move_ids.picked = True
        with self.assertRaisesRegex(
            UserError,
            "Nothing was validated;.*\n - PD-001 was not chosen to come back "
            "on this return \\(chosen: PD-002\\)",
        ):
            return_picking.button_validate()
        self.assertEqual(self.first.lifecycle_state, "shipped")
        # A serial added next to the chosen one is refused too.
        return_picking.move_line_ids.lot_id = self.second
        self.env["stock.move.line"].create(
            {
                "move_id": return_picking.move_ids.id,
                "picking_id": return_picking.id,
                "product_id": self.plain.id,
                "lot_id": self.third.id,
                "quantity": 1,
                "picked": True,
                "location_id": return_picking.location_id.id,
                "location_dest_id": return_picking.location_dest_id.id,
            }
        )
        with self.assertRaisesRegex(UserError, "PD-003 was not chosen to come back"):
            return_picking.button_validate()
        return_picking.move_line_ids.filtered(
            lambda line: line.lot_id == self.third
        ).unlink()
        self._validate(return_picking)
        self.assertEqual(self.second.lifecycle_state, "returned")

    def test_a_serial_swapped_by_hand_is_refused_at_validation_under_terms(self):
        self._receive(["RS-011", "RS-012"])
        chosen, other = self._lots("RS-011", "RS-012")
        delivery = self._sell(chosen | other)
        return_picking = self._create_return(delivery, chosen)
        # The other serial is at the customer and may come back, but nobody chose it.
        return_picking.move_line_ids.lot_id = other
        return_picking.move_ids.picked = True
        with self.assertRaisesRegex(
            UserError, "RS-012 was not chosen to come back on this return"
        ):
            return_picking.button_validate()
        self.assertEqual(other.lifecycle_state, "shipped")

    def test_without_a_choice_the_serials_are_picked_at_validation(self):
        wizard = (
            self.env["stock.return.picking"]
            .with_context(
                active_id=self.delivery.id,
                active_model="stock.picking",
            )
            .create({})
        )
        wizard.product_return_moves.quantity = 2
        return_picking = self.env["stock.picking"].browse(
            wizard.action_create_returns()["res_id"]
        )
        # Two units come back; which ones, the user says: Odoo does not guess.
        self.assertEqual(return_picking.move_ids.product_uom_qty, 2)
        self.assertEqual(len(return_picking.move_line_ids), 2)
        self.assertFalse(return_picking.move_line_ids.lot_id)
        return_picking.action_assign()
        self.assertFalse(return_picking.move_line_ids.lot_id)
        return_picking.move_ids.picked = True
        with self.assertRaisesRegex(
            UserError, "You need to supply a Lot/Serial number"
        ):
            return_picking.button_validate()
        for line, lot in zip(
            return_picking.move_line_ids, self.third | self.first, strict=False
        ):
            line.lot_id = lot
        self._validate(return_picking)
        self.assertEqual(
            (self.first | self.second | self.third).mapped("lifecycle_state"),
            ["returned", "shipped", "returned"],
        )

    def test_a_backorder_expects_the_chosen_serials_still_to_come(self):
        return_picking = self._create_return(self.delivery, self.first | self.third)
        return_picking.move_line_ids.filtered(
            lambda line: line.lot_id == self.first
        ).picked = True
        backorder_wizard = return_picking.button_validate()
        self.env[backorder_wizard["res_model"]].with_context(
            **backorder_wizard["context"]
        ).process()
        backorder = return_picking.backorder_ids
        self.assertEqual(backorder.move_ids.warranty_chosen_lot_ids, self.third)
        self.assertEqual(self._reserved(backorder), self.third)
        self.assertEqual(self.first.lifecycle_state, "returned")
        backorder.move_line_ids.lot_id = self.second
        backorder.move_ids.picked = True
        with self.assertRaisesRegex(
            UserError,
            "PD-002 was not chosen to come back on this return " "\\(chosen: PD-003\\)",
        ):
            backorder.button_validate()
        backorder.move_line_ids.lot_id = self.third
        self._validate(backorder)
        self.assertEqual(self.third.lifecycle_state, "returned")

    def test_a_vendor_return_keeps_odoos_behaviour(self):
        receipt = self._receive(["PD-101"], product=self.plain)
        wizard = (
            self.env["stock.return.picking"]
            .with_context(
                active_id=receipt.id,
                active_model="stock.picking",
            )
            .create({})
        )
        self.assertFalse(wizard.is_customer_return)
        wizard.product_return_moves.write({"quantity": 1, "lot_ids": [Command.clear()]})
        return_picking = self.env["stock.picking"].browse(
            wizard.action_create_returns()["res_id"]
        )
        self.assertEqual(return_picking.move_line_ids.lot_id.name, "PD-101")
