from . import stock_return_picking
from . import serial_warranty_void_wizard
from . import serial_warranty_claim_override_wizard
from . import serial_warranty_replace_wizard
