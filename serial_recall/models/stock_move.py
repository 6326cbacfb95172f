import contextvars

from odoo import fields, models

from odoo.addons.serial_lifecycle.tools import ledger_guard

from .stock_quant import BATCH_RESERVATION

# Set (in Python) while the transfers of one batch of a campaign's opening are
# reserved: the serials of that batch, so that the reservation does not read
# every unit of a campaign of 100,000 again at each batch.
RESERVE_ONLY_LOTS = contextvars.ContextVar("serial_recall_reserve_only", default=None)


class StockMove(models.Model):
    _inherit = "stock.move"

    recall_campaign_id = fields.Many2one(
        "serial.recall.campaign",
        "Recall Campaign",
        index="btree_not_null",
        readonly=True,
        copy=False,
    )

    def _action_assign(self, force_qty=False):
        # A quarantine transfer takes the recalled serials themselves, never
        # any unit of the product that Odoo's removal strategy would pick.
        recall_moves = self.filtered("recall_campaign_id")
        to_reserve = recall_moves.filtered(
            lambda move: move.state in ("confirmed", "partially_available")
        )
        to_reserve._recall_reserve_units()
        to_reserve._recompute_state()
        return super(StockMove, self - recall_moves)._action_assign(force_qty=force_qty)

    def _prepare_move_split_vals(self, qty):
        # The rest of a quarantine move, on its backorder, still takes only recalled
        # serials.
        vals = super()._prepare_move_split_vals(qty)
        if self.recall_campaign_id:
            vals["recall_campaign_id"] = self.recall_campaign_id.id
        return vals

    def _recall_reserve_units(self):
        """Reserve, on each quarantine move, its campaign's serials still in that
        warehouse's stock."""
        if not self:
            return
        domain = [
            ("campaign_id", "in", self.recall_campaign_id.ids),
            ("status", "=", "to_quarantine"),
            ("product_id", "in", self.product_id.ids),
        ]
        only = RESERVE_ONLY_LOTS.get()
        if only is not None:
            domain.append(("lot_id", "in", list(only)))
        units = self.env["serial.recall.unit"].search(domain)
        # A serial already on a quarantine transfer (this one, its backorder,
        # the one of a unit found again) is not reserved twice.
        taken = (
            self.env["stock.move.line"]
            .search_fetch(
                [
                    ("lot_id", "in", units.lot_id.ids),
                    ("move_id.recall_campaign_id", "!=", False),
                    ("state", "not in", ("done", "cancel")),
                ],
                ["lot_id"],
            )
            .lot_id
        )
        quants = self.env["stock.quant"].search_fetch(
            [
                ("lot_id", "in", (units.lot_id - taken).ids),
                ("quantity", ">", 0),
                ("location_id.usage", "=", "internal"),
                ("location_id.recall_quarantine", "=", False),
                # A serial held by a picked line elsewhere waits until that line lets it
                # go.
                ("reserved_quantity", "<=", 0),
            ],
            ["lot_id", "location_id", "product_id", "reserved_quantity"],
        )
        # Grouped once, not every quant compared with every move.
        quants_by_key = quants.grouped(
            lambda quant: (quant.product_id, quant.location_id.warehouse_id)
        )
        vals_list, reserved = [], []
        for move in self:
            for quant in quants_by_key.get(
                (move.product_id, move.picking_type_id.warehouse_id), []
            ):
                vals_list.append(
                    {
                        "move_id": move.id,
                        "picking_id": move.picking_id.id,
                        "product_id": move.product_id.id,
                        "product_uom_id": move.product_id.uom_id.id,
                        "lot_id": quant.lot_id.id,
                        "quantity": 1,
                        "location_id": quant.location_id.id,
                        "location_dest_id": move.location_dest_id.id,
                    }
                )
                reserved.append(quant.id)
        # Odoo reserves each new line's quant with a few queries per serial;
        # these quants are known already, and reserved together.
        with ledger_guard.setting(BATCH_RESERVATION, True):
            self.env["stock.move.line"].create(vals_list)
        self.env["stock.quant"].browse(reserved)._recall_reserve_one_each()
