from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    recall_campaign_id = fields.Many2one(
        "serial.recall.campaign", "Recall Campaign", index="btree_not_null", readonly=True, copy=False,
    )

    def _action_assign(self, force_qty=False):
        # A quarantine transfer takes the recalled serials themselves, never
        # any unit of the product that Odoo's removal strategy would pick.
        recall_moves = self.filtered("recall_campaign_id")
        recall_moves.filtered(lambda move: move.state in ("confirmed", "partially_available"))._recall_reserve_units()
        return super(StockMove, self - recall_moves)._action_assign(force_qty=force_qty)

    def _recall_reserve_units(self):
        """Reserve, on each quarantine move, its campaign's serials still in that warehouse's stock."""
        if not self:
            return
        units = self.env["serial.recall.unit"].search([
            ("campaign_id", "in", self.recall_campaign_id.ids),
            ("status", "=", "to_quarantine"),
            ("product_id", "in", self.product_id.ids),
        ])
        quants = self.env["stock.quant"].search_fetch([
            ("lot_id", "in", (units.lot_id - self.move_line_ids.lot_id).ids),
            ("quantity", ">", 0),
            ("location_id.usage", "=", "internal"),
            ("location_id.recall_quarantine", "=", False),
        ], ["lot_id", "location_id", "product_id"])
        # Grouped once, not every quant compared with every move.
        quants_by_key = quants.grouped(lambda quant: (quant.product_id, quant.location_id.warehouse_id))
        self.env["stock.move.line"].create([{
            "move_id": move.id,
            "picking_id": move.picking_id.id,
            "product_id": move.product_id.id,
            "product_uom_id": move.product_uom.id,
            "lot_id": quant.lot_id.id,
            "quantity": 1,
            "location_id": quant.location_id.id,
            "location_dest_id": move.location_dest_id.id,
        } for move in self for quant in quants_by_key.get((move.product_id, move.picking_type_id.warehouse_id), [])])

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        done = moves.filtered(lambda move: move.state == "done")
        Unit = self.env["serial.recall.unit"].sudo()
        returns = done.filtered(lambda move: move.location_id.usage == "customer")
        if returns:
            Unit._recall_mark_returned(returns)
        quarantined = done.filtered(lambda move: move.recall_campaign_id and move.location_dest_id.recall_quarantine)
        if quarantined:
            Unit.search([
                ("campaign_id", "in", quarantined.recall_campaign_id.ids),
                ("lot_id", "in", quarantined.move_line_ids.lot_id.ids),
                ("status", "=", "to_quarantine"),
            ]).write({"status": "quarantined"})
        return moves
