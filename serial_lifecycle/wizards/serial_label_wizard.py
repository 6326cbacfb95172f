from odoo import _, api, fields, models
from odoo.exceptions import UserError

LAYOUT_REPORTS = {
    "label_50x25": "serial_lifecycle.action_report_serial_label",
    "a4_3x8": "serial_lifecycle.action_report_serial_label_sheet",
}


class SerialLabelWizard(models.TransientModel):
    _name = "serial.label.wizard"
    _inherit = ["serial.input.mixin"]
    _description = "Print Serial Labels"

    lot_ids = fields.Many2many(
        "stock.lot",
        string="Serial Numbers",
        domain="[('product_id.tracking', '=', 'serial')]",
    )
    picking_id = fields.Many2one("stock.picking", "Transfer", readonly=True)
    layout = fields.Selection(
        [
            ("label_50x25", "Labels 50 x 25 mm (label printer)"),
            ("a4_3x8", "A4 sheet, 3 x 8 labels"),
        ],
        default="label_50x25",
        required=True,
    )
    matrix = fields.Selection(
        [
            ("datamatrix", "DataMatrix"),
            ("qr", "QR Code"),
            ("qr_link", "QR Code with a Web Link"),
            ("none", "None"),
        ],
        "2D Code",
        default="datamatrix",
        required=True,
        help="A two-dimensional code next to the linear barcode, holding the same "
        "data: a GS1 DataMatrix "
        "or GS1 QR Code on GS1 labels, a plain one holding the serial on the "
        "others. With a web link: "
        "the serial's GS1 Digital Link address on this database (<web "
        "address>/01/<GTIN>/21/<serial>), "
        "which a phone camera opens (with serial_warranty: the public serial "
        "check); products "
        "without a GTIN get a plain QR Code of the serial.",
    )
    copies = fields.Integer("Copies per Serial", default=1, required=True)
    serial_count = fields.Integer("Labels", compute="_compute_serial_count")

    @api.depends("lot_ids", "picking_id", "copies")
    def _compute_serial_count(self):
        for wizard in self:
            wizard.serial_count = len(wizard._serials_to_print()) * max(
                wizard.copies, 0
            )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if context.get("active_model") == "stock.lot" and context.get("active_ids"):
            values["lot_ids"] = [(6, 0, context["active_ids"])]
        elif context.get("active_model") == "stock.picking" and context.get(
            "active_id"
        ):
            values["picking_id"] = context["active_id"]
        return values

    def _serials_to_print(self):
        """(product id, serial) of every label, in the transfer's order for a
        transfer."""
        self.ensure_one()
        if self.picking_id:
            lines = self.picking_id.move_line_ids.filtered(
                lambda line: line.product_id.tracking == "serial"
                and (line.lot_id or line.lot_name)
            )
            return list(
                dict.fromkeys(
                    (line.product_id.id, line.lot_id.name or line.lot_name)
                    for line in lines
                )
            )
        return [
            (lot.product_id.id, lot.name)
            for lot in self.lot_ids
            if lot.product_id.tracking == "serial"
        ]

    def action_print(self):
        self.ensure_one()
        if not 1 <= self.copies <= 100:
            raise UserError(
                _(
                    "Copies per serial must be between 1 and 100, not %(copies)s.",
                    copies=self.copies,
                )
            )
        serials = self._serials_to_print()
        if not serials:
            raise UserError(
                _(
                    "There is no serial number to print on %(transfer)s: "
                    "serials are set on the transfer's "
                    "detailed operations, or selected in Inventory > Serials.",
                    transfer=self.picking_id.name or _("this selection"),
                )
            )
        data = {"serials": serials, "matrix": self.matrix, "copies": self.copies}
        return self.env.ref(LAYOUT_REPORTS[self.layout]).report_action(
            self.lot_ids, data=data, config=False
        )
