from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    serial_warranty_override_covers_parts = fields.Boolean(
        "Overrides Cover Parts",
        default=True,
        help="A warranty claim a manager approved by override is repaired under "
        "warranty (parts at "
        "no charge), as a covered serial is. Off: the repair of a serial out "
        "of coverage is charged, "
        "override or not.",
    )
