from . import stock_lot_lifecycle_wizard
from . import serial_label_wizard
from . import serial_inspection_wizard
from . import stock_lot_component_wizard
from . import stock_picking_asn_wizard
from . import stock_lot_reserialize_wizard
