from . import serial_recall_reach_report
