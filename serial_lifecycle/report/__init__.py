from . import serial_label_report
from . import serial_label_sheet_report
from . import serial_report_mixin
from . import serial_report_cube_mixin
from . import serial_stock_age_report
from . import serial_stock_velocity_report
from . import serial_stock_velocity_cube
from . import serial_stock_age_cube
