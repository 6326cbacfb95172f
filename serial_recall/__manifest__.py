{
    "name": "Serial Recall",
    "summary": "Recall campaigns: select serials by range, list, lot, production date "
    "or supplier, "
    "quarantine the units in stock, notify every customer, follow each unit "
    "to its remedy",
    "version": "18.0.1.1.0",
    "category": "Inventory/Inventory",
    # Found from the Apps screen (whose default filter shows applications).
    "application": True,
    "license": "LGPL-3",
    "development_status": "Alpha",
    "author": "Serial Lifecycle Team",
    "website": "https://github.com/serial-lifecycle/serial-lifecycle",
    "maintainers": ["serial-lifecycle"],
    "depends": ["serial_lifecycle", "sale_stock", "purchase_stock", "portal"],
    "data": [
        "security/ir.model.access.csv",
        "security/serial_recall_security.xml",
        "data/ir_sequence_data.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "wizards/serial_recall_unit_wizard_views.xml",
        "wizards/serial_recall_confirm_wizard_views.xml",
        "views/serial_recall_campaign_views.xml",
        "views/serial_recall_unit_views.xml",
        "views/stock_lot_views.xml",
        "views/stock_picking_views.xml",
        "views/serial_recall_menus.xml",
        "report/serial_recall_campaign_report.xml",
        "report/serial_recall_reach_report_views.xml",
        "views/portal_templates.xml",
    ],
    "demo": [
        "demo/serial_recall_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "serial_recall/static/tests/tours/*.js",
        ],
    },
    "external_dependencies": {"python": ["xlsxwriter"]},
    "installable": True,
}
