from odoo import fields, models

SAMPLING = [
    ("all", "Every Serial"),
    ("every_nth", "Every Nth Serial"),
    ("per_receipt", "N Serials per Receipt"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    serial_inspection_sampling = fields.Selection(
        SAMPLING,
        "Inspection Sampling",
        default="all",
        required=True,
        help="Which received serials are inspected. Every Nth: the 1st, the "
        "N+1th... of each receipt and "
        "product; N per receipt: the first N. The other serials of the "
        "receipt take the samples' verdict "
        "once every sample has one (failed if one sample failed).",
    )
    serial_inspection_sample_size = fields.Integer("Sample Size (N)", default=1)
