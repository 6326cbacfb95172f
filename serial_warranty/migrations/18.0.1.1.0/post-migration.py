"""Claims decided before 18.0.1.1.0 kept the reasons of their decision as
English sentences, in the column of the stored field decision_note: store
them as codes and facts (decision_reasons), so that each reader reads them
in their own language. The old column is left as it was."""

import json

from odoo import SUPERUSER_ID, api

from odoo.addons.serial_lifecycle.tools.messages import message_to_json
from odoo.addons.serial_warranty.messages import MESSAGES
from odoo.addons.serial_warranty.tools.claim_eligibility import (
    REASONS,
    reasons_from_text,
)


def migrate(cr, version):
    cr.execute(
        "SELECT 1 FROM information_schema.columns "
        "WHERE table_name = 'serial_warranty_claim' AND column_name = 'decision_note'"
    )
    if not cr.fetchone():
        return
    env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
    # The sentences were written in English by the code before this version.
    templates = {code: env._(MESSAGES[code]) for code, _label in REASONS}
    cr.execute(
        "SELECT id, decision_note FROM serial_warranty_claim "
        "WHERE decision_note IS NOT NULL AND decision_reasons IS NULL"
    )
    for claim_id, text in cr.fetchall():
        reasons = [
            message_to_json(reason) for reason in reasons_from_text(text, templates)
        ]
        cr.execute(
            "UPDATE serial_warranty_claim SET decision_reasons = %s WHERE id = %s",
            (json.dumps(reasons), claim_id),
        )
