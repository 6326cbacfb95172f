"""Issue 16: a user who works in French reads our refusals, our state labels
and the decisions on warranty claims in French (i18n/fr.po of each module),
each in the reader's language at the moment it is read."""

from datetime import date

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import SerialWarrantyCase

MODULES = ("serial_lifecycle", "serial_warranty", "serial_recall")


@tagged("post_install", "-at_install")
class TestFrenchTranslation(SerialWarrantyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # As Settings > Languages does: activate French, load our modules' fr.po.
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"].search(
            [("name", "in", MODULES)]
        )._update_translations(filter_lang="fr_FR", overwrite=True)
        cls.french_user = new_test_user(
            cls.env,
            "serial_french_user",
            groups="stock.group_stock_manager,sales_team.group_sale_salesman,"
            "serial_lifecycle.group_serial_lifecycle_user",
            lang="fr_FR",
            tz="UTC",
        )

    def _french(self, records):
        """``records`` as the French user's session reads them (its context)."""
        user = self.french_user.with_user(self.french_user)
        return records.with_env(
            self.env(user=user, context=dict(self.env.context, **user.context_get()))
        )

    def test_a_refused_delivery_is_explained_in_french(self):
        self._receive(["FR-001"])
        lot = self._lots("FR-001")
        lot._lifecycle_apply_manual_action(
            "quarantine", fields.Datetime.now(), "Boîtier fendu"
        )
        delivery = self._create_picking(
            self.warehouse.out_type_id, self.customer, None, 1
        )
        with self.assertRaises(UserError) as refusal:
            # Chosen by hand on the detailed operations, in the French session.
            self._french(self.env["stock.move.line"]).create(
                {
                    "move_id": delivery.move_ids.id,
                    "picking_id": delivery.id,
                    "product_id": lot.product_id.id,
                    "lot_id": lot.id,
                    "quantity": 1,
                    "location_id": delivery.location_id.id,
                    "location_dest_id": delivery.location_dest_id.id,
                }
            )
        self.assertEqual(
            str(refusal.exception),
            "Ces numéros de série ne peuvent pas être choisis :\n"
            " - FR-001 (Tracked Phone) est à l'état En quarantaine : Livraison au "
            f"client sur {delivery.name} ne s'applique qu'aux numéros de série à "
            "l'état Brouillon, Disponible, Alloué, Retourné, En réparation, Retourné "
            "au fournisseur",
        )
        self.assertFalse(delivery.move_line_ids)
        self.assertEqual(lot.lifecycle_state, "quarantined")

    def test_the_lifecycle_state_reads_in_french(self):
        self._receive(["FR-002"])
        lot = self._french(self._lots("FR-002"))
        labels = dict(lot._fields["lifecycle_state"]._description_selection(lot.env))
        self.assertEqual(labels[lot.lifecycle_state], "Disponible")
        self.assertEqual(labels["quarantined"], "En quarantaine")
        self.assertEqual(
            lot._lifecycle_state_label("vendor_returned"), "Retourné au fournisseur"
        )

    def test_a_refused_gs1_label_is_explained_in_french(self):
        """A refusal worded from a helper's code (tools/gs1.py) by the message table."""
        with self.assertRaises(UserError) as refusal:
            self._french(self.env["stock.lot"])._serial_scan_parse(
                "(01)09506000134353(21)FR-9"
            )
        self.assertEqual(
            str(refusal.exception),
            "Étiquette GS1 refusée : le chiffre de contrôle de GTIN '09506000134353' "
            "est erroné (attendu : 2).",
        )

    def test_a_claim_decision_reads_in_the_readers_language(self):
        """The reasons are stored as codes: the French user reads them in
        French, the English one in English, from the same claim."""
        with freeze_time("2026-03-02"):
            self._receive(["FR-003"])
            lot = self._lots("FR-003")
            self._sell(lot)
            claim = self._claim("FR-003", symptom="Ne s'allume plus")
            self.assertEqual(claim.state, "approved")
            self.assertEqual(lot.warranty_end_date, date(2027, 3, 2))
            french = self._french(claim)
            self.assertEqual(
                french.decision_note, "FR-003 est couvert jusqu'au 02/03/2027"
            )
            reasons = dict(
                french._fields["decision_reason"]._description_selection(french.env)
            )
            self.assertEqual(reasons[french.decision_reason], "Éligible")
            self.assertEqual(claim.decision_note, "FR-003 is covered until 03/02/2027")

            refused = self._claim("FR-003", partner=self.other_customer)
            self.assertEqual(refused.state, "rejected")
            self.assertEqual(
                self._french(refused).decision_note,
                "FR-003 n'a pas été livré à Customer Bob, et aucune garantie ne lui a "
                "été transférée\n"
                f"FR-003 fait déjà l'objet d'une réclamation ouverte : {claim.name}",
            )
