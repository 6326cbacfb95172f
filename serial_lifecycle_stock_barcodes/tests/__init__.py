from . import test_stock_barcodes_scan
