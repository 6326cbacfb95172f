from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import SerialRecallCase


@tagged("post_install", "-at_install")
class TestRecallThroughComponents(SerialRecallCase):
    """A recall by component serial reaches the units holding it at any depth, without
    mrp:
    an assembly (a cell in a pack in a phone) and a field replacement at a customer."""

    def setUp(self):
        super().setUp()
        self.cell = self.env["product.product"].create(
            {"name": "Recall Cell", "is_storable": True, "tracking": "serial"}
        )
        self.pack = self.env["product.product"].create(
            {"name": "Recall Pack", "is_storable": True, "tracking": "serial"}
        )
        self._receive(["RC-1", "RC-2", "RC-3"], product=self.cell)
        self._receive(["RP-1"], product=self.pack)
        self.cell1, self.cell2, self.cell3 = self._lots(
            "RC-1", "RC-2", "RC-3", product=self.cell
        )
        self.pack1 = self._lots("RP-1", product=self.pack)
        Lot = self.env["stock.lot"]
        # Assembly in the workshop: cell 1 in the pack, the pack in phone 105 (in
        # stock).
        Lot._component_install(
            [
                {
                    "parent_lot_id": self.pack1.id,
                    "component_lot_id": self.cell1.id,
                    "reference": "ASM-1",
                }
            ]
        )
        Lot._component_install(
            [
                {
                    "parent_lot_id": self._lots("SN-000105").id,
                    "component_lot_id": self.pack1.id,
                    "reference": "ASM-1",
                }
            ]
        )
        # At Ada's: cell 2 fitted into phone 100, then replaced by cell 3.
        phone = self._lots("SN-000100")
        Lot._component_install(
            [
                {
                    "parent_lot_id": phone.id,
                    "component_lot_id": self.cell2.id,
                    "reference": "SRV-1",
                }
            ]
        )
        Lot._component_remove(
            [{"component_lot_id": self.cell2.id, "reference": "SRV-2"}]
        )
        Lot._component_install(
            [
                {
                    "parent_lot_id": phone.id,
                    "component_lot_id": self.cell3.id,
                    "reference": "SRV-2",
                }
            ]
        )

    def _component_campaign(self, *cells):
        return self._campaign(
            {
                "criterion_type": "component",
                "component_lot_ids": [Command.set([c.id for c in cells])],
            }
        )

    def test_preview_reaches_every_level_and_counts_removed_components_apart(self):
        campaign = self._component_campaign(self.cell1, self.cell2)
        campaign.action_preview()
        self.assertEqual(
            set(campaign.preview_lot_ids.mapped("name")),
            {"RP-1", "SN-000105", "SN-000100"},
        )
        self.assertEqual(campaign.preview_component_removed, 1)
        # The cell now inside phone 100 selects it as any unit.
        current = self._component_campaign(self.cell3)
        current.action_preview()
        self.assertEqual(current.preview_lot_ids.mapped("name"), ["SN-000100"])
        self.assertEqual(current.preview_component_removed, 0)

    def test_open_marks_units_whose_component_was_removed(self):
        campaign = self._component_campaign(self.cell1, self.cell2)
        campaign.action_preview()
        campaign.action_open()
        at_ada = self._units(campaign, "SN-000100")
        self.assertEqual(
            (at_ada.status, at_ada.partner_id, at_ada.component_removed),
            ("at_customer", self.customer, True),
        )
        in_stock = self._units(campaign, "SN-000105")
        self.assertEqual(
            (in_stock.status, in_stock.component_removed), ("to_quarantine", False)
        )
        self.assertEqual(self._lots("SN-000105").lifecycle_state, "quarantined")
        self.assertIn(
            "1 units held a recalled component that was removed since: SN-000100",
            campaign.message_ids.mapped("body")[0],
        )
        self.assertEqual(
            self.env["serial.recall.unit"].search(
                [("campaign_id", "=", campaign.id), ("component_removed", "=", True)]
            ),
            at_ada,
        )

    def test_a_unit_selected_by_another_criterion_is_not_apart(self):
        campaign = self._campaign(
            {
                "criterion_type": "component",
                "component_lot_ids": [Command.set(self.cell2.ids)],
            },
            self._range("SN-000100", "SN-000100"),
        )
        campaign.action_preview()
        self.assertEqual(campaign.preview_lot_ids.mapped("name"), ["SN-000100"])
        self.assertEqual(campaign.preview_component_removed, 0)


@tagged("post_install", "-at_install")
class TestRecallByRevision(SerialRecallCase):
    def test_a_recall_selects_by_revision(self):
        self._lots("SN-000100", "SN-000111").write({"revision": "FW 1.0"})
        self._lots("SN-000112").revision = "FW 1.1"
        campaign = self._campaign(
            {"criterion_type": "revision", "revision": " FW 1.0 "}
        )
        campaign.action_preview()
        self.assertEqual(
            set(campaign.preview_lot_ids.mapped("name")), {"SN-000100", "SN-000111"}
        )
        self.assertEqual(campaign.criterion_ids.description, "revision FW 1.0")
        with self.assertRaisesRegex(ValidationError, "Give the revision to recall"):
            self._campaign({"criterion_type": "revision"})
