from . import lifecycle_rules
from . import serial_numbers
from . import gs1
