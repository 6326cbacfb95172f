from . import serial_warranty_failure_report
from . import serial_warranty_return_report
from . import serial_warranty_service_report
