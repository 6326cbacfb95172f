from freezegun import freeze_time

from odoo.tests import Form, new_test_user, tagged

from .common import SerialWarrantyCase


@tagged("post_install", "-at_install")
class TestServiceHistory(SerialWarrantyCase):
    """One timeline per serial: the ledger's events and the warranty claims, in date
    order."""

    def _history(self, lot, user=None):
        rows = (
            self.env["stock.lot.service.history"]
            .with_user(user or self.env.user)
            .search([("lot_id", "=", lot.id)], order="date, id")
        )
        return [(row.kind, row.description) for row in rows]

    def test_a_unit_received_shipped_fitted_claimed_and_repaired(self):
        battery = self.env["product.product"].create(
            {
                "name": "Field Battery",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": self.category.id,
            }
        )
        with freeze_time("2026-02-02 09:00"):
            receipt = self._receive(["SH-001"])
            battery_receipt = self._receive(["SB-001"], product=battery)
        unit = self._lots("SH-001")
        part = self._lots("SB-001", product=battery)
        with freeze_time("2026-02-03 09:00"):
            delivery = self._sell(unit)
        with freeze_time("2026-02-04 09:00"):
            # Field service: the battery fitted into the unit at the customer.
            action = unit.with_context(
                component_mode="install"
            ).action_open_component_wizard()
            form = Form(self.env[action["res_model"]].with_context(**action["context"]))
            form.component_lot_ids.add(part)
            form.reference = "VISIT-7"
            form.save().action_confirm()
        with freeze_time("2026-02-05 09:00"):
            claim = self._claim("SH-001", symptom="Does not charge")
            self.assertEqual(claim.state, "approved")
            claim.action_create_return_and_repair()
        with freeze_time("2026-02-06 09:00"):
            self._validate(claim.return_picking_id)
            repair = claim.repair_id
            repair.action_validate()
            repair.action_repair_start()
            repair.action_repair_end()
        self.assertEqual(repair.state, "done")
        history = self._history(unit)
        service = [row for row in history if row[0] != "stock"]
        self.assertEqual(
            service,
            [
                ("receipt", f"Receipt from Vendor · {receipt.name}"),
                ("shipment", f"Delivery to Customer · {delivery.name}"),
                ("component", "Component Installed · VISIT-7 · SB-001"),
                ("claim", f"Warranty Claim · {claim.name} · Closed · Eligible"),
                ("return", f"Return from Customer · {claim.return_picking_id.name}"),
                ("repair", f"Repair Started · {repair.name}"),
                ("repair", f"Repair Done · {repair.name}"),
            ],
        )
        # The rows say who and for whom.
        rows = self.env["stock.lot.service.history"].search(
            [("lot_id", "=", unit.id), ("kind", "=", "claim")]
        )
        self.assertEqual(
            (rows.partner_id, rows.user_id, rows.reference),
            (self.customer, self.env.user, claim.name),
        )
        # The component's own timeline names the unit it went into.
        self.assertIn(
            ("component", "Component Installed · VISIT-7 · SH-001"), self._history(part)
        )
        self.assertIn(
            ("receipt", f"Receipt from Vendor · {battery_receipt.name}"),
            self._history(part),
        )
        # On the serial form: the same rows, newest first.
        self.assertEqual(unit.service_history_ids[0].kind, "repair")
        self.assertEqual(len(unit.service_history_ids), len(history))
        action = unit.action_open_service_history()
        self.assertEqual(action["domain"], [("lot_id", "in", unit.ids)])

    def test_the_history_follows_the_companies_of_the_user(self):
        other_company = self.env["res.company"].create({"name": "Service Co B"})
        product = self.env["product.product"].create(
            {
                "name": "Company B Pump",
                "is_storable": True,
                "tracking": "serial",
                "company_id": other_company.id,
            }
        )
        lot = self.env["stock.lot"].create(
            {"name": "PB-001", "product_id": product.id, "company_id": other_company.id}
        )
        self.env["stock.lot"]._lifecycle_append(
            [
                {
                    "lot_id": lot.id,
                    "event_type": "receipt",
                    "reference": "B/IN/001",
                    "company_id": other_company.id,
                }
            ]
        )
        self._receive(["PA-001"])
        own = self._lots("PA-001")
        user_a = new_test_user(
            self.env,
            "history_user_a",
            groups="stock.group_stock_user",
            company_id=self.env.company.id,
            company_ids=[self.env.company.id],
        )
        self.assertEqual(
            self._history(lot, user=user_a),
            [],
            "another company's history is not shown",
        )
        self.assertEqual(
            [kind for kind, _text in self._history(own, user=user_a)], ["receipt"]
        )
        user_a.company_ids |= other_company
        self.assertEqual(
            self.env["stock.lot.service.history"]
            .with_user(user_a)
            .with_context(allowed_company_ids=[self.env.company.id, other_company.id])
            .search([("lot_id", "=", lot.id)])
            .mapped("description"),
            ["Receipt from Vendor · B/IN/001"],
        )
