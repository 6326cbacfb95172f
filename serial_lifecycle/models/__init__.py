from . import product_category
from . import product_template
from . import stock_lot
from . import stock_lot_lifecycle_event
from . import stock_move
from . import stock_move_line
from . import stock_quant
from . import serial_lifecycle_demo
