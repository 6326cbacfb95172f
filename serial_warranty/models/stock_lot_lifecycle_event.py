from odoo import api, fields, models

from odoo.addons.serial_lifecycle.tools.lifecycle_rules import (
    ALL_STATES,
    KEEP,
    SAME,
    restore,
    rule,
    states_except,
)

WARRANTY_EVENT_TYPES = [
    ("warranty_void", "Warranty Voided"),
    ("return_forced", "Return Forced by a Manager"),
    ("repair_start", "Repair Started"),
    ("repair_done", "Repair Done"),
    ("warranty_replaced", "Replaced under Warranty"),
]

# Rows of the transition table for the events above (see serial_lifecycle's
# tools/lifecycle_rules.py). A repair puts the serial in repair and gives it
# back the state it had (available, returned, shipped...) when it is done.
WARRANTY_TRANSITIONS = {
    "warranty_void": rule(ALL_STATES, SAME, customer=KEEP, manager_only=True),
    "return_forced": rule(ALL_STATES, SAME, customer=KEEP, manager_only=True),
    "repair_start": rule(
        states_except("scrapped", "consumed", "vendor_returned", "lost", "in_repair"),
        "in_repair",
        customer=KEEP,
    ),
    "repair_done": rule(("in_repair",), restore("repair_start"), customer=KEEP),
    "warranty_replaced": rule(ALL_STATES, SAME, customer=KEEP),
}


def _keep_events_on_uninstall(events):
    """The ledger is append-only, also when this module goes: keep the rows,
    typed as internal events, with their former type in the note."""
    events.env.cr.execute(
        """
        UPDATE stock_lot_lifecycle_event
           SET note = '[' || event_type || '] ' || COALESCE(note, ''), event_type =
               'internal'
         WHERE id = ANY(%s)
    """,
        (events.ids,),
    )


class StockLotLifecycleEvent(models.Model):
    _inherit = "stock.lot.lifecycle.event"

    event_type = fields.Selection(
        selection_add=WARRANTY_EVENT_TYPES,
        ondelete={
            key: _keep_events_on_uninstall for key, _label in WARRANTY_EVENT_TYPES
        },
    )

    @api.model
    def _lifecycle_transitions(self):
        transitions = super()._lifecycle_transitions()
        transitions.update(WARRANTY_TRANSITIONS)
        return transitions
