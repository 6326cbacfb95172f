from odoo import api, fields, models

from odoo.addons.serial_lifecycle.tools import ledger_guard


class RepairOrder(models.Model):
    _inherit = "repair.order"

    warranty_claim_id = fields.Many2one(
        "serial.warranty.claim",
        "Warranty Claim",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    lot_warranty_state = fields.Selection(
        related="lot_id.warranty_state", string="Serial Warranty"
    )
    lot_warranty_end_date = fields.Date(
        related="lot_id.warranty_end_date", string="Covered Until"
    )

    @api.model_create_multi
    def create(self, vals_list):
        # Odoo's under_warranty is a manual checkbox (parts at no charge);
        # a serial under coverage sets it unless the user said otherwise.
        lots = self.env["stock.lot"].browse(
            [vals["lot_id"] for vals in vals_list if vals.get("lot_id")]
        )
        covered = set(lots.filtered(lambda lot: lot.warranty_state == "active").ids)
        for vals in vals_list:
            if "under_warranty" not in vals and vals.get("lot_id") in covered:
                vals["under_warranty"] = True
        return super().create(vals_list)

    @api.onchange("lot_id")
    def _onchange_lot_id_warranty(self):
        if self.lot_id:
            self.under_warranty = self.lot_id.warranty_state == "active"

    def action_repair_start(self):
        res = super().action_repair_start()
        self._warranty_append_repair_events("repair_start")
        return res

    def action_repair_done(self):
        # A serial part taken out and kept (a "recycle" line) comes back to
        # stock as returned, awaiting a decision, not as a new unit.
        kept = self.move_ids.filtered(
            lambda move: move.repair_line_type == "recycle"
            and move.product_id.tracking == "serial"
        )
        given = {
            **(ledger_guard.MOVE_EVENTS.get() or {}),
            **{move.id: {"event_type": "part_returned"} for move in kept},
        }
        with ledger_guard.setting(ledger_guard.MOVE_EVENTS, given):
            res = super().action_repair_done()
        self._repair_component_links()
        self._warranty_append_repair_events("repair_done")
        repaired_claims = self.warranty_claim_id.filtered(
            lambda claim: claim.state == "in_repair"
        )
        with ledger_guard.unlocked():
            repaired_claims.write({"state": "closed"})
        return res

    def _repair_component_links(self):
        """The parts lines of a done repair change what is inside the repaired unit.

        A part added with a serial becomes a component of the unit; a part
        removed (to the parts location, or recycled back into stock) that was
        inside the unit is a removed component. Parts inside nothing are only moved.
        """
        Lot = self.env["stock.lot"]
        removals, installs = [], []
        for repair in self.filtered(
            lambda repair: repair.lot_id and repair.product_id.tracking == "serial"
        ):
            document = {
                "reference": repair.name,
                "res_model": repair._name,
                "res_id": repair.id,
            }
            lines = repair.move_ids.filtered(
                lambda move: move.state == "done"
            ).move_line_ids.filtered(
                lambda line: line.lot_id
                and line.quantity > 0
                and line.product_id.tracking == "serial"
            )
            inside = repair.lot_id.component_link_ids.filtered(
                lambda link: not link.date_end
            ).component_lot_id
            removals += [
                dict(
                    document,
                    component_lot_id=line.lot_id.id,
                    parent_lot_id=repair.lot_id.id,
                    date_end=line.date,
                )
                for line in lines
                if line.move_id.repair_line_type in ("remove", "recycle")
                and line.lot_id in inside
            ]
            installs += [
                dict(
                    document,
                    component_lot_id=line.lot_id.id,
                    parent_lot_id=repair.lot_id.id,
                    date_start=line.date,
                    move_id=line.move_id.id,
                )
                for line in lines
                if line.move_id.repair_line_type == "add"
                and line.lot_id != repair.lot_id
            ]
        Lot._component_remove(removals, manual=False)
        Lot._component_install(installs, manual=False)

    def _warranty_append_repair_events(self, event_type):
        """Move the repaired serials to and from in_repair, through the ledger.

        A serial that left ``in_repair`` while it was repaired (shipped back
        before the order was closed) keeps its state: there is nothing to end.
        """
        repairs = self.filtered(
            lambda repair: repair.lot_id and repair.product_id.tracking == "serial"
        )
        if event_type == "repair_done":
            repairs = repairs.filtered(
                lambda repair: repair.lot_id.lifecycle_state == "in_repair"
            )
        self.env["stock.lot"]._lifecycle_append(
            [
                {
                    "lot_id": repair.lot_id.id,
                    "event_type": event_type,
                    "partner_id": repair.partner_id.id,
                    "company_id": repair.company_id.id,
                    "res_model": "repair.order",
                    "res_id": repair.id,
                }
                for repair in repairs
            ]
        )
