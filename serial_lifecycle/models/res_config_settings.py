from odoo import _, fields, models
from odoo.exceptions import AccessError
from odoo.tools import str2bool

from .stock_quant_batch import BATCH_PARAMETER


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    serial_inspection_sampling = fields.Selection(
        related="company_id.serial_inspection_sampling", readonly=False
    )
    serial_inspection_sample_size = fields.Integer(
        related="company_id.serial_inspection_sample_size", readonly=False
    )
    serial_batch_stock_updates = fields.Boolean(
        "Batch Serial Stock Updates",
        help="Validate and reserve serial lines in a few statements for all of "
        "them rather than Odoo's one update per serial. Lines with a package, an "
        "owner, a quantity other than one or a module changing Odoo's per-line "
        "code keep Odoo's own path.",
    )

    def get_values(self):
        res = super().get_values()
        value = (
            self.env["ir.config_parameter"].sudo().get_param(BATCH_PARAMETER, "True")
        )
        res["serial_batch_stock_updates"] = str2bool(value, default=True)
        return res

    def set_values(self):
        Param = self.env["ir.config_parameter"].sudo()
        current = str2bool(Param.get_param(BATCH_PARAMETER, "True"), default=True)
        changed = bool(self.serial_batch_stock_updates) != current
        # Settings are saved by administrators only; checked here too, before
        # anything is saved, as the parameter is written with sudo.
        if changed and not (
            self.env.is_superuser() or self.env.user.has_group("base.group_system")
        ):
            raise AccessError(
                _("Only an administrator can change how serial stock is updated.")
            )
        res = super().set_values()
        if changed:
            Param.set_param(BATCH_PARAMETER, str(bool(self.serial_batch_stock_updates)))
        return res
