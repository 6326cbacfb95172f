"""Nothing changes a serial's coverage or a claim's decision outside their own actions.

Forged writes come from a plain Inventory user, from the administrator, and
with the context key that used to open the ledger (``serial_lifecycle_ledger``):
each is refused with a message naming the fields, and nothing changed. The
module's own actions (void by a manager, extension sold, replacement, expiry
alert, the claim's buttons) still write them.
"""

import json
import re
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import SerialWarrantyCase

COVERAGE_FIELDS = (
    "warranty_start_date",
    "warranty_end_date",
    "warranty_state",
    "warranty_void_reason",
    "warranty_extension_months",
    "warranty_continued_from_id",
    "warranty_alerted_end_date",
)
DECISION_FIELDS = (
    "state",
    "decision_reason",
    "decision_note",
    "override_reason",
    "overridden_by_id",
    "lot_id",
    "return_picking_id",
    "repair_id",
    "replacement_lot_id",
)
LOT_REFUSED = "%s of a serial cannot be set by hand"
CLAIM_REFUSED = "%s of a warranty claim cannot be set by hand"
FORGED_CONTEXT = {"serial_lifecycle_ledger": True}


class WarrantyGuardMixin:
    def _assert_refused(self, call, pattern, error=UserError, msg=None):
        """``call()`` raises exactly ``error`` (not a subclass), its message matching
        ``pattern``."""
        with self.assertRaisesRegex(error, pattern, msg=msg) as caught:
            with self.env.cr.savepoint():
                call()
        self.assertIs(type(caught.exception), error, msg)

    def _snapshot(self, records, names):
        """What the database holds for ``names`` of ``records`` (nothing from the
        cache)."""
        records.env.flush_all()
        records.env.invalidate_all()
        return [{name: record[name] for name in names} for record in records]


