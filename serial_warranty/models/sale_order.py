from odoo import _, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_confirm(self):
        # Check every extension line of every order before anything is
        # confirmed: a wrong line leaves the orders as they were.
        errors = self._warranty_extension_lines()._warranty_extension_errors()
        if errors:
            raise UserError(
                _(
                    "The warranty extensions cannot be applied:\n%(lines)s",
                    lines="\n".join(f" - {error}" for error in errors),
                )
            )
        return super().action_confirm()

    def _action_confirm(self):
        res = super()._action_confirm()
        self._warranty_extension_lines()._warranty_extend()
        return res

    def _warranty_extension_lines(self):
        return self.order_line.filtered(lambda line: line.warranty_extension_months > 0)
