{
    "name": "Serial Warranty",
    "summary": "Warranty by serial number: terms per product, coverage started at shipment or "
    "installation, claims with eligibility decisions, RMA checks on returns, repairs",
    "version": "18.0.1.0.0",
    "category": "Inventory/Inventory",
    # Found from the Apps screen (whose default filter shows applications).
    "application": True,
    "license": "LGPL-3",
    "development_status": "Alpha",
    "author": "Serial Lifecycle Team",
    "depends": ["serial_lifecycle", "sale_stock", "repair"],
    "data": [
        "security/serial_warranty_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_template_data.xml",
        "views/product_category_views.xml",
        "views/product_template_views.xml",
        "wizards/serial_warranty_void_wizard_views.xml",
        "wizards/serial_warranty_claim_override_wizard_views.xml",
        "wizards/serial_warranty_replace_wizard_views.xml",
        "wizards/stock_return_picking_views.xml",
        "views/serial_warranty_claim_views.xml",
        "views/stock_lot_views.xml",
        "views/res_partner_views.xml",
        "views/repair_order_views.xml",
        "views/sale_order_views.xml",
        "views/res_config_settings_views.xml",
        "views/serial_warranty_menus.xml",
        "report/stock_lot_warranty_certificate.xml",
    ],
    "demo": [
        "demo/serial_warranty_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "serial_warranty/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
