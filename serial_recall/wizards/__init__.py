from . import serial_recall_unit_wizard
from . import serial_recall_confirm_wizard
