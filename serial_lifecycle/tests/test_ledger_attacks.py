"""Issue 9, from the outside: a plain Inventory user's JSON-RPC calls cannot
change a serial outside the ledger, whatever context they send.

Every call goes through /web/dataset/call_kw as the web client sends it, with
the context keys the module used to trust (serial_lifecycle_ledger,
serial_lifecycle_defer_allocation, serial_lifecycle_exclude_states,
serial_lifecycle_renamed_lot, serial_lifecycle_template_names,
default_lifecycle_state, lifecycle_action). After each call the serials
involved still have the state of their latest event.
"""

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import (
    ACCESS_ERROR,
    VALIDATION_ERROR,
    JsonRpcMixin,
    SerialLifecycleCase,
)

BY_HAND = "cannot be set by hand"


@tagged("post_install", "-at_install")
class TestLedgerAttacks(JsonRpcMixin, HttpCase, SerialLifecycleCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.attacker = new_test_user(
            cls.env, "attacker", password="attacker", groups="stock.group_stock_user"
        )

    def setUp(self):
        super().setUp()
        self._receive(["ATK-001", "ATK-002"])
        self.lot, self.other = self._lots("ATK-001", "ATK-002")
        self.lots = self.lot | self.other
        self.assertLedgerAgrees(self.lots, "available")
        self.authenticate("attacker", "attacker")

    # -- helpers ---------------------------------------------------------

    def assertLedgerAgrees(self, lots, state=None):
        """Each serial's state is its latest event's state after (and ``state`` if
        given)."""
        self.env.invalidate_all()
        Event = self.env["stock.lot.lifecycle.event"]
        for lot in lots:
            latest = Event.search([("lot_id", "=", lot.id)], order="id desc", limit=1)
            self.assertEqual(
                lot.lifecycle_state,
                latest.state_after or "draft",
                f"{lot.name}: state changed outside the ledger",
            )
            if latest.state_after not in ("shipped", "installed", "lost"):
                self.assertFalse(
                    lot.lifecycle_partner_id,
                    f"{lot.name}: customer set outside the ledger",
                )
            if state:
                self.assertEqual(lot.lifecycle_state, state, lot.name)

    def _create(self, vals, context=None):
        """Create a serial as the web client's form does (web_save on no record).

        Plain ``create`` over RPC is tried as well: it must not create it either.
        """
        answer = self._call("stock.lot", "create", [[vals]], context=context)
        self.assertIn(
            "error", answer, "create answered {!r}".format(answer.get("result"))
        )
        return self._call(
            "stock.lot",
            "web_save",
            [[], vals],
            kwargs={"specification": {"name": {}}},
            context=context,
        )

    def _lot_named(self, name):
        return self.env["stock.lot"].search(
            [("product_id", "=", self.product.id), ("name", "=", name)]
        )

    # -- the state and customer fields ------------------------------------

    def test_write_with_the_old_ledger_key_is_refused(self):
        events_before = self.lot.lifecycle_event_ids
        for vals in (
            {"lifecycle_state": "shipped"},
            {"lifecycle_partner_id": self.customer.id},
            {"lifecycle_state": "available", "lifecycle_partner_id": self.customer.id},
        ):
            answer = self._call(
                "stock.lot",
                "write",
                [[self.lot.id], vals],
                context={"serial_lifecycle_ledger": True},
            )
            self.assertRefused(answer, BY_HAND)
            # The form's save button (web_save) ends in the same write.
            answer = self._call(
                "stock.lot",
                "web_save",
                [[self.lot.id], vals],
                kwargs={"specification": {}},
                context={"serial_lifecycle_ledger": True},
            )
            self.assertRefused(answer, BY_HAND)
        self.assertLedgerAgrees(self.lot, "available")
        self.assertFalse(self.lot.lifecycle_partner_id)
        self.assertEqual(self.lot.lifecycle_event_ids, events_before)

        # Nor through its history: adding, stealing or dropping event rows.
        answer = self._call(
            "stock.lot",
            "write",
            [
                [self.lot.id],
                {
                    "lifecycle_event_ids": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "event_type": "delivery",
                                "state_after": "shipped",
                                "partner_id": self.customer.id,
                            }
                        )
                    ]
                },
            ],
            context={"serial_lifecycle_ledger": True},
        )
        self.assertIn("error", answer)
        answer = self._call(
            "stock.lot",
            "write",
            [
                [self.lot.id],
                {
                    "lifecycle_event_ids": [
                        Command.link(self.other.lifecycle_event_ids[:1].id)
                    ],
                },
            ],
            context={"serial_lifecycle_ledger": True},
        )
        self.assertIn("error", answer)
        self.assertEqual(self.lot.lifecycle_event_ids, events_before)
        self.assertLedgerAgrees(self.lots, "available")

        # The superuser in Python with the old key: refused all the same.
        with self.assertRaisesRegex(UserError, BY_HAND):
            with self.env.cr.savepoint():
                self.lot.sudo().with_context(serial_lifecycle_ledger=True).write(
                    {"lifecycle_state": "shipped"}
                )
        self.assertLedgerAgrees(self.lots, "available")

    def test_create_of_a_shipped_serial_is_refused(self):
        answer = self._create(
            {
                "name": "ATK-NEW",
                "product_id": self.product.id,
                "lifecycle_state": "shipped",
                "lifecycle_partner_id": self.customer.id,
            },
            context={"serial_lifecycle_ledger": True},
        )
        self.assertRefused(answer, BY_HAND)
        self.assertFalse(self._lot_named("ATK-NEW"))
        # Without the forged fields, the same serial is created as a draft with no
        # history.
        answer = self._call(
            "stock.lot",
            "web_save",
            [[], {"name": "ATK-NEW", "product_id": self.product.id}],
            kwargs={"specification": {}},
        )
        self.assertNotIn("error", answer)
        self.assertLedgerAgrees(self._lot_named("ATK-NEW"), "draft")

    def test_import_of_a_shipped_serial_is_refused(self):
        answer = self._call(
            "stock.lot",
            "load",
            [
                ["name", "product_id/.id", "lifecycle_state"],
                [["ATK-LOAD", str(self.product.id), "shipped"]],
            ],
            context={"serial_lifecycle_ledger": True},
        )
        # An import answers with messages rather than an error.
        self.assertNotIn("error", answer)
        self.assertFalse(answer["result"]["ids"])
        self.assertRegex(
            " ".join(message["message"] for message in answer["result"]["messages"]),
            BY_HAND,
        )
        self.assertFalse(self._lot_named("ATK-LOAD"))

        # An import that updates an existing serial (by database id).
        answer = self._call(
            "stock.lot",
            "load",
            [
                [".id", "lifecycle_state"],
                [[str(self.lot.id), "shipped"]],
            ],
            context={"serial_lifecycle_ledger": True},
        )
        self.assertNotIn("error", answer)
        self.assertFalse(answer["result"]["ids"])
        self.assertRegex(
            " ".join(message["message"] for message in answer["result"]["messages"]),
            BY_HAND,
        )
        self.assertLedgerAgrees(self.lots, "available")

    def test_create_with_a_default_state_in_the_context_is_refused(self):
        answer = self._create(
            {"name": "ATK-DEFAULT", "product_id": self.product.id},
            context={
                "default_lifecycle_state": "shipped",
                "default_lifecycle_partner_id": self.customer.id,
            },
        )
        self.assertRefused(answer, BY_HAND)
        self.assertFalse(self._lot_named("ATK-DEFAULT"))
        answer = self._create(
            {"name": "ATK-DEFAULT", "product_id": self.product.id},
            context={"default_lifecycle_state": "available"},
        )
        self.assertRefused(answer, BY_HAND)
        self.assertFalse(self._lot_named("ATK-DEFAULT"))
        # The quick create of a many2one field ("Create ATK-DEFAULT" in a dropdown).
        answer = self._call(
            "stock.lot",
            "name_create",
            ["ATK-DEFAULT"],
            context={
                "default_product_id": self.product.id,
                "default_lifecycle_state": "shipped",
            },
        )
        self.assertRefused(answer, BY_HAND)
        self.assertFalse(self._lot_named("ATK-DEFAULT"))

    def test_copy_with_a_default_state_is_refused(self):
        answer = self._call(
            "stock.lot",
            "copy",
            [[self.lot.id]],
            kwargs={
                "default": {
                    "name": "ATK-COPY",
                    "lifecycle_state": "shipped",
                    "lifecycle_partner_id": self.customer.id,
                }
            },
        )
        self.assertRefused(answer, BY_HAND)
        self.assertFalse(self._lot_named("ATK-COPY"))
        self.assertLedgerAgrees(self.lots, "available")
        # A plain copy under another name is a new serial: draft, without the original's
        # history.
        answer = self._call(
            "stock.lot",
            "copy",
            [[self.lot.id]],
            kwargs={"default": {"name": "ATK-COPY"}},
        )
        self.assertNotIn("error", answer)
        copy = self._lot_named("ATK-COPY")
        self.assertEqual(copy.lifecycle_state, "draft")
        self.assertFalse(copy.lifecycle_event_ids)

    # -- the events ------------------------------------------------------

    def test_events_cannot_be_created_by_hand(self):
        forged = {
            "lot_id": self.lot.id,
            "product_id": self.product.id,
            "event_type": "delivery",
            "state_before": "available",
            "state_after": "shipped",
            "partner_id": self.customer.id,
        }
        events_before = self.lot.lifecycle_event_ids
        answer = self._call(
            "stock.lot.lifecycle.event",
            "create",
            [[forged]],
            context={"serial_lifecycle_ledger": True},
        )
        self.assertRefused(answer, "", error=ACCESS_ERROR)
        # Nor through the ledger's private entry point.
        answer = self._call(
            "stock.lot",
            "_lifecycle_append",
            [[{"lot_id": self.lot.id, "event_type": "lost"}]],
        )
        self.assertIn("error", answer)
        self.assertEqual(self.lot.lifecycle_event_ids, events_before)
        self.assertLedgerAgrees(self.lots, "available")

        # The superuser in Python: refused as well, with or without the old key.
        Event = self.env["stock.lot.lifecycle.event"].sudo()
        for context in ({}, {"serial_lifecycle_ledger": True}):
            with self.assertRaisesRegex(UserError, "not created by hand"):
                with self.env.cr.savepoint():
                    Event.with_context(**context).create(forged)
        self.assertEqual(self.lot.lifecycle_event_ids, events_before)
        self.assertLedgerAgrees(self.lots, "available")

    # -- the keys that used to steer the flows ----------------------------

    def test_deferred_allocation_key_does_not_skip_the_allocation(self):
        delivery = self._create_picking(
            self.warehouse.out_type_id, self.customer, quantity=1
        )
        self.assertFalse(
            delivery.move_line_ids, "the delivery type reserves by hand in these tests"
        )
        answer = self._call(
            "stock.picking",
            "action_assign",
            [[delivery.id]],
            context={"serial_lifecycle_defer_allocation": True},
        )
        self.assertNotIn("error", answer)
        reserved = delivery.move_line_ids.lot_id
        self.assertEqual(len(reserved), 1)
        self.assertIn(reserved, self.lots)
        self.assertLedgerAgrees(reserved, "allocated")
        allocation = reserved.lifecycle_event_ids.sorted("id")[-1]
        self.assertEqual(allocation.event_type, "allocation")
        self.assertEqual(allocation.picking_id, delivery)
        self.assertLedgerAgrees(self.lots - reserved, "available")

        answer = self._call(
            "stock.picking",
            "do_unreserve",
            [[delivery.id]],
            context={"serial_lifecycle_defer_allocation": True},
        )
        self.assertNotIn("error", answer)
        self.assertFalse(delivery.move_line_ids)
        self.assertLedgerAgrees(self.lots, "available")
        self.assertEqual(
            reserved.lifecycle_event_ids.sorted("id")[-1].event_type, "deallocation"
        )

    def test_exclude_states_key_does_not_change_what_is_reserved(self):
        self.warehouse.int_type_id.reservation_method = "manual"
        transfer = self._create_picking(
            self.warehouse.int_type_id,
            self.vendor,
            quantity=1,
            source=self.stock_location,
            destination=self.shelf,
        )
        self.assertFalse(transfer.move_line_ids)
        answer = self._call(
            "stock.picking",
            "action_assign",
            [[transfer.id]],
            context={
                "serial_lifecycle_exclude_states": [
                    "available",
                    "allocated",
                    "returned",
                ]
            },
        )
        self.assertNotIn("error", answer)
        self.assertEqual(
            transfer.move_ids.quantity,
            1,
            "the key sent by the client must not hide available serials",
        )
        self.assertIn(transfer.move_line_ids.lot_id, self.lots)
        self.assertLedgerAgrees(self.lots, "available")

    def test_renamed_lot_key_does_not_let_a_duplicate_in(self):
        answer = self._create(
            {"name": "ATK-001", "product_id": self.product.id},
            context={"serial_lifecycle_renamed_lot": self.lot.id},
        )
        self.assertRefused(
            answer, "'ATK-001' already exists for this product", error=VALIDATION_ERROR
        )
        self.assertEqual(len(self._lot_named("ATK-001")), 1)
        # Renaming the other serial to the same name, pretending to rename the first
        # one.
        answer = self._call(
            "stock.lot",
            "write",
            [[self.other.id], {"name": "ATK-001"}],
            context={"serial_lifecycle_renamed_lot": self.lot.id},
        )
        self.assertRefused(
            answer, "'ATK-001' already exists for this product", error=VALIDATION_ERROR
        )
        self.assertEqual(self.other.name, "ATK-002")
        self.assertLedgerAgrees(self.lots, "available")

    def test_template_names_key_does_not_choose_generated_serials(self):
        forged = {"serial_lifecycle_template_names": ["ATK-001", "ATK-002"]}
        answer = self._call(
            "stock.lot", "generate_lot_names", ["ATK-100", 2], context=forged
        )
        self.assertNotIn("error", answer)
        self.assertEqual(
            [vals["lot_name"] for vals in answer["result"]], ["ATK-100", "ATK-101"]
        )

        # The "Generate Serials" dialog of a receipt.
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=2
        )
        dialog_context = self._lot_dialog_context(receipt)
        answer = self._call(
            "stock.move",
            "action_generate_lot_line_vals",
            [dialog_context, "generate", "ATK-100", 2, False],
            context=forged,
        )
        self.assertNotIn("error", answer)
        self.assertEqual(
            [vals["lot_name"] for vals in answer["result"]], ["ATK-100", "ATK-101"]
        )
        self.assertLedgerAgrees(self.lots, "available")

    # -- the quants behind the states --------------------------------------

    def _quants(self, lot):
        self.env.invalidate_all()
        quants = self.env["stock.quant"].search(
            [("lot_id", "=", lot.id), ("quantity", "!=", 0)]
        )
        return sorted(
            (quant.location_id.complete_name, quant.quantity)
            for quant in quants
            if quant.location_id.usage in ("internal", "transit", "customer")
        )

    def test_quants_of_a_serial_cannot_be_moved_or_forged_by_hand(self):
        """A quant written over RPC would move the unit with no move and no event:
        a quarantined serial would reach a customer, a serial would be in stock twice.
        """
        self.lot._lifecycle_apply_manual_action(
            "quarantine", fields.Datetime.now(), "Casing cracked"
        )
        self.assertLedgerAgrees(self.lot, "quarantined")
        quant = self.lot.quant_ids.filtered(lambda q: q.quantity > 0)
        stock = [(self.stock_location.complete_name, 1.0)]
        self.assertEqual(self._quants(self.lot), stock)
        self.assertEqual(self._quants(self.other), stock)
        accepted = []
        for vals in (
            {"location_id": self.customer_location.id},
            {"location_id": self.shelf.id},
            {"lot_id": self.other.id},
            {"quantity": 0},
            {"quantity": 2},
        ):
            answer = self._call("stock.quant", "write", [quant.ids, vals])
            if "error" not in answer:
                accepted.append(
                    f"write {vals}: quants now {self._quants(self.lot)} / "
                    f"{self._quants(self.other)}"
                )
            # Undo what an accepted write did, so that each attempt starts from the same
            # stock.
            self.env.cr.execute(
                "UPDATE stock_quant SET location_id = %s, lot_id = %s, "
                "quantity = 1 WHERE id = %s",
                [self.stock_location.id, self.lot.id, quant.id],
            )
            self.env.invalidate_all()
        answer = self._call(
            "stock.quant",
            "create",
            [
                [
                    {
                        "product_id": self.product.id,
                        "lot_id": self.other.id,
                        "location_id": self.shelf.id,
                        "quantity": 1,
                    }
                ]
            ],
        )
        if "error" not in answer:
            accepted.append(
                f"create at {self.shelf.complete_name}: quants now "
                f"{self._quants(self.other)}"
            )
        self.assertEqual(
            accepted, [], "a plain Inventory user moved serials without a move"
        )
        self.assertEqual(self._quants(self.lot), stock)
        self.assertEqual(self._quants(self.other), stock)
        self.assertLedgerAgrees(self.lot, "quarantined")
        self.assertLedgerAgrees(self.other, "available")
        self.assertEqual(
            self.env["stock.lot"]._lifecycle_disagreements(self.lots.ids), []
        )

    def test_lifecycle_action_key_is_checked_against_the_manual_actions(self):
        for action in ("delivery", "backfill", "receipt"):
            answer = self._call(
                "stock.lot",
                "action_open_lifecycle_wizard",
                [[self.lot.id]],
                context={"lifecycle_action": action},
            )
            self.assertRefused(answer, f"{action} is not an action on serials")
        answer = self._call(
            "stock.lot",
            "action_open_lifecycle_wizard",
            [[self.lot.id]],
            context={"lifecycle_action": "lost"},
        )
        self.assertNotIn("error", answer)
        self.assertEqual(answer["result"]["context"]["default_action"], "lost")

        # Quarantine is a manager's action: the wizard refuses a plain Inventory user.
        answer = self._call(
            "stock.lot.lifecycle.wizard",
            "create",
            [
                [
                    {
                        "lot_ids": [Command.set(self.lot.ids)],
                        "action": "quarantine",
                        "reason": "pretend",
                    }
                ]
            ],
        )
        self.assertNotIn("error", answer)
        answer = self._call(
            "stock.lot.lifecycle.wizard", "action_confirm", [answer["result"]]
        )
        self.assertRefused(answer, "manager", error=ACCESS_ERROR)
        self.assertLedgerAgrees(self.lots, "available")
