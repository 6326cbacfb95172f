from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError


class StockReturnPickingLine(models.TransientModel):
    _inherit = "stock.return.picking.line"

    allowed_lot_ids = fields.Many2many("stock.lot", string="Shipped Serials", compute="_compute_allowed_lot_ids")
    lot_ids = fields.Many2many(
        "stock.lot", string="Serials Coming Back", domain="[('id', 'in', allowed_lot_ids)]",
        help="Which of the serials this delivery shipped come back; each is checked before "
        "the return is created.",
    )
    tracking = fields.Selection(related="product_id.tracking")

    @api.depends("move_id")
    def _compute_allowed_lot_ids(self):
        for line in self:
            line.allowed_lot_ids = line.move_id.move_line_ids.filtered(lambda ml: ml.state == "done").lot_id

    @api.onchange("lot_ids")
    def _onchange_lot_ids(self):
        if self.tracking == "serial" and self.lot_ids:
            self.quantity = len(self.lot_ids)


class StockReturnPicking(models.TransientModel):
    _inherit = "stock.return.picking"

    is_customer_return = fields.Boolean(compute="_compute_is_customer_return")
    force_reason = fields.Text(
        "Force Return Because",
        help="Managers only: serials refused by the return checks come back anyway; the reason "
        "is recorded on each serial's history.",
    )
    warranty_claim_id = fields.Many2one("serial.warranty.claim", "Warranty Claim")

    @api.depends("picking_id")
    def _compute_is_customer_return(self):
        for wizard in self:
            wizard.is_customer_return = wizard.picking_id.location_dest_id.usage == "customer"

    def _warranty_lines(self):
        """Lines returning serial products whose returns follow warranty terms."""
        if not self.is_customer_return:
            return self.env["stock.return.picking.line"]
        return self.product_return_moves.filtered(
            lambda line: line.quantity and line.move_id
            and line.product_id.product_tmpl_id._warranty_governs_returns()
        )

    def _create_return(self):
        lines = self._warranty_lines()
        missing = lines.filtered(lambda line: len(line.lot_ids) != line.quantity)
        if missing:
            raise UserError(_(
                "Choose which serials come back (as many as the quantity) for: %(products)s",
                products=", ".join(missing.product_id.mapped("display_name")),
            ))
        forced_lots = self.env["stock.lot"]
        refusals = self.env["stock.move"]._warranty_return_refusals(
            {line.move_id: line.lot_ids for line in lines}, self.picking_id.partner_id)
        if refusals:
            if not self.force_reason:
                raise UserError(_(
                    "No return was created; these serials may not come back:\n%(lines)s\n"
                    "A Serial Lifecycle manager can force the return with a reason.",
                    lines="\n".join(" - %s" % refusal for _lot, refusal in refusals),
                ))
            if not self.env.user.has_group("serial_lifecycle.group_serial_lifecycle_manager"):
                raise AccessError(_("Only a Serial Lifecycle manager can force a return."))
            forced_lots = self.env["stock.lot"].union(*[lot for lot, _refusal in refusals])
        new_picking = super()._create_return()
        if lines:
            self._warranty_set_return_serials(new_picking, lines)
        if forced_lots:
            self.env["stock.lot"]._lifecycle_append([{
                "lot_id": lot.id,
                "event_type": "return_forced",
                "picking_id": new_picking.id,
                "partner_id": self.picking_id.partner_id.id,
                "note": self.force_reason.strip(),
            } for lot in forced_lots])
        return new_picking

    def _warranty_set_return_serials(self, new_picking, lines):
        """Put the chosen serials on the return instead of those Odoo picked."""
        lots_by_origin = {line.move_id: line.lot_ids for line in lines}
        moves = new_picking.move_ids.filtered(lambda move: move.origin_returned_move_id in lots_by_origin)
        moves.move_line_ids.unlink()
        self.env["stock.move.line"].create([{
            "move_id": move.id,
            "picking_id": new_picking.id,
            "product_id": move.product_id.id,
            "lot_id": lot.id,
            "quantity": 1,
            "location_id": move.location_id.id,
            "location_dest_id": move.location_dest_id.id,
        } for move in moves for lot in lots_by_origin[move.origin_returned_move_id]])
        if self.warranty_claim_id:
            new_picking.message_post(body=_("Return for warranty claim %(claim)s.",
                                             claim=self.warranty_claim_id.name))

