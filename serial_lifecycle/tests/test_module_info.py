from odoo.tests import TransactionCase, tagged

MODULES = ("serial_lifecycle", "serial_warranty", "serial_recall")


@tagged("post_install", "-at_install")
class TestModuleInfo(TransactionCase):
    """What a consultant sees of our modules in the Apps screen."""

    def test_found_by_a_search_for_serial_in_the_apps_default_view(self):
        # The Apps menu opens with its "Apps" filter (search_default_app).
        found = self.env["ir.module.module"].search([
            ("application", "=", True), "|", ("name", "ilike", "serial"), ("shortdesc", "ilike", "serial"),
        ])
        self.assertLessEqual(set(MODULES), set(found.mapped("name")))

    def test_each_module_has_its_icon_and_description_page(self):
        for module in self.env["ir.module.module"].search([("name", "in", MODULES)]):
            self.assertEqual(module.icon, "/%s/static/description/icon.png" % module.name)
            self.assertTrue(module.icon_image, module.name)
            self.assertIn("<li>", module.description_html, module.name)
