from . import rma
from . import serial_warranty_claim
from . import stock_rule
