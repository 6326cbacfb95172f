from . import test_rma_serials
