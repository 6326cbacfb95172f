from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.serial_recall_unit import REMEDIES


class SerialRecallUnitWizard(models.TransientModel):
    """Record what was done with recalled serials: a remedy, a write-off or the
    closing."""

    _name = "serial.recall.unit.wizard"
    _inherit = ["serial.input.mixin"]
    _description = "Recall Unit Decision"

    unit_ids = fields.Many2many("serial.recall.unit", string="Serials", required=True)
    action = fields.Selection(
        [("remedy", "Record a Remedy"), ("write_off", "Write Off"), ("close", "Close")],
        required=True,
        default="remedy",
    )
    remedy = fields.Selection(REMEDIES)
    note = fields.Text(help="For a write-off, the reason: it is required.")

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if (
            self.env.context.get("active_model") == "serial.recall.unit"
            and "unit_ids" in fields_list
        ):
            res["unit_ids"] = [
                fields.Command.set(self.env.context.get("active_ids", []))
            ]
        return res

    def action_apply(self):
        self.ensure_one()
        if self.action == "remedy":
            if not self.remedy:
                raise UserError(_("Choose the remedy."))
            self.unit_ids._recall_remedy(self.remedy, self.note)
        elif self.action == "write_off":
            self.unit_ids._recall_write_off(self.note)
        else:
            self.unit_ids._recall_close(self.note)
        return {"type": "ir.actions.act_window_close"}
