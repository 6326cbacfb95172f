{
    "name": "Serial Lifecycle",
    "summary": "Lifecycle state and append-only history for every serial number, "
    "fed by receipts, deliveries, returns, scrap and inventory",
    "version": "18.0.1.0.0",
    "category": "Inventory/Inventory",
    # Found from the Apps screen (whose default filter shows applications).
    "application": True,
    "license": "LGPL-3",
    "development_status": "Beta",
    "author": "Serial Lifecycle Team",
    "depends": ["stock"],
    "external_dependencies": {"python": ["python-barcode", "zxing-cpp"]},
    "data": [
        "security/serial_lifecycle_security.xml",
        "security/ir.model.access.csv",
        "security/stock_serial_count_security.xml",
        "data/barcode_rule_data.xml",
        "data/stock_serial_count_data.xml",
        "views/stock_lot_lifecycle_event_views.xml",
        "wizards/stock_lot_lifecycle_wizard_views.xml",
        "wizards/serial_label_wizard_views.xml",
        "wizards/stock_lot_component_wizard_views.xml",
        "report/serial_label_reports.xml",
        "views/stock_lot_views.xml",
        "views/product_category_views.xml",
        "views/product_template_views.xml",
        "views/stock_lot_component_views.xml",
        "views/serial_lifecycle_menus.xml",
        "views/serial_scan_views.xml",
        "views/stock_serial_count_views.xml",
    ],
    "demo": [
        "demo/serial_lifecycle_demo.xml",
        "demo/serial_scan_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "serial_lifecycle/static/src/serial_scan/*",
        ],
        "web.assets_tests": [
            "serial_lifecycle/static/tests/tours/*.js",
        ],
    },
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "installable": True,
}
