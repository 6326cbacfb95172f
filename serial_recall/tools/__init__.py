from . import serial_ranges
