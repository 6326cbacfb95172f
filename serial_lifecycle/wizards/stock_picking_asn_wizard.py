from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..messages import render
from ..tools import gs1
from ..tools.messages import bullet_list
from ..tools.serial_numbers import check_serial, find_duplicates, normalize_serial


class StockPickingAsnWizard(models.TransientModel):
    """Announced Serials: paste the supplier's serial list for a receipt, or accept
    unexpected serials."""

    _name = "stock.picking.asn.wizard"
    _inherit = ["serial.input.mixin"]
    _description = "Announced Serials"
    _serial_text_fields = ("serial_text",)

    picking_id = fields.Many2one(
        "stock.picking",
        "Receipt",
        required=True,
        readonly=True,
        domain=[("picking_type_code", "=", "incoming")],
    )
    company_id = fields.Many2one(related="picking_id.company_id")
    product_id = fields.Many2one(
        "product.product",
        "Product",
        check_company=True,
        domain="[('tracking', '=', 'serial'), ('id', 'in', allowed_product_ids)]",
    )
    allowed_product_ids = fields.Many2many(
        "product.product", compute="_compute_allowed_product_ids"
    )
    serial_text = fields.Text(
        "Serial Numbers",
        help="One serial per line, as the supplier's notice lists them.",
    )
    case_label = fields.Text(
        "Case Labels",
        help="Scan the supplier's GS1 label of each whole case, one per line: every "
        "(01) GTIN + (21) serial on them is announced for its product.",
    )
    reason = fields.Char(
        help="For serials the supplier did not announce: why a manager accepts them.",
    )

    @api.depends("picking_id")
    def _compute_allowed_product_ids(self):
        for wizard in self:
            wizard.allowed_product_ids = wizard.picking_id.move_ids.product_id.filtered(
                lambda product: product.tracking == "serial"
            )

    def _serial_pasted(self):
        """[(product, name)] of the pasted list and of the scanned case label, in
        order."""
        self.ensure_one()
        text = self.serial_text if isinstance(self.serial_text, str) else ""
        names = [normalize_serial(line) for line in text.splitlines() if line.strip()]
        if names and not self.product_id:
            raise UserError(_("Choose the product of the pasted serials."))
        pairs = [(self.product_id, name) for name in names]
        if self.case_label:
            pairs += self._serial_case_label_pairs()
        if not pairs:
            raise UserError(
                _("Paste the serial numbers, one per line, or scan the case label.")
            )
        return pairs

    def _serial_case_label_pairs(self):
        # One label per line: a shipment of several cases is announced at once
        # (a stock user gives a product's list once, see stock.picking.asn.line).
        labels = [line for line in self.case_label.splitlines() if line.strip()]
        found = []
        for index, label in enumerate(labels, 1):
            try:
                found += gs1.case_label_serials(label)
            except gs1.Gs1Error as error:
                raise UserError(
                    _(
                        "Case label refused: %(error)s.",
                        error=render(self.env, error.message),
                    )
                    if len(labels) == 1
                    else _(
                        "Case label %(line)s refused: %(error)s.",
                        line=index,
                        error=render(self.env, error.message),
                    )
                ) from None
        products = self.allowed_product_ids
        by_gtin = {}
        for gtin in {gtin for gtin, _name in found}:
            variants = set(gs1.gtin_variants(gtin))
            by_gtin[gtin] = products.filtered(
                lambda product, variants=variants: product.barcode in variants
            )[:1]
        unknown = sorted(gtin for gtin, product in by_gtin.items() if not product)
        if unknown:
            raise UserError(
                _(
                    "Case label refused: GTIN %(gtins)s is no serial-tracked "
                    "product of %(picking)s.",
                    gtins=", ".join(unknown),
                    picking=self.picking_id.display_name,
                )
            )
        return [(by_gtin[gtin], normalize_serial(name)) for gtin, name in found]

    def _serial_check_pairs(self, pairs):
        """Check the announced serials as a receipt would; every bad line named, per
        product."""
        Lot = self.env["stock.lot"]
        for product in dict.fromkeys(product for product, _name in pairs):
            names = [name for other, name in pairs if other == product]
            rules = product.product_tmpl_id._serial_format_rules()
            errors = []
            for index, name in enumerate(names, 1):
                error = Lot._serial_input_error(name)
                reasons = [error] if error else check_serial(name, *rules)
                errors += [
                    _(
                        "line %(line)s: %(serial)r %(reason)s",
                        line=index,
                        serial=name,
                        reason=render(self.env, reason),
                    )
                    for reason in reasons
                ]
            errors += [
                _("%(serial)r is given more than once", serial=name)
                for name in find_duplicates(names)
            ]
            already = {
                line.name
                for line in self.picking_id.serial_asn_line_ids
                if line.product_id == product
            }
            errors += [
                _("%(serial)r is announced already", serial=name)
                for name in names
                if name in already
            ]
            if errors:
                raise ValidationError(
                    _(
                        "These serial numbers for %(product)s are refused; "
                        "nothing was added:\n%(lines)s",
                        product=product.display_name,
                        lines=bullet_list(errors),
                    )
                )

    def action_announce(self):
        """Add the pasted serials (and those of the case label) to the receipt's
        announced serials."""
        self.ensure_one()
        pairs = self._serial_pasted()
        self._serial_check_pairs(pairs)
        self.env["stock.picking.asn.line"].create(
            [
                {
                    "picking_id": self.picking_id.id,
                    "product_id": product.id,
                    "name": name,
                }
                for product, name in pairs
            ]
        )
        self.picking_id.message_post(
            body=_(
                "%(count)s serials announced by the supplier: %(serials)s.",
                count=len(pairs),
                serials=", ".join(name for _product, name in pairs),
            )
        )
        return {"type": "ir.actions.act_window_close"}

    def action_accept(self):
        """A manager accepts the pasted serials though the supplier did not announce
        them."""
        self.ensure_one()
        text = self.serial_text if isinstance(self.serial_text, str) else ""
        names = [normalize_serial(line) for line in text.splitlines() if line.strip()]
        if not self.product_id:
            raise UserError(_("Choose the product of the serials to accept."))
        self.picking_id.action_serial_asn_accept(self.product_id.id, names, self.reason)
        return {"type": "ir.actions.act_window_close"}
