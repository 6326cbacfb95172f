from . import test_warranty_dates
from . import test_claim_eligibility
from . import test_return_eligibility
from . import test_warranty_coverage
from . import test_warranty_claims
from . import test_rma_returns
from . import test_ui_tour
from . import test_alerts_and_documents
