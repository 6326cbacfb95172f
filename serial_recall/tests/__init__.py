from . import test_recall_campaign
from . import test_recall_genealogy
from . import test_recall_portal
from . import test_recall_reach_report
from . import test_recall_reports
from . import test_recall_screens
from . import test_serial_ranges
from . import test_ui_tour