@tagged("post_install", "-at_install")
class TestWarrantyGuard(WarrantyGuardMixin, SerialWarrantyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.inventory_user = new_test_user(
            cls.env, "guard_inventory_user", groups="stock.group_stock_user"
        )
        cls.admin = cls.env.ref("base.user_admin")
        cls.extension = cls.env["product.product"].create(
            {
                "name": "Guard Extension",
                "type": "service",
                "list_price": 49,
                "warranty_extension_months": 12,
            }
        )

    def setUp(self):
        super().setUp()
        self._receive(["GD-001", "GD-002", "GD-003"])
        self.lot, self.spare, self.other = self._lots("GD-001", "GD-002", "GD-003")
        self._sell(self.lot)
        self.assertEqual(self.lot.warranty_state, "active")

    def _callers(self):
        """(who, env) for every forger: plain Inventory user, manager, administrator
        (the superuser env of the test, and the admin user), each also with the
        context key of the old ledger lock."""
        envs = [
            ("inventory user", self.env(user=self.inventory_user)),
            ("manager", self.env(user=self.manager)),
            ("admin (test env)", self.env),
            ("admin user", self.env(user=self.admin)),
        ]
        return envs + [
            (
                f"{who} + ledger context",
                env(context=dict(env.context, **FORGED_CONTEXT)),
            )
            for who, env in envs
        ]

    # ------------------------------------------------------------------
    # Coverage of a serial
    # ------------------------------------------------------------------

    def _lot_forgeries(self):
        return [
            ({"warranty_state": "void"}, "Warranty"),
            ({"warranty_void_reason": "Tampered"}, "Void Reason"),
            ({"warranty_extension_months": 600}, r"Warranty Extension \(Months\)"),
            ({"warranty_start_date": "2000-01-01"}, "Warranty Start"),
            ({"warranty_end_date": "2099-12-31"}, "Warranty End"),
            ({"warranty_continued_from_id": self.spare.id}, "Replaces Serial"),
            ({"warranty_alerted_end_date": "2099-12-31"}, "Expiry Alert Sent For"),
            (
                {"warranty_state": "void", "warranty_void_reason": "Tampered"},
                "Void Reason, Warranty",
            ),
        ]

    def test_coverage_cannot_be_written(self):
        before = self._snapshot(self.lot | self.spare, COVERAGE_FIELDS)
        for who, env in self._callers():
            for vals, label in self._lot_forgeries():
                msg = f"{who} writing {vals}"
                self._assert_refused(
                    lambda env=env, vals=vals: self.lot.with_env(env).write(vals),
                    "^" + LOT_REFUSED % label,
                    msg=msg,
                )
                self.assertEqual(
                    self._snapshot(self.lot | self.spare, COVERAGE_FIELDS), before, msg
                )
            # The same through a field assignment, and on several serials.
            msg = f"{who} assigning"
            self._assert_refused(
                lambda env=env: setattr(
                    self.lot.with_env(env), "warranty_extension_months", 600
                ),
                r"^Warranty Extension \(Months\) of a serial",
                msg=msg,
            )
            self._assert_refused(
                lambda env=env: (self.lot | self.spare)
                .with_env(env)
                .write({"warranty_state": "none"}),
                "^Warranty of a serial",
                msg=msg,
            )
            self.assertEqual(
                self._snapshot(self.lot | self.spare, COVERAGE_FIELDS), before, msg
            )

    def test_coverage_cannot_be_created_copied_or_defaulted(self):
        Lot = self.env["stock.lot"]
        for who, env in self._callers():
            for vals, label in self._lot_forgeries():
                msg = f"{who} creating with {vals}"
                self._assert_refused(
                    lambda env=env, vals=vals: Lot.with_env(env).create(
                        dict(vals, name="GD-NEW", product_id=self.product.id)
                    ),
                    "^" + LOT_REFUSED % label,
                    msg=msg,
                )
                self._assert_refused(
                    lambda env=env, vals=vals: self.lot.with_env(env).copy(
                        dict(vals, name="GD-COPY")
                    ),
                    "^" + LOT_REFUSED % label,
                    msg=msg,
                )
            defaulted = env(
                context=dict(env.context, default_warranty_extension_months=600)
            )
            self._assert_refused(
                lambda defaulted=defaulted: Lot.with_env(defaulted).create(
                    {"name": "GD-NEW", "product_id": self.product.id}
                ),
                r"^Warranty Extension \(Months\) of a serial",
                msg=who,
            )
        self.assertFalse(Lot.search([("name", "in", ("GD-NEW", "GD-COPY"))]))
        # A plain copy carries no coverage over (the fields are not copied).
        copy = self.lot.copy({"name": "GD-COPY"})
        self.assertEqual(
            (copy.warranty_extension_months, copy.warranty_continued_from_id), (0, Lot)
        )

    def test_coverage_cannot_be_imported(self):
        before = self._snapshot(self.lot, COVERAGE_FIELDS)
        xml_id = self.lot.export_data(["id"])["datas"][0][0]
        for who, env in self._callers():
            result = (
                self.env["stock.lot"]
                .with_env(env)
                .load(["id", "warranty_extension_months"], [[xml_id, "600"]])
            )
            self.assertFalse(result["ids"], who)
            self.assertRegex(
                " ".join(message["message"] for message in result["messages"]),
                r"Warranty Extension \(Months\) of a serial cannot be set by hand",
                who,
            )
            self.assertEqual(self._snapshot(self.lot, COVERAGE_FIELDS), before, who)

    def test_void_only_by_a_manager_through_its_action(self):
        with self.assertRaisesRegex(
            AccessError, "Only a Serial Lifecycle manager can void a warranty"
        ):
            self.lot.with_user(self.inventory_user)._warranty_void("Opened")
        self.assertEqual(self.lot.warranty_state, "active")
        wizard = (
            self.env["serial.warranty.void.wizard"]
            .with_user(self.manager)
            .create(
                {
                    "lot_ids": [Command.set(self.lot.ids)],
                    "reason": "Seal broken",
                }
            )
        )
        wizard.action_confirm()
        self.assertEqual(
            (self.lot.warranty_state, self.lot.warranty_void_reason),
            ("void", "Seal broken"),
        )

    def test_extension_sold_by_a_plain_salesperson_still_applies(self):
        end = self.lot.warranty_end_date
        order = (
            self.env["sale.order"]
            .with_user(self.stock_user)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.extension.id,
                                "product_uom_qty": 1,
                                "warranty_lot_ids": [Command.set(self.lot.ids)],
                            }
                        )
                    ],
                }
            )
        )
        order.action_confirm()
        self.assertEqual(self.lot.warranty_extension_months, 12)
        self.assertEqual(
            self.lot.warranty_end_date, date(end.year + 1, end.month, end.day)
        )

    def test_expiry_alert_and_replacement_still_write_the_coverage(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "serial_warranty.alert_days", 400
        )
        delivery = self.lot.lifecycle_event_ids.filtered(
            lambda event: event.event_type == "delivery"
        )
        delivery.picking_id.sale_id.user_id = self.stock_user
        flagged = self.env["stock.lot"]._cron_warranty_expiry_alerts()
        self.assertIn(self.lot, flagged)
        self.assertEqual(self.lot.activity_ids.user_id, self.stock_user)
        self.assertEqual(self.lot.warranty_alerted_end_date, self.lot.warranty_end_date)
        claim = self._claim("GD-001", user=self.inventory_user)
        self.assertEqual(claim.state, "approved")
        claim._replace(self.spare.with_user(self.inventory_user))
        self.assertEqual(self.spare.warranty_continued_from_id, self.lot)
        self.assertEqual(
            (claim.state, claim.replacement_lot_id), ("replaced", self.spare)
        )

    # ------------------------------------------------------------------
    # Decision of a claim
    # ------------------------------------------------------------------

    def _claim_forgeries(self):
        picking = self.env["stock.picking"].search([], limit=1)
        repair = self.env["repair.order"].search([], limit=1) or self.env[
            "repair.order"
        ].create({"product_id": self.product.id})
        return [
            ({"state": "approved"}, "Status"),
            (
                {
                    "state": "approved",
                    "override_reason": "Trust me",
                    "overridden_by_id": self.admin.id,
                },
                "Overridden By, Override Reason, Status",
            ),
            ({"decision_reason": "eligible"}, "Decision Reason"),
            ({"decision_note": "GD-001 is covered until 2099-12-31"}, "Decision"),
            ({"override_reason": "Trust me"}, "Override Reason"),
            ({"overridden_by_id": self.admin.id}, "Overridden By"),
            ({"lot_id": self.lot.id}, "Serial"),
            ({"return_picking_id": picking.id}, "Return"),
            ({"repair_id": repair.id}, "Repair Order"),
            ({"replacement_lot_id": self.spare.id}, "Replacement Serial"),
        ]

    def test_decision_cannot_be_written(self):
        claim = self._claim("GD-001", partner=self.other_customer)
        self.assertEqual(
            (claim.state, claim.decision_reason), ("rejected", "wrong_customer")
        )
        forgeries = self._claim_forgeries()
        before = self._snapshot(claim, DECISION_FIELDS)
        for who, env in self._callers():
            for vals, label in forgeries:
                msg = f"{who} writing {vals}"
                self._assert_refused(
                    lambda env=env, vals=vals: claim.with_env(env).write(vals),
                    "^" + CLAIM_REFUSED % label,
                    msg=msg,
                )
                self.assertEqual(self._snapshot(claim, DECISION_FIELDS), before, msg)
            self._assert_refused(
                lambda env=env: setattr(claim.with_env(env), "state", "refunded"),
                "^" + CLAIM_REFUSED % "Status",
                msg=who,
            )
            # Nor through the serial's list of claims.
            self._assert_refused(
                lambda env=env: self.other.with_env(env).write(
                    {"warranty_claim_ids": [Command.link(claim.id)]}
                ),
                "^" + CLAIM_REFUSED % "Serial",
                msg=who,
            )
            self._assert_refused(
                lambda env=env: self.lot.with_env(env).write(
                    {
                        "warranty_claim_ids": [
                            Command.update(claim.id, {"state": "approved"})
                        ]
                    }
                ),
                "^" + CLAIM_REFUSED % "Status",
                msg=who,
            )
            self.assertEqual(self._snapshot(claim, DECISION_FIELDS), before, who)

    def test_decision_cannot_be_created_or_defaulted(self):
        Claim = self.env["serial.warranty.claim"]
        claim = self._claim("GD-001", partner=self.other_customer)
        facts = {
            "serial_name": "GD-001",
            "product_id": self.product.id,
            "partner_id": self.other_customer.id,
        }
        forgeries = self._claim_forgeries()
        for who, env in self._callers():
            for vals, label in forgeries:
                self._assert_refused(
                    lambda env=env, vals=vals: Claim.with_env(env).create(
                        dict(facts, **vals)
                    ),
                    "^" + CLAIM_REFUSED % label,
                    msg=f"{who} creating with {vals}",
                )
            for key, value in (
                ("default_state", "approved"),
                ("default_lot_id", self.lot.id),
                ("default_override_reason", "Trust me"),
            ):
                defaulted = env(context=dict(env.context, **{key: value}))
                self._assert_refused(
                    lambda defaulted=defaulted: Claim.with_env(defaulted).create(facts),
                    CLAIM_REFUSED % "",
                    msg=f"{who} with {key}",
                )
        self.assertEqual(Claim.search([("serial_name", "=", "GD-001")]), claim)

    def test_a_copy_is_decided_again(self):
        claim = self._claim("GD-001", partner=self.other_customer)
        claim.with_user(self.manager)._override("Second-hand buyer, receipt seen")
        self.assertEqual(
            (claim.state, claim.overridden_by_id), ("approved", self.manager)
        )
        claim.action_close()
        copy = claim.copy()
        self.assertEqual(
            (
                copy.state,
                copy.decision_reason,
                copy.override_reason,
                copy.overridden_by_id,
            ),
            ("rejected", "wrong_customer", False, self.env["res.users"]),
        )
        self.assertEqual(copy.lot_id, self.lot, "looked up again from the serial")

    def test_facts_of_a_decided_claim_are_locked(self):
        approved = self._claim("GD-001")
        self.assertEqual(approved.state, "approved")
        before = self._snapshot(
            approved,
            DECISION_FIELDS + ("serial_name", "product_id", "partner_id", "claim_date"),
        )
        for vals, label in (
            ({"serial_name": "GD-003"}, "Serial Number"),
            ({"partner_id": self.other_customer.id}, "Customer"),
            ({"product_id": self.extension.id}, "Product"),
            ({"claim_date": "2099-01-01"}, "Claim Date"),
        ):
            for user in (self.inventory_user, self.admin):
                self._assert_refused(
                    lambda user=user, vals=vals: approved.with_user(user).write(vals),
                    f"^{label} of {re.escape(approved.name)} cannot change: "
                    "the claim was decided on them",
                    msg=f"{user.login} writing {vals}",
                )
        self.assertEqual(
            self._snapshot(
                approved,
                DECISION_FIELDS
                + ("serial_name", "product_id", "partner_id", "claim_date"),
            ),
            before,
        )
        # Writing what it already holds, or what the decision does not rest on, is fine.
        approved.with_user(self.inventory_user).write(
            {"serial_name": "GD-001 ", "symptom": "Hums"}
        )
        self.assertEqual((approved.state, approved.symptom), ("approved", "Hums"))

    def test_correcting_a_rejected_claim_checks_it_again(self):
        claim = self._claim(
            "GD-001", partner=self.other_customer, user=self.inventory_user
        )
        self.assertEqual(claim.decision_reason, "wrong_customer")
        claim.with_user(self.inventory_user).partner_id = self.customer
        self.assertEqual((claim.state, claim.decision_reason), ("approved", "eligible"))
        self.assertIn("GD-001 is covered until", claim.decision_note)
        typo = self._claim("GD-0O1", partner=self.customer, product_id=self.product)
        self.assertEqual(
            (typo.decision_reason, typo.lot_id),
            ("unknown_serial", self.env["stock.lot"]),
        )
        typo.serial_name = "GD-002"
        self.assertEqual(
            (typo.lot_id, typo.decision_reason), (self.spare, "wrong_customer")
        )

    def test_refund_is_a_managers_decision(self):
        claim = self._claim("GD-001")
        with self.assertRaisesRegex(
            AccessError, "Only a Serial Lifecycle manager can refund"
        ):
            claim.with_user(self.inventory_user).action_refund()
        self.assertEqual(claim.state, "approved")
        claim.with_user(self.manager).action_refund()
        self.assertEqual(claim.state, "refunded")
        claim.with_user(self.inventory_user).action_close()
        self.assertEqual(claim.state, "closed")

    def test_override_is_a_managers_decision_whatever_the_caller(self):
        claim = self._claim("GD-001", partner=self.other_customer)
        for user in (self.inventory_user, self.stock_user):
            with self.assertRaisesRegex(
                AccessError, "Only a Serial Lifecycle manager can override"
            ):
                claim.with_user(user).with_context(**FORGED_CONTEXT)._override(
                    "Good customer"
                )
        self.assertEqual((claim.state, claim.override_reason), ("rejected", False))

    def test_claim_form_shows_the_decision_read_only(self):
        claim = self._claim("GD-001")
        arch = self.env["serial.warranty.claim"].get_view(view_type="form")["arch"]
        self.assertIn("'clickable': False", arch)
        fields_info = self.env["serial.warranty.claim"].fields_get(
            list(DECISION_FIELDS), ["readonly"]
        )
        self.assertTrue(
            all(info["readonly"] for info in fields_info.values()), fields_info
        )
        kanban = self.env["serial.warranty.claim"].get_view(view_type="kanban")["arch"]
        self.assertIn('records_draggable="false"', kanban)
        self.assertEqual(claim.state, "approved")

    def test_claims_opened_from_a_serial_are_decided_from_it(self):
        action = self.lot.action_view_warranty_claims()
        self.assertNotIn("default_lot_id", action["context"])
        form = Form(
            self.env["serial.warranty.claim"]
            .with_user(self.inventory_user)
            .with_context(**action["context"])
        )
        self.assertEqual(
            (form.serial_name, form.product_id, form.partner_id),
            ("GD-001", self.product, self.customer),
        )
        claim = form.save()
        self.assertEqual((claim.lot_id, claim.state), (self.lot, "approved"))


