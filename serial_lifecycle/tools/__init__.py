from . import gs1
from . import input_values
from . import labels
from . import lifecycle_rules
from . import serial_numbers
from . import serial_ranges
from . import serial_sequences
from . import genealogy
