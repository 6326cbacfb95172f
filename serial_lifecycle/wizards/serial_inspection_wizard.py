from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools.quality import CHECK_TYPES, FAIL, PASS
from ..tools.serial_numbers import normalize_serial


class SerialInspectionWizard(models.TransientModel):
    """Record Inspection: the checks of one serial (from its form) or of all a receipt's
    serials.

    On a receipt every pending serial is listed with its checks; scanning
    (or typing) a serial in the Scan field selects it: its lines are
    highlighted and listed first.
    """

    _name = "serial.inspection.wizard"
    _inherit = ["serial.input.mixin"]
    _description = "Record Serial Inspection"

    picking_id = fields.Many2one("stock.picking", "Receipt", readonly=True)
    lot_ids = fields.Many2many("stock.lot", string="Serial Numbers", readonly=True)
    lot_id = fields.Many2one("stock.lot", "Selected Serial", readonly=True)
    scan = fields.Char(help="Scan or type a serial number to select it.")
    line_ids = fields.One2many("serial.inspection.wizard.line", "wizard_id", "Checks")

    @api.model
    def _serial_open(self, lots, picking=None):
        """The dialog for ``lots`` (waiting for inspection), one line per serial and
        check."""
        lots = lots.filtered(lambda lot: lot.quality_status == "pending")
        if not lots:
            raise UserError(_("No serial here waits for an inspection."))
        without_plan = lots.filtered(lambda lot: not lot.inspection_plan_id.check_ids)
        if without_plan:
            raise UserError(
                _(
                    "%(serials)s: their product requires inspection but has "
                    "no inspection plan "
                    "with checks.",
                    serials=", ".join(without_plan.mapped("name")),
                )
            )
        wizard = self.create(
            {
                "picking_id": picking.id if picking else False,
                "lot_ids": [fields.Command.set(lots.ids)],
                "lot_id": lots[:1].id if len(lots) == 1 else False,
                "line_ids": [
                    fields.Command.create({"lot_id": lot.id, "check_id": check.id})
                    for lot in lots
                    for check in lot.inspection_plan_id.check_ids
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": _(
                "Record Inspection: %(what)s",
                what=picking.name if picking else lots[:1].name,
            ),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "views": [[False, "form"]],
            "target": "new",
        }

    @api.onchange("scan")
    def _onchange_scan(self):
        if not self.scan:
            return None
        serial = normalize_serial(self.scan)
        self.scan = False
        lot = self.lot_ids.filtered(lambda lot: lot.name == serial)[:1]
        if not lot:
            return {
                "warning": {
                    "title": _("Serial not on this inspection"),
                    "message": _(
                        "%(serial)s is not one of the serials waiting for "
                        "inspection here.",
                        serial=serial,
                    ),
                }
            }
        self.lot_id = lot
        return None

    def _serial_entries(self):
        return self.env["stock.lot"]._quality_entries_from_input(
            [
                (line.lot_id, line.check_id, line.result, line.value)
                for line in self.line_ids
            ]
        )

    def action_record(self):
        """Record the results entered; on a receipt, the screen comes back with the
        serials still pending."""
        self.ensure_one()
        self.env["stock.lot"]._quality_record(
            self._serial_entries(), picking=self.picking_id or None
        )
        if self.picking_id and self.picking_id._serial_inspection_lots():
            return self.picking_id.action_open_inspection_wizard()
        return {"type": "ir.actions.act_window_close"}


class SerialInspectionWizardLine(models.TransientModel):
    _name = "serial.inspection.wizard.line"
    _inherit = ["serial.input.mixin"]
    _description = "Record Serial Inspection: one check of one serial"
    _order = "selected desc, id"

    wizard_id = fields.Many2one(
        "serial.inspection.wizard", required=True, ondelete="cascade"
    )
    lot_id = fields.Many2one("stock.lot", "Serial Number", required=True, readonly=True)
    check_id = fields.Many2one(
        "serial.inspection.check", "Check", required=True, readonly=True
    )
    check_type = fields.Selection(CHECK_TYPES, related="check_id.check_type")
    required = fields.Boolean(related="check_id.required")
    limits = fields.Char(compute="_compute_limits")
    selected = fields.Boolean(compute="_compute_selected", store=True)
    result = fields.Selection([(PASS, "Pass"), (FAIL, "Fail")])
    value = fields.Char("Measured Value")

    @api.depends("wizard_id.lot_id", "lot_id")
    def _compute_selected(self):
        for line in self:
            line.selected = line.lot_id == line.wizard_id.lot_id

    @api.depends("check_id")
    def _compute_limits(self):
        for line in self:
            line.limits = (
                line.check_id._serial_limits_label()
                if line.check_type == "measure"
                else ""
            )
