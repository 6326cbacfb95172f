from odoo import _, api, fields, models

from .product_category import (
    REPLACEMENT_POLICIES,
    WARRANTY_TERM_FIELDS,
    WARRANTY_TRIGGERS,
    WARRANTY_UNITS,
    check_term_bounds,
)


class ProductTemplate(models.Model):
    _inherit = "product.template"

    # As for the serial format: a product follows its category's terms
    # unless it has its own, so a category change reaches every product.
    warranty_custom_terms = fields.Boolean(
        "Own Warranty Terms",
        help="Use the warranty terms below instead of the product category's.",
    )
    warranty_duration = fields.Integer()
    warranty_unit = fields.Selection(WARRANTY_UNITS, default="months")
    warranty_trigger = fields.Selection(
        WARRANTY_TRIGGERS, "Warranty Starts At", default="shipment"
    )
    warranty_install_fallback_days = fields.Integer("Start Anyway After (Days)")
    warranty_return_days = fields.Integer("Return Window (Days)")
    warranty_transferable = fields.Boolean("Warranty Passes to a New Owner")
    warranty_replacement_policy = fields.Selection(
        REPLACEMENT_POLICIES,
        "Replacement Coverage",
        default="continue",
    )
    warranty_terms_in_force = fields.Char(
        "Warranty in Force",
        compute="_compute_warranty_terms_in_force",
        help="The warranty terms serials of this product get, and where they come "
        "from.",
    )
    warranty_extension_months = fields.Integer(
        "Extends Warranty By (Months)",
        help="On a service product: confirming a sales order line of it extends "
        "the coverage "
        "of the serials named on the line by this many months.",
    )

    @api.depends(
        "warranty_custom_terms",
        "categ_id",
        *WARRANTY_TERM_FIELDS,
        *(f"categ_id.{name}" for name in WARRANTY_TERM_FIELDS),
    )
    def _compute_warranty_terms_in_force(self):
        units = dict(self._fields["warranty_unit"]._description_selection(self.env))
        triggers = dict(
            self._fields["warranty_trigger"]._description_selection(self.env)
        )
        for template in self:
            terms = template._warranty_terms()
            if terms["warranty_duration"] > 0:
                summary = _(
                    "%(duration)s %(unit)s from %(trigger)s",
                    duration=terms["warranty_duration"],
                    unit=units.get(terms["warranty_unit"], "").lower(),
                    trigger=triggers.get(terms["warranty_trigger"], "").lower(),
                )
            else:
                summary = _("No warranty")
            if terms["warranty_return_days"] > 0:
                summary = _(
                    "%(summary)s; returns within %(days)s days",
                    summary=summary,
                    days=terms["warranty_return_days"],
                )
            origin = (
                _("this product's own terms")
                if template.warranty_custom_terms
                else _("category %(category)s", category=template.categ_id.display_name)
            )
            template.warranty_terms_in_force = _(
                "%(summary)s (from %(origin)s)", summary=summary, origin=origin
            )

    @api.constrains("warranty_custom_terms", *WARRANTY_TERM_FIELDS)
    def _check_warranty_terms(self):
        # Bounds as on the category; a product's own values count only when used.
        check_term_bounds(self.filtered("warranty_custom_terms"))

    def _warranty_terms(self):
        """Return {field name: value} of the terms that apply to this product."""
        self.ensure_one()
        source = self if self.warranty_custom_terms else self.categ_id
        return {name: source[name] for name in WARRANTY_TERM_FIELDS}

    def _warranty_governs_returns(self):
        """Whether returns of this product go through the RMA checks.

        A product without warranty nor return window keeps Odoo's standard
        returns: there is no policy to enforce.
        """
        terms = self._warranty_terms()
        return self.tracking == "serial" and (
            terms["warranty_duration"] > 0 or terms["warranty_return_days"] > 0
        )
