"""Receiving against the supplier's serial list (advance shipping notice) on the
receipt."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from ..tools.gs1 import Gs1Error, case_label_serials
from .common import ACCESS_ERROR, JsonRpcMixin, MessageCase, SerialLifecycleCase

GTIN = "07612345987651"
CASE_LABEL = f"(01){GTIN}(21)CASE-1(01){GTIN}(21)CASE-2"


@tagged("post_install", "-at_install")
class TestCaseLabelHelper(MessageCase):
    def test_each_unit_of_the_case(self):
        self.assertEqual(
            case_label_serials(CASE_LABEL), [(GTIN, "CASE-1"), (GTIN, "CASE-2")]
        )
        scanned = "]C101" + GTIN + "21CASE-1\x1d01" + GTIN + "21CASE-2"
        self.assertEqual(
            case_label_serials(scanned), [(GTIN, "CASE-1"), (GTIN, "CASE-2")]
        )

    def test_bad_labels_are_named(self):
        for label, message in [
            ("(21)X", "serial 'X' comes before any \\(01\\) GTIN"),
            (
                "(01)07612345987650(21)X",
                "check digit of GTIN '07612345987650' is wrong",
            ),
            ("hello", "'hello' is not a GS1 label"),
            ("(01)" + GTIN, "the label carries no serial"),
        ]:
            with self.subTest(label=label), self.assertRefusal(Gs1Error, message):
                case_label_serials(label)


class AsnCase(SerialLifecycleCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = new_test_user(
            cls.env, "asn_clerk", password="asn_clerk", groups="stock.group_stock_user"
        )

    def _announce(self, receipt, names, user=None, product=None):
        wizard = (
            self.env["stock.picking.asn.wizard"]
            .with_user(user or self.env.user)
            .create(
                {
                    "picking_id": receipt.id,
                    "product_id": (product or self.product).id,
                    "serial_text": "\n".join(names),
                }
            )
        )
        return wizard.action_announce()

    def _accept(self, receipt, names, reason, user=None):
        wizard = (
            self.env["stock.picking.asn.wizard"]
            .with_user(user or self.env.user)
            .create(
                {
                    "picking_id": receipt.id,
                    "product_id": self.product.id,
                    "serial_text": "\n".join(names),
                    "reason": reason,
                }
            )
        )
        return wizard.action_accept()


@tagged("post_install", "-at_install")
class TestReceiptAsn(AsnCase):
    def test_expected_unexpected_and_missing_serial_with_backorder(self):
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=3
        )
        self._announce(receipt, ["  ASN-A1 ", "ASN-A2", ""])
        self.assertEqual(
            receipt.serial_asn_line_ids.mapped("name"), ["ASN-A1", "ASN-A2"]
        )
        first, second, third = receipt.move_line_ids
        first.lot_name = "ASN-A1"
        self.assertTrue(receipt.serial_asn_line_ids[0].received)
        message = (
            rf"These serial numbers were not announced for {receipt.name}; a "
            r"manager may "
            r"accept them with a reason "
            r"\(Announced Serials\):\n - ASN-X9 \(Tracked Phone\)"
        )
        with self.assertRaisesRegex(UserError, message):
            second.lot_name = "ASN-X9"
        # The clerk cannot accept it; the manager can, with a reason.
        with self.assertRaisesRegex(
            AccessError, "Only a Serial Lifecycle manager may accept a serial"
        ):
            self._accept(receipt, ["ASN-X9"], "Replacement unit", user=self.clerk)
        with self.assertRaisesRegex(UserError, "Give the reason for accepting serials"):
            self._accept(receipt, ["ASN-X9"], "  ")
        self._accept(receipt, ["ASN-X9"], "Replacement unit sent by the supplier")
        accepted = receipt.serial_asn_line_ids.filtered("accepted")
        self.assertEqual(
            (accepted.name, accepted.accept_reason, accepted.accepted_by_id),
            ("ASN-X9", "Replacement unit sent by the supplier", self.env.user),
        )
        self.assertIn(
            "Serials not announced for Tracked Phone accepted by "
            f"{self.env.user.name}: ASN-X9. "
            "Reason: Replacement unit sent by the supplier",
            receipt.message_ids[0].body,
        )
        second.lot_name = "ASN-X9"
        # ASN-A2 does not come: two of three units received, a backorder for the third.
        third.unlink()
        receipt.move_line_ids.picked = True
        result = receipt.button_validate()
        Form.from_action(self.env, result).save().process()
        self.assertEqual(receipt.state, "done")
        backorder = receipt.backorder_ids
        self.assertEqual(len(backorder), 1)
        self.assertEqual(backorder.serial_asn_line_ids.mapped("name"), ["ASN-A2"])
        self.assertEqual(
            receipt.serial_asn_line_ids.mapped("name"), ["ASN-A1", "ASN-X9"]
        )
        bodies = receipt.message_ids.mapped("body")
        self.assertTrue(
            any(
                "Announced serials not received: ASN-A2 (Tracked Phone). "
                f"They stay announced on the backorder {backorder.name}." in body
                for body in bodies
            ),
            bodies,
        )
        a1, x9 = self._lots("ASN-A1", "ASN-X9")
        self.assertEqual(
            self._events(x9)[-1].note,
            "Not announced by the supplier; accepted by "
            f"{self.env.user.name}: Replacement unit "
            "sent by the supplier",
        )
        self.assertFalse(self._events(a1)[-1].note)
        # The backorder takes the missing serial, and only it.
        with self.assertRaisesRegex(
            UserError, rf"not announced for {backorder.name}.*\n - ASN-A3"
        ):
            backorder.move_line_ids.lot_name = "ASN-A3"
        backorder.move_line_ids.lot_name = "ASN-A2"
        self._validate(backorder)
        self.assertEqual(self._lots("ASN-A2").lifecycle_state, "available")

    def test_case_label_announces_every_unit(self):
        self.product.barcode = GTIN
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=2
        )
        self.env["stock.picking.asn.wizard"].create(
            {"picking_id": receipt.id, "case_label": CASE_LABEL}
        ).action_announce()
        self.assertEqual(
            receipt.serial_asn_line_ids.mapped("name"), ["CASE-1", "CASE-2"]
        )
        self.assertEqual(receipt.serial_asn_line_ids.product_id, self.product)
        with self.assertRaisesRegex(
            UserError,
            f"GTIN 07612345987668 is no serial-tracked product of {receipt.name}",
        ):
            self.env["stock.picking.asn.wizard"].create(
                {"picking_id": receipt.id, "case_label": "(01)07612345987668(21)CASE-3"}
            ).action_announce()
        with self.assertRaisesRegex(ValidationError, "'CASE-1' is announced already"):
            self.env["stock.picking.asn.wizard"].create(
                {"picking_id": receipt.id, "case_label": CASE_LABEL}
            ).action_announce()
        receipt.move_line_ids[0].lot_name = "CASE-2"
        receipt.move_line_ids[1].lot_name = "CASE-1"
        self._validate(receipt)

    def test_the_clerk_announces_several_cases_at_once(self):
        self.product.barcode = GTIN
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=4
        )
        second_case = f"(01){GTIN}(21)CASE-3(01){GTIN}(21)CASE-4"
        wizard = (
            self.env["stock.picking.asn.wizard"]
            .with_user(self.clerk)
            .create(
                {
                    "picking_id": receipt.id,
                    "case_label": f"{CASE_LABEL}\n(01){GTIN}(21)X(01)\n",
                }
            )
        )
        with self.assertRaisesRegex(UserError, "^Case label 2 refused: "):
            wizard.action_announce()
        wizard.case_label = f"{CASE_LABEL}\n\n{second_case}\n"
        wizard.action_announce()
        self.assertEqual(
            receipt.serial_asn_line_ids.mapped("name"),
            ["CASE-1", "CASE-2", "CASE-3", "CASE-4"],
        )
        with self.assertRaisesRegex(
            AccessError, "announces serials of Tracked Phone already: adding CASE-5"
        ):
            self.env["stock.picking.asn.wizard"].with_user(self.clerk).create(
                {
                    "picking_id": receipt.id,
                    "case_label": f"(01){GTIN}(21)CASE-5",
                }
            ).action_announce()

    def test_scan_screen_checks_the_list(self):
        self.product.barcode = GTIN
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=2
        )
        self._announce(receipt, ["SCAN-1", "SCAN-2"])
        Scan = self.env["serial.scan"]
        session = Scan.scan(receipt.name)["session"]
        answer = Scan.scan("]C101" + GTIN + "21SCAN-9", session)
        self.assertEqual(answer["kind"], "error")
        self.assertIn(f"not announced for {receipt.name}", answer["message"])
        self.assertIn("SCAN-9 (Tracked Phone)", answer["message"])
        answer = Scan.scan("]C101" + GTIN + "21SCAN-1", session)
        self.assertIn("1 of 2", answer["message"])

    def test_validation_checks_serials_typed_before_the_list(self):
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=1
        )
        receipt.move_line_ids.lot_name = "EARLY-1"
        self._announce(receipt, ["LATE-1"])
        receipt.move_ids.picked = True
        with self.assertRaisesRegex(
            UserError, rf"not announced for {receipt.name}.*\n - EARLY-1"
        ):
            receipt.button_validate()
        self.assertEqual(receipt.state, "assigned")

    def test_generate_and_import_dialogs_check_the_list(self):
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=2
        )
        self._announce(receipt, ["DLG-001", "DLG-002"])
        context = dict(self._lot_dialog_context(receipt), default_picking_id=receipt.id)
        with self.assertRaisesRegex(
            UserError,
            rf"not announced for {receipt.name}.*\n - DLG-003 \(Tracked Phone\)",
        ):
            self.env["stock.move"].action_generate_lot_line_vals(
                context, "import", None, 0, "DLG-001\nDLG-003"
            )
        with self.assertRaisesRegex(UserError, r"\n - DLG-003 \(Tracked Phone\)"):
            self.env["stock.move"].action_generate_lot_line_vals(
                context, "generate", "DLG-002", 2, None
            )
        vals = self.env["stock.move"].action_generate_lot_line_vals(
            context, "import", None, 0, "DLG-001\nDLG-002"
        )
        self.assertEqual([line["lot_name"] for line in vals], ["DLG-001", "DLG-002"])

    def test_products_without_announced_serials_are_not_checked(self):
        other = self.env["product.product"].create(
            {"name": "Loose Cable", "is_storable": True, "tracking": "serial"}
        )
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=1
        )
        self._announce(receipt, ["ONLY-1"])
        self.env["stock.move.line"].create(
            {
                "picking_id": receipt.id,
                "product_id": other.id,
                "lot_name": "CABLE-1",
                "quantity": 1,
                "location_id": receipt.location_id.id,
                "location_dest_id": receipt.location_dest_id.id,
            }
        )
        self.assertEqual(
            receipt.move_line_ids.filtered(
                lambda line: line.product_id == other
            ).lot_name,
            "CABLE-1",
        )

    def test_the_pasted_list_is_checked_by_name(self):
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=2
        )
        self.category.serial_max_length = 8
        message = (
            r"These serial numbers for Tracked Phone are refused; nothing was added:\n"
            r" - line 2: 'TOO-LONG-99' is 11 characters long, more than the 8 allowed\n"
            r" - 'P-1' is given more than once"
        )
        with self.assertRaisesRegex(ValidationError, message):
            self._announce(receipt, ["P-1", "TOO-LONG-99", "P-1"])
        self.assertFalse(receipt.serial_asn_line_ids)

    def test_the_clerk_announces_before_receiving_only(self):
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=2
        )
        self._announce(receipt, ["CLK-1"], user=self.clerk)
        line = receipt.serial_asn_line_ids
        self.assertEqual(line.create_uid, self.clerk)
        with self.assertRaises(AccessError):
            line.with_user(self.clerk).write({"name": "CLK-2"})
        with self.assertRaises(AccessError):
            line.with_user(self.clerk).unlink()
        with self.assertRaisesRegex(AccessError, "accepted only with the receipt's"):
            self.env["stock.picking.asn.line"].with_user(self.clerk).create(
                {
                    "picking_id": receipt.id,
                    "product_id": self.product.id,
                    "name": "CLK-3",
                    "accepted": True,
                    "accept_reason": "me",
                }
            )
        receipt.move_line_ids[0].lot_name = "CLK-1"
        with self.assertRaisesRegex(
            AccessError,
            f"Receiving {receipt.name} has started: only a Serial Lifecycle manager",
        ):
            self._announce(receipt, ["CLK-2"], user=self.clerk)
        # A manager still may; a done receipt's list is closed to all.
        self._announce(receipt, ["CLK-2"])
        receipt.move_line_ids[1].lot_name = "CLK-2"
        self._validate(receipt)
        with self.assertRaisesRegex(
            UserError, f"{receipt.name} is Done: its announced serials cannot change"
        ):
            self._announce(receipt, ["CLK-3"])

    def test_the_clerk_imports_the_list_once_per_product(self):
        """A CSV import (base_import loads it) gives the list; a second cannot add."""
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=3
        )
        Line = self.env["stock.picking.asn.line"].with_user(self.clerk)
        fields_ = ["picking_id", "product_id", "name"]
        result = Line.load(
            fields_,
            [[receipt.name, "Tracked Phone", name] for name in ("CSV-1", "CSV-2")],
        )
        self.assertEqual(result["messages"], [])
        self.assertEqual(receipt.serial_asn_line_ids.mapped("name"), ["CSV-1", "CSV-2"])
        result = Line.load(fields_, [[receipt.name, "Tracked Phone", "CSV-9"]])
        self.assertFalse(result["ids"])
        self.assertIn(
            f"{receipt.name} announces serials of Tracked Phone already: "
            "adding CSV-9 to them",
            result["messages"][0]["message"],
        )
        self.assertEqual(receipt.serial_asn_line_ids.mapped("name"), ["CSV-1", "CSV-2"])

    def test_deliveries_carry_no_announced_serials(self):
        delivery = self._create_picking(self.warehouse.out_type_id, self.customer)
        with self.assertRaisesRegex(
            UserError, "is no receipt: serials are announced on receipts only"
        ):
            self._announce(delivery, ["OUT-1"])

    def test_multi_company(self):
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=1
        )
        self._announce(receipt, ["MC-1"])
        company_b = self.env["res.company"].create({"name": "ASN B Ltd"})
        user_b = new_test_user(
            self.env,
            "asn_user_b",
            groups="stock.group_stock_user",
            company_id=company_b.id,
        )
        Line = self.env["stock.picking.asn.line"].with_user(user_b)
        self.assertFalse(Line.search([("name", "=", "MC-1")]))
        with self.assertRaises(AccessError):
            receipt.serial_asn_line_ids.with_user(user_b).read(["name"])
        product_b = self.env["product.product"].create(
            {
                "name": "B Phone",
                "is_storable": True,
                "tracking": "serial",
                "company_id": company_b.id,
            }
        )
        with self.assertRaisesRegex(UserError, "Incompatible companies"):
            self.env["stock.picking.asn.line"].create(
                {"picking_id": receipt.id, "product_id": product_b.id, "name": "MC-2"}
            )


@tagged("post_install", "-at_install")
class TestReceiptAsnOverRpc(JsonRpcMixin, HttpCase, AsnCase):
    def test_a_stock_user_cannot_accept_an_unexpected_serial(self):
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=1
        )
        self._announce(receipt, ["RPC-1"])
        self.authenticate("asn_clerk", "asn_clerk")
        answer = self._call(
            "stock.picking",
            "action_serial_asn_accept",
            [receipt.ids, self.product.id, ["RPC-9"], "because"],
        )
        self.assertRefused(
            answer, "Only a Serial Lifecycle manager may accept", ACCESS_ERROR
        )
        answer = self._call(
            "stock.picking.asn.line",
            "create",
            [
                {
                    "picking_id": receipt.id,
                    "product_id": self.product.id,
                    "name": "RPC-9",
                    "accepted": True,
                    "accept_reason": "because",
                }
            ],
            context={"serial_asn_accepting": True},
        )
        self.assertRefused(answer, "accepted only with the receipt's", ACCESS_ERROR)
        answer = self._call(
            "stock.picking.asn.line",
            "write",
            [receipt.serial_asn_line_ids.ids, {"name": "RPC-9"}],
        )
        self.assertRefused(answer, "", ACCESS_ERROR)
        wizard = self._call(
            "stock.picking.asn.wizard",
            "create",
            [
                {
                    "picking_id": receipt.id,
                    "product_id": self.product.id,
                    "serial_text": "RPC-9",
                    "reason": "because",
                }
            ],
        )
        answer = self._call(
            "stock.picking.asn.wizard", "action_accept", [[wizard["result"]]]
        )
        self.assertRefused(
            answer, "Only a Serial Lifecycle manager may accept", ACCESS_ERROR
        )
        answer = self._call(
            "stock.move.line",
            "write",
            [receipt.move_line_ids.ids, {"lot_name": "RPC-9"}],
        )
        self.assertRefused(answer, f"not announced for {receipt.name}")
        self.assertEqual(receipt.serial_asn_line_ids.mapped("name"), ["RPC-1"])

    def test_a_stock_user_cannot_add_to_the_announced_list(self):
        """Refused at the scan, an unexpected serial cannot be announced instead.

        Nothing was received yet, so receiving has not started: the clerk
        may give the supplier's list of a product (here over JSON-RPC, as
        the import does), not add to it afterwards.
        """
        second = self.env["product.product"].create(
            {"name": "Tracked Tablet", "is_storable": True, "tracking": "serial"}
        )
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=2
        )
        self.authenticate("asn_clerk", "asn_clerk")
        answer = self._call(
            "stock.picking.asn.line",
            "create",
            [
                [
                    {"picking_id": receipt.id, "product_id": self.product.id, "name": n}
                    for n in ("ADD-1", "ADD-2")
                ]
            ],
        )
        self.assertNotIn("error", answer, answer)
        answer = self._call(
            "stock.move.line",
            "write",
            [receipt.move_line_ids[:1].ids, {"lot_name": "ADD-9"}],
        )
        self.assertRefused(answer, f"not announced for {receipt.name}")
        self.assertFalse(receipt._serial_asn_received_keys(), "nothing received")
        refusal = (
            f"{receipt.name} announces serials of Tracked Phone already: "
            "adding ADD-9 to them "
            "accepts serials the supplier did not announce, which only a Serial "
            "Lifecycle manager may do, with a reason \\(Accept as Unexpected\\)."
        )
        answer = self._call(
            "stock.picking.asn.line",
            "create",
            [
                {
                    "picking_id": receipt.id,
                    "product_id": self.product.id,
                    "name": "ADD-9",
                }
            ],
        )
        self.assertRefused(answer, f"^{refusal}$", ACCESS_ERROR)
        # Nor through the picking's form, nor the Announced Serials dialog.
        answer = self._call(
            "stock.picking",
            "write",
            [
                receipt.ids,
                {
                    "serial_asn_line_ids": [
                        (0, 0, {"product_id": self.product.id, "name": "ADD-9"})
                    ]
                },
            ],
        )
        self.assertRefused(answer, f"^{refusal}$", ACCESS_ERROR)
        wizard = self._call(
            "stock.picking.asn.wizard",
            "create",
            [
                {
                    "picking_id": receipt.id,
                    "product_id": self.product.id,
                    "serial_text": "ADD-9",
                }
            ],
        )
        answer = self._call(
            "stock.picking.asn.wizard", "action_announce", [[wizard["result"]]]
        )
        self.assertRefused(answer, f"^{refusal}$", ACCESS_ERROR)
        # Nor by renaming an announced serial.
        answer = self._call(
            "stock.picking.asn.line",
            "write",
            [receipt.serial_asn_line_ids[:1].ids, {"name": "ADD-9"}],
        )
        self.assertRefused(answer, "", ACCESS_ERROR)
        self.assertEqual(receipt.serial_asn_line_ids.mapped("name"), ["ADD-1", "ADD-2"])
        # The list of another product of the receipt is the clerk's to give.
        answer = self._call(
            "stock.picking.asn.line",
            "create",
            [{"picking_id": receipt.id, "product_id": second.id, "name": "TAB-1"}],
        )
        self.assertNotIn("error", answer, answer)

        # The manager accepts the unexpected unit with a reason, before
        # receiving starts; the clerk then receives it.
        self._accept(receipt, ["ADD-9"], "Replacement of ADD-2, per the supplier")
        accepted = receipt.serial_asn_line_ids.filtered("accepted")
        self.assertEqual(
            (accepted.name, accepted.accept_reason),
            ("ADD-9", "Replacement of ADD-2, per the supplier"),
        )
        for line, name in zip(receipt.move_line_ids, ("ADD-1", "ADD-9"), strict=True):
            answer = self._call(
                "stock.move.line", "write", [line.ids, {"lot_name": name}]
            )
            self.assertNotIn("error", answer, answer)
        self._validate(receipt)
        lot = self._lots("ADD-9")
        self.assertIn(
            "Replacement of ADD-2, per the supplier", self._events(lot)[0].note
        )
