from . import product_category
from . import product_template
from . import stock_lot_lifecycle_event
from . import stock_lot
from . import serial_warranty_claim
from . import res_partner
from . import stock_move
from . import repair_order
