from . import stock_lot_lifecycle_wizard
