{
    "name": "Serial Lifecycle - Stock Barcodes",
    "summary": "OCA's barcode app (stock_barcodes) reads our GS1 serial labels and "
    "refuses blocked serials at the scan",
    "version": "18.0.1.0.0",
    "category": "Inventory/Inventory",
    # stock_barcodes is AGPL-3: a module extending its wizard is too.
    "license": "AGPL-3",
    "development_status": "Alpha",
    "author": "Serial Lifecycle Team",
    "website": "https://github.com/serial-lifecycle/serial-lifecycle",
    "maintainers": ["serial-lifecycle"],
    "depends": ["serial_lifecycle", "stock_barcodes"],
    # Installed by itself wherever both are: nobody has to know it exists.
    "auto_install": True,
    "installable": True,
}
