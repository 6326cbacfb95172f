from odoo import api, fields, models


class BarcodeRule(models.Model):
    _inherit = "barcode.rule"

    type = fields.Selection(
        selection_add=[("production_date", "Production Date")],
        ondelete={"production_date": "set default"},
    )

    # stock.lot._serial_scan_gs1_rules() keeps each nomenclature's rules in
    # the registry's cache: any change of a rule clears it.

    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        self.env.registry.clear_cache()
        return rules

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res
