from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime


class StockLotComponentWizard(models.TransientModel):
    """Install component serials into a serial, or remove them: assembly, kits, field
    service.

    The component serials are scanned (plain serial or GS1 label) or picked;
    every check is ``stock.lot._component_install`` / ``_component_remove``'s,
    which refuse all offenders by name before anything is written.
    """

    _name = "stock.lot.component.wizard"
    _inherit = ["serial.input.mixin"]
    _description = "Install or Remove Component Serials"
    _serial_text_fields = ("scan",)

    mode = fields.Selection(
        [("install", "Install Components"), ("remove", "Remove Components")],
        "Action",
        required=True,
        default="install",
    )
    parent_lot_id = fields.Many2one(
        "stock.lot",
        "Unit",
        required=True,
        readonly=True,
        domain=[("product_id.tracking", "=", "serial")],
    )
    parent_company_id = fields.Many2one(
        related="parent_lot_id.company_id", string="Company"
    )
    current_component_ids = fields.Many2many(
        "stock.lot",
        string="Inside Now",
        compute="_compute_current_component_ids",
        help="The serials fitted directly into the unit now.",
    )
    component_lot_ids = fields.Many2many(
        "stock.lot",
        "stock_lot_component_wizard_lot_rel",
        "wizard_id",
        "lot_id",
        string="Component Serials",
        domain="[('product_id.tracking', '=', 'serial'), ('id', '!=', parent_lot_id)]",
    )
    scan = fields.Char(
        help="Scan a component's serial label (or type its serial number) to add it.",
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    reference = fields.Char(
        "Document",
        help="The assembly order, service visit or ticket behind this change.",
    )
    note = fields.Text()
    return_location_id = fields.Many2one(
        "stock.location",
        "Back to Stock In",
        domain="[('usage', '=', 'internal')]",
        default=lambda self: self.env["stock.warehouse"]
        .search([("company_id", "=", self.env.company.id)], limit=1)
        .lot_stock_id,
        help="Where the removed components go back into stock (they come back "
        "available). "
        "Leave empty for parts thrown away or kept by the customer: they "
        "stay out of stock.",
    )

    @api.depends("parent_lot_id")
    def _compute_current_component_ids(self):
        for wizard in self:
            wizard.current_component_ids = (
                wizard.parent_lot_id.component_link_ids.filtered(
                    lambda link: not link.date_end
                ).component_lot_id
            )

    @api.onchange("scan")
    def _onchange_scan(self):
        if not self.scan:
            return
        text, self.scan = self.scan, False
        try:
            result = self.env["stock.lot"]._serial_scan_parse(text, require_serial=True)
        except UserError as error:
            return {"warning": {"title": _("Not added"), "message": error.args[0]}}
        lots = result["lot"]
        if not lots:
            return {
                "warning": {
                    "title": _("Not added"),
                    "message": _(
                        "%(serial)s is no known serial number.", serial=result["serial"]
                    ),
                }
            }
        if len(lots) > 1:
            return {
                "warning": {
                    "title": _("Not added"),
                    "message": _(
                        "%(serial)s is the serial of several products "
                        "(%(products)s): pick it from the list.",
                        serial=result["serial"],
                        products=", ".join(lots.product_id.mapped("display_name")),
                    ),
                }
            }
        self.component_lot_ids |= lots

    @api.constrains("date")
    def _check_date(self):
        for wizard in self:
            if wizard.date > fields.Datetime.now():
                raise UserError(
                    _(
                        "The date cannot be in the future (%(date)s).",
                        date=format_datetime(self.env, wizard.date),
                    )
                )

    def action_confirm(self):
        self.ensure_one()
        if not self.component_lot_ids:
            raise UserError(_("Scan or choose at least one component serial."))
        Lot = self.env["stock.lot"]
        common = {
            "reference": self.reference or False,
            "note": self.note or False,
            "res_model": "stock.lot",
            "res_id": self.parent_lot_id.id,
        }
        reference = self.reference or self.parent_lot_id.name
        if self.mode == "install":
            Lot._component_install(
                [
                    dict(
                        common,
                        parent_lot_id=self.parent_lot_id.id,
                        component_lot_id=lot.id,
                        date_start=self.date,
                    )
                    for lot in self.component_lot_ids
                ]
            )
            # Fitted parts leave the stock: they are inside the unit now.
            self.component_lot_ids._component_consume_from_stock(reference)
        else:
            Lot._component_remove(
                [
                    dict(
                        common,
                        parent_lot_id=self.parent_lot_id.id,
                        component_lot_id=lot.id,
                        date_end=self.date,
                    )
                    for lot in self.component_lot_ids
                ]
            )
            if self.return_location_id:
                self.component_lot_ids._component_back_to_stock(
                    self.return_location_id, reference
                )
        return {"type": "ir.actions.act_window_close"}
