from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date

from ..tools import ledger_guard

# A component sits in at most one parent at a time: settled by the database,
# so two users fitting the same battery at once cannot both succeed.
ONE_PARENT_INDEX = "stock_lot_component_one_parent"


class StockLotComponent(models.Model):
    """A component serial inside a parent serial, from a date until it is removed.

    Rows are written only by ``stock.lot._component_install()`` and
    ``stock.lot._component_remove()`` (under ``ledger_guard.links_unlocked``),
    which also record the change in both serials' history: a link is never
    edited nor deleted by hand, a removal ends it with a date.
    """

    _name = "stock.lot.component"
    _description = "Component Serial inside a Serial"
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["component_lot_id", "parent_lot_id", "reference"]

    parent_lot_id = fields.Many2one(
        "stock.lot",
        "Parent Serial",
        required=True,
        index=True,
        readonly=True,
        ondelete="restrict",
        help="The unit the component is (or was) inside.",
    )
    component_lot_id = fields.Many2one(
        "stock.lot",
        "Component Serial",
        required=True,
        index=True,
        readonly=True,
        ondelete="restrict",
    )
    parent_product_id = fields.Many2one(
        related="parent_lot_id.product_id", string="Parent Product"
    )
    component_product_id = fields.Many2one(
        related="component_lot_id.product_id", string="Component Product"
    )
    component_state = fields.Selection(
        related="component_lot_id.lifecycle_state", string="Component State"
    )
    parent_state = fields.Selection(
        related="parent_lot_id.lifecycle_state", string="Parent State"
    )
    date_start = fields.Datetime(
        "Installed On", required=True, readonly=True, default=fields.Datetime.now
    )
    date_end = fields.Datetime("Removed On", readonly=True, index=True)
    active_link = fields.Boolean(
        "Inside Now",
        compute="_compute_active_link",
        search="_search_active_link",
        help="The component is still inside the parent (the link has no end).",
    )
    reference = fields.Char(
        "Document",
        readonly=True,
        help="What fitted the component: a production order, an assembly, a "
        "service visit.",
    )
    end_reference = fields.Char("Removal Document", readonly=True)
    move_id = fields.Many2one(
        "stock.move",
        "Stock Move",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The production move that built the parent, when manufacturing made "
        "the link.",
    )
    res_model = fields.Char("Document Model", readonly=True)
    res_id = fields.Many2oneReference(
        "Document ID", model_field="res_model", readonly=True
    )
    end_res_model = fields.Char("Removal Document Model", readonly=True)
    end_res_id = fields.Many2oneReference(
        "Removal Document ID", model_field="end_res_model", readonly=True
    )
    note = fields.Text(readonly=True)
    user_id = fields.Many2one(
        "res.users",
        "Installed By",
        readonly=True,
        default=lambda self: self.env.user,
        ondelete="restrict",
    )
    end_user_id = fields.Many2one(
        "res.users", "Removed By", readonly=True, ondelete="restrict"
    )
    company_id = fields.Many2one(
        "res.company", "Company", index=True, readonly=True, ondelete="restrict"
    )
    summary = fields.Char(compute="_compute_summary")

    def init(self):
        res = super().init()
        # A partial index, which tools.sql.create_unique_index does not make.
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON stock_lot_component "
                "(component_lot_id) WHERE date_end IS NULL",
                SQL.identifier(ONE_PARENT_INDEX),
            )
        )
        return res

    @api.depends("date_end")
    def _compute_active_link(self):
        for link in self:
            link.active_link = not link.date_end

    def _search_active_link(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(_("Search components inside now with = or !=."))
        inside = (operator == "=") == bool(value)
        return [("date_end", "=" if inside else "!=", False)]

    @api.depends(
        "component_lot_id.name",
        "component_product_id",
        "parent_lot_id.name",
        "date_start",
        "date_end",
    )
    def _compute_summary(self):
        for link in self:
            values = {
                "product": link.component_product_id.display_name or "",
                "serial": link.component_lot_id.name or "",
                "parent": link.parent_lot_id.name or "",
                "start": format_date(self.env, link.date_start),
                "end": format_date(self.env, link.date_end) if link.date_end else "",
            }
            if link.date_end:
                link.summary = _(
                    "%(product)s %(serial)s in %(parent)s from %(start)s to %(end)s",
                    **values,
                )
            else:
                link.summary = _(
                    "%(product)s %(serial)s in %(parent)s since %(start)s", **values
                )

    @api.depends("summary")
    def _compute_display_name(self):
        for link in self:
            link.display_name = link.summary

    @api.model_create_multi
    def create(self, vals_list):
        # Users without the right are told so first; then nobody, superuser
        # included, writes a link but the install and remove methods.
        self.browse().check_access("create")
        if not ledger_guard.links_are_unlocked():
            raise UserError(
                _(
                    "Component links are made by installing or removing "
                    "components (the buttons on the "
                    "serial form, manufacturing orders), not created by hand."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        self.check_access("write")
        if not ledger_guard.links_are_unlocked():
            raise UserError(
                _(
                    "Component links cannot be changed by hand: remove the "
                    "component from the serial form, "
                    "which ends the link and records it in both serials' history."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        # Odoo's unlink checks the access rights first: a user who may not
        # delete gets the AccessError, whoever may gets the reason.
        raise UserError(
            _(
                "Component links cannot be deleted: they are the history of "
                "what was inside a unit. "
                "Remove the component instead."
            )
        )

    def action_open_document(self):
        self.ensure_one()
        if not (self.res_model and self.res_id and self.res_model in self.env):
            return False
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "views": [[False, "form"]],
        }
