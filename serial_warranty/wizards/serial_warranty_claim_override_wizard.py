from odoo import api, fields, models


class SerialWarrantyClaimOverrideWizard(models.TransientModel):
    _name = "serial.warranty.claim.override.wizard"
    _inherit = ["serial.input.mixin"]
    _description = "Override a Warranty Decision"

    claim_ids = fields.Many2many(
        "serial.warranty.claim", string="Claims", required=True
    )
    decision_note = fields.Text("Rejected Because", compute="_compute_decision_note")
    reason = fields.Text("Approve Because", required=True)

    @api.depends("claim_ids")
    def _compute_decision_note(self):
        for wizard in self:
            wizard.decision_note = "\n".join(wizard.claim_ids.mapped("decision_note"))

    def action_confirm(self):
        self.claim_ids._override(self.reason)
        return {"type": "ir.actions.act_window_close"}
