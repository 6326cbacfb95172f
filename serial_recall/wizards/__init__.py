from . import serial_recall_unit_wizard
