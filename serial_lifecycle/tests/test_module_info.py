from lxml import etree

from odoo.tests import TransactionCase, tagged

MODULES = ("serial_lifecycle", "serial_warranty", "serial_recall")


@tagged("post_install", "-at_install")
class TestModuleInfo(TransactionCase):
    """What a consultant sees of our modules in the Apps screen."""

    def test_found_by_a_search_for_serial_in_the_apps_default_view(self):
        # The Apps menu opens with its "Apps" filter (search_default_app).
        found = self.env["ir.module.module"].search(
            [
                ("application", "=", True),
                "|",
                ("name", "ilike", "serial"),
                ("shortdesc", "ilike", "serial"),
            ]
        )
        self.assertLessEqual(set(MODULES), set(found.mapped("name")))

    def test_each_module_has_its_icon_and_description_page(self):
        for module in self.env["ir.module.module"].search([("name", "in", MODULES)]):
            self.assertEqual(module.icon, f"/{module.name}/static/description/icon.png")
            self.assertTrue(module.icon_image, module.name)
            self.assertIn("<li>", module.description_html, module.name)

    def test_the_state_badge_shows_everywhere_with_the_same_colours(self):
        """List, kanban and form show the state badge, coloured by the same rule."""
        colours = set()
        for view_type in ("list", "kanban", "form"):
            arch = etree.fromstring(
                self.env["stock.lot"].get_view(view_type=view_type)["arch"]
            )
            badges = arch.xpath("//field[@name='lifecycle_state'][@widget='badge']")
            self.assertTrue(badges, view_type)
            for badge in badges:
                colours.add(
                    tuple(
                        sorted(
                            (key, value)
                            for key, value in badge.attrib.items()
                            if key.startswith("decoration-")
                        )
                    )
                )
        self.assertEqual(len(colours), 1, colours)
        self.assertEqual(len(colours.pop()), 4)
