from odoo import _, fields, models
from odoo.exceptions import UserError

from odoo.addons.serial_lifecycle.tools import ledger_guard

from .rma import CLAIM_RMA


class SerialWarrantyClaim(models.Model):
    _inherit = "serial.warranty.claim"

    rma_ids = fields.One2many("rma", "warranty_claim_id", "RMAs", readonly=True)
    rma_count = fields.Integer(compute="_compute_rma_count")

    def _compute_rma_count(self):
        for claim in self:
            claim.rma_count = len(claim.rma_ids)

    def action_create_rma(self):
        """An OCA RMA for the claimed serial instead of a plain return, confirmed.

        Confirming it runs the return checks (rma.py) and creates its
        receipt; a claim a manager approved against the checks forces them.
        """
        self.ensure_one()
        self._ensure_state(("approved",), _("Creating the RMA"))
        Rma = self.env["rma"]
        move = Rma._warranty_last_delivery_move(self.lot_id)
        if not move.picking_id:
            raise UserError(
                _(
                    "%(serial)s was never delivered by a transfer: nothing to return.",
                    serial=self.lot_id.name,
                )
            )
        with ledger_guard.setting(CLAIM_RMA, True):
            rma = Rma.create(Rma._warranty_claim_vals(self, move))
        rma.action_confirm()
        with ledger_guard.unlocked():
            self.write({"state": "in_repair"})
        return self.action_view_rmas()

    def action_view_rmas(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("rma.rma_action")
        if len(self.rma_ids) == 1:
            action.update(
                {"res_id": self.rma_ids.id, "views": [(False, "form")]},
            )
        else:
            action["domain"] = [("id", "in", self.rma_ids.ids)]
        return action
