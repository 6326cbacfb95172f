from . import portal
from . import serial_check
