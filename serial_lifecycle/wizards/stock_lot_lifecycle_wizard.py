from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime

from ..tools.lifecycle_rules import EVENT_TYPE_LABELS, MANUAL_ACTIONS


class StockLotLifecycleWizard(models.TransientModel):
    """Ask date and reason for a manual lifecycle event on serials."""

    _name = "stock.lot.lifecycle.wizard"
    _inherit = ["serial.input.mixin"]
    _description = "Record a Serial Lifecycle Event"

    lot_ids = fields.Many2many("stock.lot", string="Serial Numbers", required=True)
    action = fields.Selection(
        [(key, EVENT_TYPE_LABELS[key]) for key in MANUAL_ACTIONS],
        "Event",
        required=True,
    )
    event_date = fields.Datetime("Date", required=True, default=fields.Datetime.now)
    reason = fields.Text(required=True)
    partner_id = fields.Many2one("res.partner", "Customer")
    site = fields.Char(
        "Installation Site",
        help="Where the unit is installed: address, building, room.",
    )

    @api.constrains("event_date")
    def _check_event_date(self):
        for wizard in self:
            if wizard.event_date > fields.Datetime.now():
                raise UserError(
                    _(
                        "The date of the event cannot be in the future (%s).",
                        format_datetime(self.env, wizard.event_date),
                    )
                )

    def action_confirm(self):
        self.ensure_one()
        if self.action == "installed" and not self.partner_id:
            raise UserError(_("Say which customer the serial is installed at."))
        self.lot_ids._lifecycle_apply_manual_action(
            self.action,
            self.event_date,
            self.reason,
            partner=self.partner_id if self.action == "installed" else None,
            site=self.site if self.action == "installed" else None,
        )
        return {"type": "ir.actions.act_window_close"}
