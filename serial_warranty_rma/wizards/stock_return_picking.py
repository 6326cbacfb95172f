from collections import defaultdict

from odoo import Command, models


class StockReturnPicking(models.TransientModel):
    _inherit = "stock.return.picking"

    def _create_return(self):
        self._warranty_adopt_lot_lines()
        return super()._create_return()

    def _warranty_adopt_lot_lines(self):
        """Read OCA's lines per serial as serial_warranty's choice of serials.

        stock_picking_return_lot (a dependency of rma_lot) splits the return
        wizard into one line per serial shipped (``lot_id``, its quantity
        preset); serial_warranty takes the serials coming back from the
        ``lot_ids`` chosen on a move's line. Both meet here: the serials
        chosen for a move (on any of its lines) come back, each on its own
        line, or, none chosen, those whose line keeps a quantity. A serial
        chosen that the move did not ship is left as chosen, so that
        serial_warranty refuses it by name.
        """
        by_move = defaultdict(lambda: self.env["stock.return.picking.line"])
        for line in self.product_return_moves:
            if line.lot_id and line.move_id and line.tracking == "serial":
                by_move[line.move_id] |= line
        for lines in by_move.values():
            chosen = lines.lot_ids
            if chosen - lines.lot_id:
                # Only the serials chosen come back: serial_warranty names
                # the one this delivery did not ship.
                lines.filtered(lambda line: not line.lot_ids).quantity = 0
                continue
            for line in lines:
                back = line.lot_id in chosen if chosen else line.quantity > 0
                line.write(
                    {
                        "lot_ids": [Command.set(line.lot_id.ids if back else [])],
                        "quantity": 1 if back else 0,
                    }
                )
