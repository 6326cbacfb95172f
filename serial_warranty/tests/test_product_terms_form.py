import re

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import SerialWarrantyCase


@tagged("post_install", "-at_install")
class TestProductTermsForm(SerialWarrantyCase):
    """What the product and serial forms show of the warranty terms."""

    def test_the_product_form_shows_the_terms_in_force_and_where_they_come_from(self):
        template = self.product.product_tmpl_id
        self.assertEqual(
            template.warranty_terms_in_force,
            "12 months from shipment to the customer; returns within 30 days "
            f"(from category {self.category.display_name})",
        )
        template.write(
            {
                "warranty_custom_terms": True,
                "warranty_duration": 0,
                "warranty_return_days": 0,
            }
        )
        self.assertEqual(
            template.warranty_terms_in_force,
            "No warranty (from this product's own terms)",
        )

    def test_a_serial_without_warranty_terms_shows_no_warranty_tab(self):
        self._receive(["PT-001"])
        lot = self._lots("PT-001")
        self.assertFalse(
            self._page_invisible(lot), "in stock, the terms it will get are shown"
        )
        self.product.product_tmpl_id.write(
            {"warranty_custom_terms": True, "warranty_duration": 0}
        )
        self.assertEqual(lot.warranty_state, "none")
        self.assertTrue(self._page_invisible(lot))

    def _page_invisible(self, lot):
        """Whether the form's Warranty page is hidden for this serial, as the web client
        evaluates it."""
        form = Form(lot)
        node = form._view["tree"].find(".//page[@name='warranty']")
        return bool(
            safe_eval(node.get("invisible"), form._get_eval_context(form._values))
        )

    def test_terms_out_of_bounds_are_refused_by_name(self):
        cases = [
            (
                {"warranty_duration": -5},
                "Warranty Duration -5 months: from 1 day up to 100 years",
            ),
            (
                {"warranty_duration": 101, "warranty_unit": "years"},
                "Warranty Duration 101 years",
            ),
            (
                {"warranty_duration": 2**31 - 1, "warranty_unit": "days"},
                "Warranty Duration 2147483647 days",
            ),
            (
                {"warranty_return_days": -1},
                "Return Window (Days) -1: from 0 up to 3653 days",
            ),
            (
                {"warranty_install_fallback_days": 4000},
                "Start Anyway After (Days) 4000",
            ),
        ]
        template = self.product.product_tmpl_id
        for vals, message in cases:
            for record, extra in (
                (self.category, {}),
                (template, {"warranty_custom_terms": True}),
            ):
                with (
                    self.assertRaisesRegex(ValidationError, re.escape(message)),
                    self.env.cr.savepoint(),
                ):
                    record.write(dict(vals, **extra))
        self.assertEqual(self.category.warranty_duration, 12)
        self.category.write(
            {
                "warranty_duration": 100,
                "warranty_unit": "years",
                "warranty_return_days": 0,
            }
        )
        self.category.write({"warranty_duration": 0})  # no warranty