@tagged("post_install", "-at_install")
class TestWarrantyGuardJsonRpc(WarrantyGuardMixin, HttpCase, SerialWarrantyCase):
    """What a logged-in Inventory user sends by hand to /web/dataset/call_kw."""

    def _call_kw(self, model, method, args, context=None, **kwargs):
        response = self.url_open(
            "/web/dataset/call_kw",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {
                        "model": model,
                        "method": method,
                        "args": args,
                        "kwargs": dict(kwargs, context=context or {}),
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def _assert_rpc_refused(self, reply, pattern):
        self.assertIn("error", reply, reply)
        self.assertNotIn("result", reply)
        self.assertEqual(
            reply["error"]["data"]["name"], "odoo.exceptions.UserError", reply
        )
        self.assertRegex(reply["error"]["data"]["message"], pattern)

    def test_json_rpc_forgeries_are_refused(self):
        login = "guard_rpc_user"
        user = new_test_user(
            self.env, login, password=login, groups="stock.group_stock_user"
        )
        self._receive(["RPC-001", "RPC-002"])
        lot, spare = self._lots("RPC-001", "RPC-002")
        self._sell(lot)
        claim = self._claim("RPC-001", partner=self.other_customer)
        self.assertEqual(claim.state, "rejected")
        admin = self.env.ref("base.user_admin")
        lot_before = self._snapshot(lot | spare, COVERAGE_FIELDS)
        claim_before = self._snapshot(claim, DECISION_FIELDS)
        self.authenticate(login, login)
        # The session is the plain user's: a harmless write goes through.
        reply = self._call_kw(
            "serial.warranty.claim", "write", [[claim.id], {"symptom": "Rattles"}]
        )
        self.assertIs(reply.get("result"), True, reply)
        claim.invalidate_recordset()
        self.assertEqual((claim.symptom, claim.write_uid), ("Rattles", user))

        for context in ({}, FORGED_CONTEXT):
            reply = self._call_kw(
                "stock.lot",
                "write",
                [[lot.id], {"warranty_extension_months": 600}],
                context,
            )
            self._assert_rpc_refused(
                reply,
                r"^Warranty Extension \(Months\) of a serial cannot be set by hand",
            )
            reply = self._call_kw(
                "stock.lot",
                "write",
                [[lot.id], {"warranty_state": "void", "warranty_void_reason": "x"}],
                context,
            )
            self._assert_rpc_refused(
                reply, "^Void Reason, Warranty of a serial cannot be set by hand"
            )
            # What the form sends to create a serial (a plain "create" on
            # stock.lot fails in call_kw: stock_account overrides it without
            # @api.model_create_multi).
            reply = self._call_kw(
                "stock.lot",
                "web_save",
                [
                    [],
                    {
                        "name": "RPC-NEW",
                        "product_id": self.product.id,
                        "warranty_continued_from_id": lot.id,
                    },
                ],
                context,
                specification={},
            )
            self._assert_rpc_refused(
                reply, "^Replaces Serial of a serial cannot be set by hand"
            )
            reply = self._call_kw(
                "serial.warranty.claim",
                "write",
                [
                    [claim.id],
                    {
                        "state": "approved",
                        "overridden_by_id": admin.id,
                    },
                ],
                context,
            )
            self._assert_rpc_refused(
                reply,
                "^Overridden By, Status of a warranty claim cannot be set by hand",
            )
            reply = self._call_kw(
                "serial.warranty.claim",
                "create",
                [
                    {
                        "serial_name": "RPC-001",
                        "product_id": self.product.id,
                        "partner_id": self.other_customer.id,
                    }
                ],
                dict(
                    context,
                    default_state="approved",
                    default_override_reason="Trust me",
                ),
            )
            self._assert_rpc_refused(
                reply,
                "^Override Reason, Status of a warranty claim cannot be set by hand",
            )
            reply = self._call_kw(
                "serial.warranty.claim", "action_refund", [[claim.id]], context
            )
            self.assertEqual(
                reply.get("error", {}).get("data", {}).get("name"),
                "odoo.exceptions.AccessError",
                reply,
            )

        self.assertEqual(self._snapshot(lot | spare, COVERAGE_FIELDS), lot_before)
        self.assertEqual(self._snapshot(claim, DECISION_FIELDS), claim_before)
        self.assertFalse(self.env["stock.lot"].search([("name", "=", "RPC-NEW")]))
        self.assertEqual(
            self.env["serial.warranty.claim"].search([("serial_name", "=", "RPC-001")]),
            claim,
        )
        self.assertEqual(lot.warranty_state, "active")
        self.assertEqual(claim.state, "rejected")
