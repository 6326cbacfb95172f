from . import serial_warranty_failure_report
from . import serial_warranty_return_report
from . import serial_warranty_service_report
from . import serial_warranty_failure_cube
from . import serial_warranty_service_cube
from . import serial_warranty_component_failure_report
