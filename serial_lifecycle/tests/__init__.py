from . import test_allocation_and_blocking
from . import test_backfill
from . import test_ledger_security
from . import test_manual_events
from . import test_serial_format
from . import test_stock_flows
