from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    serial_warranty_alert_days = fields.Integer(
        "Warn Before Warranty End (Days)",
        config_parameter="serial_warranty.alert_days",
        default=30,
        help="The daily check flags serials whose coverage ends within this many days.",
    )
    serial_warranty_alert_mail = fields.Boolean(
        "Offer an Extension by Email",
        config_parameter="serial_warranty.alert_mail",
        help="Also mail the customer an offer to extend the warranty.",
    )
    serial_warranty_claim_overdue_days = fields.Integer(
        "Claims Overdue After (Days)",
        config_parameter="serial_warranty.claim_overdue_days",
        default=30,
        help="An open warranty claim older than this many days is listed in "
        "Serials > Analytics > "
        "Overdue Claims.",
    )
    serial_warranty_public_checks_per_hour = fields.Integer(
        "Public Serial Checks per Hour",
        config_parameter="serial_warranty.public_checks_per_hour",
        default=20,
        help="How many serials one address may check per hour on the public page "
        "/serial/check.",
    )
    serial_warranty_override_covers_parts = fields.Boolean(
        related="company_id.serial_warranty_override_covers_parts",
        readonly=False,
    )
