from . import serial_label_report
from . import serial_label_sheet_report
