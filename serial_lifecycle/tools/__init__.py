from . import lifecycle_rules
from . import serial_numbers
