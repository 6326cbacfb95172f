from . import test_serial_ranges
from . import test_recall_campaign
