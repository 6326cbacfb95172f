from odoo import fields, models

WARRANTY_EVENT_TYPES = [
    ("warranty_void", "Warranty Voided"),
    ("return_forced", "Return Forced by a Manager"),
    ("repair_start", "Repair Started"),
    ("repair_done", "Repair Done"),
    ("warranty_replaced", "Replaced under Warranty"),
]


def _keep_events_on_uninstall(events):
    """The ledger is append-only, also when this module goes: keep the rows,
    typed as internal events, with their former type in the note."""
    events.env.cr.execute("""
        UPDATE stock_lot_lifecycle_event
           SET note = '[' || event_type || '] ' || COALESCE(note, ''), event_type = 'internal'
         WHERE id = ANY(%s)
    """, (events.ids,))


class StockLotLifecycleEvent(models.Model):
    _inherit = "stock.lot.lifecycle.event"

    event_type = fields.Selection(
        selection_add=WARRANTY_EVENT_TYPES,
        ondelete={key: _keep_events_on_uninstall for key, _label in WARRANTY_EVENT_TYPES},
    )
