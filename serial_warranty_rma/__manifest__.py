{
    "name": "Serial Warranty - OCA RMA",
    "summary": "OCA's RMA for a serial runs the warranty's return checks, its receipt "
    "records a customer return, and a warranty claim can open an RMA",
    "version": "18.0.1.0.0",
    "category": "Inventory/Inventory",
    # rma and rma_lot are AGPL-3: a module extending them is too.
    "license": "AGPL-3",
    "development_status": "Alpha",
    "author": "Serial Lifecycle Team",
    "website": "https://github.com/serial-lifecycle/serial-lifecycle",
    "maintainers": ["serial-lifecycle"],
    "depends": ["serial_warranty", "rma_lot"],
    "data": ["views/serial_warranty_claim_views.xml"],
    # Installed by itself wherever both are: nobody has to know it exists.
    "auto_install": True,
    "installable": True,
}
