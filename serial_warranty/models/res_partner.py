from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    warranty_claim_count = fields.Integer(
        "Warranty Claims", compute="_compute_warranty_claim_count"
    )

    def _compute_warranty_claim_count(self):
        # Claims of a company's contacts count for the company too.
        commercial = self.commercial_partner_id
        counts = dict(
            self.env["serial.warranty.claim"]._read_group(
                [("partner_id.commercial_partner_id", "in", commercial.ids)],
                ["partner_id"],
                ["__count"],
            )
        )
        by_commercial = {}
        for partner, count in counts.items():
            key = partner.commercial_partner_id.id
            by_commercial[key] = by_commercial.get(key, 0) + count
        for partner in self:
            partner.warranty_claim_count = by_commercial.get(
                partner.commercial_partner_id.id, 0
            )

    def action_view_warranty_claims(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "serial_warranty.serial_warranty_claim_action"
        )
        action["domain"] = [
            ("partner_id.commercial_partner_id", "in", self.commercial_partner_id.ids)
        ]
        action["context"] = {"default_partner_id": self[:1].id}
        return action
