from odoo import fields, models

WARRANTY_UNITS = [("days", "Days"), ("months", "Months"), ("years", "Years")]
WARRANTY_TRIGGERS = [
    ("shipment", "Shipment to the customer"),
    ("installation", "Installation"),
]
REPLACEMENT_POLICIES = [
    ("continue", "Continue the replaced unit's coverage"),
    ("restart", "Restart coverage at the replacement's shipment"),
]
# Field names of the terms, shared by category and product: the product
# uses its own values only when "Own Warranty Terms" is set.
WARRANTY_TERM_FIELDS = (
    "warranty_duration",
    "warranty_unit",
    "warranty_trigger",
    "warranty_install_fallback_days",
    "warranty_return_days",
    "warranty_transferable",
    "warranty_replacement_policy",
)


class ProductCategory(models.Model):
    _inherit = "product.category"

    warranty_duration = fields.Integer(
        "Warranty Duration", help="How long serials of this category are covered; 0 means no warranty.",
    )
    warranty_unit = fields.Selection(WARRANTY_UNITS, "Warranty Unit", default="months", required=True)
    warranty_trigger = fields.Selection(
        WARRANTY_TRIGGERS, "Warranty Starts At", default="shipment", required=True,
        help="Shipment: the day the delivery to the customer is validated. "
        "Installation: the day the serial is marked installed.",
    )
    warranty_install_fallback_days = fields.Integer(
        "Start Anyway After (Days)",
        help="With an installation trigger: coverage starts this many days after shipment "
        "when the serial has not been installed by then. 0: wait for the installation.",
    )
    warranty_return_days = fields.Integer(
        "Return Window (Days)",
        help="Days after shipment during which a customer may return a serial without a defect.",
    )
    warranty_transferable = fields.Boolean(
        "Warranty Passes to a New Owner",
        help="A customer the serial was installed at (a new owner) may also claim.",
    )
    warranty_replacement_policy = fields.Selection(
        REPLACEMENT_POLICIES, "Replacement Coverage", default="continue", required=True,
    )
