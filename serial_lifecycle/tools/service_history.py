"""What each ledger event is on a serial's service history: its kind.

The service history (``stock.lot.service.history``) shows a serial's life in
a few kinds a service agent scans for: receipts, shipments, installations,
repairs, parts fitted and removed, revisions, recalls, claims. Each event
type of the ledger falls in one kind; a type not listed is ``other``.
Other modules add their kinds and event types through
``stock.lot.service.history._service_history_event_kinds()``.
"""

KINDS = [
    ("receipt", "Receipt"),
    ("shipment", "Shipment"),
    ("return", "Return"),
    ("installation", "Installation"),
    ("repair", "Repair"),
    ("component", "Part Fitted or Removed"),
    ("revision", "Revision"),
    ("reserialization", "Re-serialization"),
    ("recall", "Recall"),
    ("claim", "Warranty Claim"),
    ("stock", "Stock"),
    ("status", "Status"),
    ("other", "Other"),
]
KIND_LABELS = dict(KINDS)

EVENT_KINDS = {
    "receipt": "receipt",
    "production": "receipt",
    "delivery": "shipment",
    "customer_return": "return",
    "vendor_return": "return",
    "installed": "installation",
    "backfill": "status",
    "component_installed": "component",
    "component_removed": "component",
    "part_scrapped": "component",
    "part_returned": "component",
    "revision_change": "revision",
    "reserialized": "reserialization",
    "reserialized_from": "reserialization",
    "internal": "stock",
    "inventory_gain": "stock",
    "inventory_loss": "stock",
    "allocation": "stock",
    "deallocation": "stock",
    "consumption": "stock",
    "scrap": "status",
    "lost": "status",
    "found": "status",
    "quarantine": "status",
    "release": "status",
    "quality_passed": "status",
    "quality_failed": "status",
    "quality_reset": "status",
}

# The models whose events are recalls whatever their type (a recall
# quarantines and releases serials: those are recall steps on the timeline).
RECALL_MODELS = ("serial.recall.campaign", "serial.recall.unit")


def event_kind(event_type, res_model=None, kinds=None):
    """The kind of an event of ``event_type`` about a document of ``res_model``."""
    if res_model in RECALL_MODELS:
        return "recall"
    return (kinds or EVENT_KINDS).get(event_type, "other")


def description(*parts):
    """One line from its non-empty parts, as the SQL of the history writes it."""
    return " · ".join(part for part in parts if part)
