from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import ledger_guard
from ..tools.quality import FAIL, PASS


class SerialInspectionResult(models.Model):
    """One result of one check on one serial: who, when, the value and whether it
    passed.

    Created only by ``stock.lot._quality_record()`` (the Record Inspection
    dialogs), which computes ``passed`` and appends the verdict to the
    ledger; never created, edited nor deleted otherwise. A reset by a
    manager keeps the results and marks them superseded.
    """

    _name = "serial.inspection.result"
    _description = "Serial Inspection Result"
    _order = "date desc, id desc"
    _check_company_auto = True

    lot_id = fields.Many2one(
        "stock.lot",
        "Serial Number",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
    )
    product_id = fields.Many2one(related="lot_id.product_id", store=True)
    company_id = fields.Many2one("res.company", "Company", index=True, readonly=True)
    check_id = fields.Many2one(
        "serial.inspection.check",
        "Check",
        required=True,
        ondelete="restrict",
        readonly=True,
    )
    check_type = fields.Selection(related="check_id.check_type")
    result = fields.Selection([(PASS, "Pass"), (FAIL, "Fail")], readonly=True)
    value = fields.Float("Measured Value", digits=(16, 4), readonly=True)
    unit = fields.Char(readonly=True)
    passed = fields.Boolean(readonly=True)
    failed_count = fields.Integer(
        "Failures",
        readonly=True,
        aggregator="sum",
        help="1 for a failed result: summed by product, supplier or check, with "
        "the count of results, "
        "it gives the failure rate.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        "Supplier",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="Who supplied the unit: the partner of its receipt.",
    )
    superseded = fields.Boolean(
        readonly=True,
        help="Recorded before the serial was reset to pending for a new inspection.",
    )
    user_id = fields.Many2one(
        "res.users", "Inspector", readonly=True, ondelete="restrict"
    )
    date = fields.Datetime(readonly=True, default=fields.Datetime.now)
    picking_id = fields.Many2one(
        "stock.picking", "Receipt", readonly=True, ondelete="set null"
    )

    @api.model_create_multi
    def create(self, vals_list):
        self.browse().check_access("create")
        if not ledger_guard.is_unlocked():
            raise UserError(
                _(
                    "Inspection results are recorded with Record Inspection, "
                    "not created by hand."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if not ledger_guard.is_unlocked():
            raise UserError(
                _(
                    "Inspection results cannot be changed: reset the serial "
                    "and inspect it again."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        raise UserError(
            _(
                "Inspection results cannot be deleted: they are the serial's "
                "quality history."
            )
        )
