from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    serial_inspection_sampling = fields.Selection(
        related="company_id.serial_inspection_sampling", readonly=False
    )
    serial_inspection_sample_size = fields.Integer(
        related="company_id.serial_inspection_sample_size", readonly=False
    )
