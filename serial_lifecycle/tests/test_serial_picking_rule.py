from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.serial_lifecycle.models.stock_move import RESERVATION_SCOPE
from odoo.addons.serial_lifecycle.tests.common import SerialLifecycleCase
from odoo.addons.serial_lifecycle.tools import ledger_guard

SERIALS = ["SN-%06d" % number for number in range(1, 11)]


@tagged("post_install", "-at_install")
class TestSerialPickingRule(SerialLifecycleCase):
    """Picking rules: a range reserved first, a range never reserved, per company and
    operation type."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rule = cls.env["stock.serial.picking.rule"]
        receipt = cls.env["stock.picking"].create(
            {
                "picking_type_id": cls.warehouse.in_type_id.id,
                "partner_id": cls.vendor.id,
                "location_id": cls.supplier_location.id,
                "location_dest_id": cls.stock_location.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": "Phones",
                            "product_id": cls.product.id,
                            "product_uom_qty": len(SERIALS),
                            "product_uom": cls.product.uom_id.id,
                            "location_id": cls.supplier_location.id,
                            "location_dest_id": cls.stock_location.id,
                        }
                    )
                ],
            }
        )
        receipt.action_confirm()
        for line, name in zip(
            receipt.move_line_ids.sorted("id"), SERIALS, strict=False
        ):
            line.lot_name = name
        receipt.move_ids.picked = True
        receipt.button_validate()
        assert receipt.state == "done", receipt.state

    def _rule(self, mode, first, last, **vals):
        return self.Rule.create(
            dict(
                {
                    "name": "Units kept for testing"
                    if mode == "exclude"
                    else "Demo units first",
                    "product_id": self.product.id,
                    "mode": mode,
                    "serial_from": first,
                    "serial_to": last,
                },
                **vals,
            )
        )

    def _reserved(self, picking):
        return picking.move_line_ids.sorted("id").lot_id.mapped("name")

    # -- Reserve First ---------------------------------------------------

    def test_preferred_range_is_reserved_first(self):
        self._rule("prefer", "SN-000008", "SN-000009")
        delivery = self._deliver(count=3)
        self.assertEqual(
            self._reserved(delivery), ["SN-000008", "SN-000009", "SN-000001"]
        )
        self._validate(delivery)
        self.assertEqual(self._lots("SN-000008").lifecycle_state, "shipped")
        # The range used up, the others follow in the strategy's order.
        second = self._deliver(count=1)
        self.assertEqual(self._reserved(second), ["SN-000002"])

    def test_preferred_range_keeps_the_production_order_inside(self):
        self.category.removal_strategy_id = self.env.ref(
            "serial_lifecycle.removal_fpfo"
        )
        lots = self._lots(*SERIALS)
        for lot, date in zip(
            lots, ["2025-01-%02d" % day for day in range(20, 10, -1)], strict=False
        ):
            lot.production_date = date  # SN-000010 oldest
        self._rule("prefer", "SN-000002", "SN-000004")
        delivery = self._deliver(count=4)
        self.assertEqual(
            self._reserved(delivery),
            ["SN-000004", "SN-000003", "SN-000002", "SN-000010"],
        )
        self._validate(delivery)

    # -- Never Reserve ---------------------------------------------------

    def test_excluded_range_is_never_reserved(self):
        self._rule("exclude", "SN-000001", "SN-000005")
        delivery = self._deliver(count=7)
        self.assertEqual(self._reserved(delivery), SERIALS[5:])
        self.assertEqual(delivery.move_ids.quantity, 5)
        self.assertEqual(
            delivery.state, "assigned"
        )  # partially available, Odoo's default move type
        self.assertEqual(delivery.move_ids.state, "partially_available")
        delivery.move_ids.picked = True
        Form.from_action(
            self.env, delivery.button_validate()
        ).save().process_cancel_backorder()
        self.assertEqual(delivery.state, "done")
        self.assertEqual(
            set(self._lots(*SERIALS[5:]).mapped("lifecycle_state")), {"shipped"}
        )
        self.assertEqual(
            set(self._lots(*SERIALS[:5]).mapped("lifecycle_state")), {"available"}
        )
        # Only excluded serials left: nothing is reserved.
        nothing = self._deliver(count=1)
        self.assertFalse(nothing.move_line_ids)
        self.assertEqual(nothing.state, "confirmed")

    def test_excluded_serial_picked_by_hand_is_refused_naming_the_rule(self):
        self._rule("exclude", "SN-000001", "SN-000005")
        delivery = self._create_picking(
            self.warehouse.out_type_id, self.customer, quantity=1
        )
        message = (
            r"These serial numbers cannot be picked:\n - SN-000003 \(Tracked "
            rf"Phone\) is kept out of {delivery.name} "
            r"by the picking rule \"Units kept for testing\" \(never reserve "
            r"SN-000001 to SN-000005\)\n"
            r"Choose other serials"
        )
        # assertRaises (Odoo's) rolls back to a savepoint, as the request would.
        with self.assertRaises(UserError) as refusal:
            self._pick_serials(delivery, self._lots("SN-000003"))
        self.assertRegex(refusal.exception.args[0], message)
        self.assertFalse(delivery.move_line_ids)
        self.assertEqual(self._lots("SN-000003").lifecycle_state, "available")
        # Changing the serial of a reserved line by hand is refused the same way.
        delivery.action_assign()
        self.assertEqual(self._reserved(delivery), ["SN-000006"])
        with self.assertRaisesRegex(
            UserError, r"SN-000001 \(Tracked Phone\) is kept out of"
        ):
            delivery.move_line_ids.lot_id = self._lots("SN-000001")
        # Another serial by hand is fine, and the delivery goes to the end.
        delivery.move_line_ids.lot_id = self._lots("SN-000009")
        self._validate(delivery)
        self.assertEqual(self._lots("SN-000009").lifecycle_state, "shipped")

    def test_excluded_serial_scanned_into_a_delivery_is_refused(self):
        self._rule("exclude", "SN-000001", "SN-000005")
        delivery = self._create_picking(
            self.warehouse.out_type_id, self.customer, quantity=1
        )
        Scan = self.env["serial.scan"]
        session = Scan.scan(delivery.name)["session"]
        answer = Scan.scan("SN-000002", session)
        self.assertEqual(answer["kind"], "error")
        self.assertIn(
            f"SN-000002 (Tracked Phone) is kept out of {delivery.name} by "
            "the picking rule "
            '"Units kept for testing"',
            answer["message"],
        )
        self.assertFalse(delivery.move_line_ids)
        answer = Scan.scan("SN-000007", answer["session"])
        self.assertEqual(answer["kind"], "serial", answer["message"])
        self._validate(delivery)
        self.assertEqual(self._lots("SN-000007").lifecycle_state, "shipped")

    def test_rule_of_one_operation_type_leaves_the_others_alone(self):
        self._rule(
            "exclude",
            "SN-000001",
            "SN-000002",
            picking_type_id=self.warehouse.out_type_id.id,
        )
        internal = self._create_picking(
            self.warehouse.int_type_id,
            self.customer,
            quantity=1,
            source=self.stock_location,
            destination=self.shelf,
        )
        internal.action_assign()
        self.assertEqual(self._reserved(internal), ["SN-000001"])
        self._validate(internal)
        delivery = self._deliver(count=1)
        self.assertEqual(self._reserved(delivery), ["SN-000003"])
        # Excluded from deliveries by hand too.
        delivery.do_unreserve()
        with self.assertRaisesRegex(UserError, "SN-000002 .* is kept out of"):
            self._pick_serials(delivery, self._lots("SN-000002"))

    def test_two_step_delivery_follows_the_rule_of_its_pick_step(self):
        self.warehouse.delivery_steps = "pick_ship"
        self._rule(
            "exclude",
            "SN-000001",
            "SN-000005",
            picking_type_id=self.warehouse.pick_type_id.id,
        )
        group = self.env["procurement.group"].create({"name": "Two steps"})
        Procurement = self.env["procurement.group"].Procurement
        self.env["procurement.group"].run(
            [
                Procurement(
                    self.product,
                    2,
                    self.product.uom_id,
                    self.customer_location,
                    "Two steps",
                    "Two steps",
                    self.env.company,
                    {"warehouse_id": self.warehouse, "group_id": group},
                )
            ]
        )
        pick = self.env["stock.picking"].search([("group_id", "=", group.id)])
        self.assertEqual(pick.picking_type_id, self.warehouse.pick_type_id)
        # The pick step reserves at confirmation; the ship step follows when it is done
        # (Odoo's push rule).
        self.assertEqual(pick.state, "assigned")
        self.assertEqual(self._reserved(pick), ["SN-000006", "SN-000007"])
        self._validate(pick)
        ship = self.env["stock.picking"].search([("group_id", "=", group.id)]) - pick
        self.assertEqual(ship.picking_type_id, self.warehouse.out_type_id)
        if ship.state != "assigned":
            ship.action_assign()
        self.assertEqual(self._reserved(ship), ["SN-000006", "SN-000007"])
        self._validate(ship)
        self.assertEqual(
            self._lots("SN-000006", "SN-000007").mapped("lifecycle_state"),
            ["shipped", "shipped"],
        )

    def test_archived_rule_no_longer_applies(self):
        rule = self._rule("exclude", "SN-000001", "SN-000009")
        delivery = self._deliver(count=1)
        self.assertEqual(self._reserved(delivery), ["SN-000010"])
        rule.active = False
        second = self._deliver(count=1)
        self.assertEqual(self._reserved(second), ["SN-000001"])
        self._validate(second)

    def test_rules_cost_no_query_per_serial(self):
        """The quants offered to a reservation are found with one query more at most,
        for 10 serials or 30."""
        Quant = self.env["stock.quant"].sudo()
        scope = (self.env.company.id, self.warehouse.out_type_id.id)

        def gather():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            with ledger_guard.setting(RESERVATION_SCOPE, scope):
                quants = Quant._gather(self.product, self.stock_location)
            return quants.lot_id.mapped("name"), self.env.cr.sql_log_count - before

        names, without_rules = gather()
        self.assertEqual(names, SERIALS)
        self._rule("prefer", "SN-000008", "SN-000009")
        self._rule("exclude", "SN-000001", "SN-000003")
        # filled once, then read from the cache by every reservation
        self.Rule._serial_rules_by_product()
        names, with_rules = gather()
        self.assertEqual(
            names, ["SN-000008", "SN-000009"] + SERIALS[3:7] + ["SN-000010"]
        )
        self._receive(["SN-%06d" % number for number in range(11, 31)])
        names, with_rules_30 = gather()
        self.assertEqual(len(names), 30 - 3)
        self.assertLessEqual(with_rules, without_rules + 1, (without_rules, with_rules))
        self.assertEqual(with_rules_30, with_rules)

    # -- Companies, rights, bad rules --------------------------------------

    def test_operation_type_of_another_company_is_refused(self):
        company_b = self.env["res.company"].create({"name": "Picking Rules C Ltd"})
        warehouse_b = self.env["stock.warehouse"].search(
            [("company_id", "=", company_b.id)], limit=1
        )
        with self.assertRaisesRegex(UserError, "Incompatible companies on records"):
            self._rule(
                "exclude",
                "SN-000001",
                "SN-000002",
                picking_type_id=warehouse_b.out_type_id.id,
            )

    def test_rule_of_another_company_does_not_apply(self):
        company_b = self.env["res.company"].create({"name": "Picking Rules B Ltd"})
        self.env.user.company_ids |= company_b
        self._rule(
            "exclude",
            "SN-000001",
            "SN-000010",
            company_id=company_b.id,
            name="B keeps these",
        )
        delivery = self._deliver(count=2)
        self.assertEqual(self._reserved(delivery), ["SN-000001", "SN-000002"])
        self._validate(delivery)
        self._pick_serials(
            self._create_picking(self.warehouse.out_type_id, self.customer),
            self._lots("SN-000003"),
        )
        # Company B's own serials of the same product follow B's rule.
        env_b = self.env(
            context=dict(self.env.context, allowed_company_ids=[company_b.id])
        )
        warehouse_b = env_b["stock.warehouse"].search(
            [("company_id", "=", company_b.id)], limit=1
        )
        warehouse_b.out_type_id.reservation_method = "manual"
        receipt = env_b["stock.picking"].create(
            {
                "picking_type_id": warehouse_b.in_type_id.id,
                "partner_id": self.vendor.id,
                "location_id": self.supplier_location.id,
                "location_dest_id": warehouse_b.lot_stock_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": "B receipt",
                            "product_id": self.product.id,
                            "product_uom_qty": 2,
                            "product_uom": self.product.uom_id.id,
                            "location_id": self.supplier_location.id,
                            "location_dest_id": warehouse_b.lot_stock_id.id,
                        }
                    )
                ],
            }
        )
        receipt.action_confirm()
        for line, name in zip(
            receipt.move_line_ids, ["SN-000004", "SN-000099"], strict=False
        ):
            line.lot_name = name
        self._validate(receipt)
        delivery_b = env_b["stock.picking"].create(
            {
                "picking_type_id": warehouse_b.out_type_id.id,
                "partner_id": self.customer.id,
                "location_id": warehouse_b.lot_stock_id.id,
                "location_dest_id": self.customer_location.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": "B delivery",
                            "product_id": self.product.id,
                            "product_uom_qty": 2,
                            "product_uom": self.product.uom_id.id,
                            "location_id": warehouse_b.lot_stock_id.id,
                            "location_dest_id": self.customer_location.id,
                        }
                    )
                ],
            }
        )
        delivery_b.action_confirm()
        delivery_b.action_assign()
        self.assertEqual(self._reserved(delivery_b), ["SN-000099"])
        self.assertEqual(delivery_b.move_line_ids.lot_id.company_id, company_b)
        # A user of company A does not see B's rule.
        stock_manager = new_test_user(
            self.env, "picking_rule_manager_a", groups="stock.group_stock_manager"
        )
        self.assertFalse(
            self.Rule.with_user(stock_manager).search([("name", "=", "B keeps these")])
        )

    def test_only_managers_write_rules(self):
        stock_user = new_test_user(
            self.env, "picking_rule_user", groups="stock.group_stock_user"
        )
        stock_manager = new_test_user(
            self.env, "picking_rule_manager", groups="stock.group_stock_manager"
        )
        rule = self._rule("exclude", "SN-000001", "SN-000002")
        self.assertEqual(self.Rule.with_user(stock_user).search([]), rule)
        with self.assertRaisesRegex(AccessError, "not allowed to create"):
            self.Rule.with_user(stock_user).create(
                {
                    "name": "Mine",
                    "product_id": self.product.id,
                    "mode": "exclude",
                    "serial_from": "SN-000003",
                    "serial_to": "SN-000004",
                }
            )
        with self.assertRaisesRegex(AccessError, "not allowed to modify"):
            rule.with_user(stock_user).serial_to = "SN-000009"
        rule.with_user(stock_manager).serial_to = "SN-000009"
        self.assertEqual(rule.range_description, "SN-000001 to SN-000009")

    def test_bad_ranges_are_refused_naming_the_values(self):
        with self.assertRaisesRegex(
            ValidationError, r"'SN-000009' to 'SN-000001' is reversed"
        ):
            self._rule("exclude", "SN-000009", "SN-000001")
        with self.assertRaisesRegex(
            ValidationError, r"'SN-000001' and 'XN-000009' have different prefixes"
        ):
            self._rule("prefer", "SN-000001", "XN-000009")
        with self.assertRaisesRegex(
            ValidationError, r"First Serial: 'SN-\\x001' contains control characters"
        ):
            self._rule("prefer", "SN-\x001", "SN-000009")
        untracked = self.env["product.product"].create(
            {"name": "Cable", "is_storable": True}
        )
        with self.assertRaisesRegex(
            ValidationError, "Cable is not tracked by serial number"
        ):
            self._rule("prefer", "SN-000001", "SN-000002", product_id=untracked.id)
        rule = self._rule("prefer", "  SN-000001 ", "SN-000001")
        self.assertEqual(
            (rule.serial_from, rule.range_description), ("SN-000001", "SN-000001")
        )
