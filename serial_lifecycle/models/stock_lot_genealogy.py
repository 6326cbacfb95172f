import psycopg2
from markupsafe import Markup, escape

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..tools import ledger_guard
from ..tools.genealogy import CYCLE, SELF, TWICE, install_problems, tree_rows
from ..tools.lifecycle_rules import BLOCKED_STATES, CUSTOMER_STATES
from ..tools.messages import bullet_list
from .stock_lot_component import ONE_PARENT_INDEX
from .stock_lot_ledger import USER_GROUP

# A parent in one of these states holds nothing new: it is gone.
GONE_STATES = ("scrapped", "lost", "consumed")
# Deeper than this, a tree is a loop the database let through: stop climbing.
MAX_DEPTH = 64


class StockLot(models.Model):
    """Genealogy of a serial: the component serials inside it and the unit it sits in.

    The links are ``stock.lot.component`` rows; the two methods below are
    their only writers, and record each change in both serials' history.
    """

    _inherit = "stock.lot"

    component_link_ids = fields.One2many(
        "stock.lot.component",
        "parent_lot_id",
        "Component Links",
        readonly=True,
        help="Every component fitted into this serial, with the dates it was inside.",
    )
    parent_link_ids = fields.One2many(
        "stock.lot.component",
        "component_lot_id",
        "Parent Links",
        readonly=True,
        help="Every unit this serial was fitted into, with the dates.",
    )
    parent_lot_id = fields.Many2one(
        "stock.lot",
        "Inside",
        compute="_compute_genealogy",
        search="_search_parent_lot_id",
        help="The unit this serial is inside now.",
    )
    top_parent_lot_id = fields.Many2one(
        "stock.lot",
        "Top-Level Unit",
        compute="_compute_top_parent",
        search="_search_top_parent_lot_id",
        help="The outermost unit this serial is inside now, at any depth (empty "
        "when it is inside none).",
    )
    top_parent_partner_id = fields.Many2one(
        "res.partner",
        "Customer of the Unit",
        compute="_compute_top_parent",
        search="_search_top_parent_partner_id",
        help="The current customer of the top-level unit this serial is inside.",
    )
    genealogy_parent_ids = fields.Many2many(
        "stock.lot",
        string="Parent Chain",
        compute="_compute_genealogy",
        help="The units this serial is inside now, nearest first.",
    )
    genealogy_component_ids = fields.Many2many(
        "stock.lot",
        string="All Components",
        compute="_compute_genealogy",
        help="The serials inside this one now, at any depth.",
    )
    genealogy_tree_html = fields.Html(
        "Component Tree", compute="_compute_genealogy", sanitize=False
    )
    genealogy_history_ids = fields.Many2many(
        "stock.lot.component",
        string="Link History",
        compute="_compute_genealogy",
        help="Every link of this serial, as parent or as component, current and ended.",
    )
    contains_component = fields.Char(
        compute="_compute_genealogy_search_fields",
        search="_search_contains_component",
        help="Search: serials with a component of this serial number inside now, "
        "at any depth.",
    )
    built_from_component = fields.Char(
        compute="_compute_genealogy_search_fields",
        search="_search_built_from_component",
        help="Search: serials built from this component serial or lot, at any "
        "depth, including components "
        "removed since and lots consumed by manufacturing.",
    )

    # ------------------------------------------------------------------
    # Reading the tree: one recursive query each
    # ------------------------------------------------------------------

    def _genealogy_ancestors(self):
        """{lot id: [parent ids, nearest first]} for the serials of ``self``, links in
        place."""
        if not self.ids:
            return {}
        self.env["stock.lot.component"].flush_model()
        self.env.cr.execute(
            SQL(
                """
            WITH RECURSIVE up(start_id, lot_id, depth) AS (
                SELECT id, id, 0 FROM unnest(%(ids)s::int[]) AS id
                 UNION ALL
                SELECT up.start_id, link.parent_lot_id, up.depth + 1
                  FROM up JOIN stock_lot_component link
                    ON link.component_lot_id = up.lot_id AND link.date_end IS NULL
                 WHERE up.depth < %(max)s
            )
            SELECT start_id, array_agg(lot_id ORDER BY depth) FILTER (WHERE depth > 0)
              FROM up GROUP BY start_id
        """,
                ids=list(self.ids),
                max=MAX_DEPTH,
            )
        )
        return {start: parents or [] for start, parents in self.env.cr.fetchall()}

    def _genealogy_descendant_links(self):
        """[(parent id, component id, link id)] of the links in place under ``self``, at
        any depth."""
        if not self.ids:
            return []
        self.env["stock.lot.component"].flush_model()
        self.env.cr.execute(
            SQL(
                """
            WITH RECURSIVE down(link_id, parent_id, component_id, depth) AS (
                SELECT id, parent_lot_id, component_lot_id, 1 FROM stock_lot_component
                 WHERE parent_lot_id = ANY(%(ids)s) AND date_end IS NULL
                 UNION
                SELECT link.id, link.parent_lot_id, link.component_lot_id, down.depth +
                    1
                  FROM down JOIN stock_lot_component link
                    ON link.parent_lot_id = down.component_id AND link.date_end IS NULL
                 WHERE down.depth < %(max)s
            )
            SELECT DISTINCT down.parent_id, down.component_id, down.link_id, lot.name
              FROM down JOIN stock_lot lot ON lot.id = down.component_id
          ORDER BY lot.name, down.link_id
        """,
                ids=list(self.ids),
                max=MAX_DEPTH,
            )
        )
        return [row[:3] for row in self.env.cr.fetchall()]

    @api.depends("component_link_ids.date_end", "parent_link_ids.date_end")
    def _compute_genealogy(self):
        # In a form's onchange the serials are new records standing for saved ones.
        real = self._origin.filtered("id")
        ancestors = real._genealogy_ancestors()
        pairs = [
            (parent, component)
            for parent, component, _link in real._genealogy_descendant_links()
        ]
        Link = self.env["stock.lot.component"]
        for lot in self:
            lot_id = lot._origin.id
            chain = ancestors.get(lot_id, []) if lot_id else []
            rows = tree_rows(lot_id, pairs) if lot_id else []
            lot.parent_lot_id = chain[0] if chain else False
            lot.genealogy_parent_ids = [(6, 0, chain)]
            lot.genealogy_component_ids = [
                (6, 0, [component for _depth, _parent, component in rows])
            ]
            lot.genealogy_tree_html = self._genealogy_tree_markup(rows)
            lot.genealogy_history_ids = (
                Link.search(
                    [
                        "|",
                        ("parent_lot_id", "=", lot_id),
                        ("component_lot_id", "=", lot_id),
                    ]
                )
                if lot_id
                else Link
            )

    @api.model
    def _genealogy_tree_markup(self, rows):
        if not rows:
            return Markup('<p class="text-muted o_genealogy_empty">%s</p>') % _(
                "No component inside."
            )
        lots = self.browse({component for _depth, _parent, component in rows})
        items = Markup().join(
            Markup(
                '<li class="o_genealogy_node" style="margin-left: %(indent)sem">'
                '<span class="o_genealogy_serial">%(serial)s</span> '
                '<span class="text-muted">%(product)s</span> '
                '<span class="badge text-bg-%(colour)s">%(state)s</span></li>'
            )
            % {
                "indent": (depth - 1) * 1.5,
                "serial": escape(lot.name),
                "product": escape(lot.product_id.display_name),
                "colour": "danger"
                if lot.lifecycle_state in BLOCKED_STATES
                else "secondary",
                "state": escape(self._lifecycle_state_label(lot.lifecycle_state)),
            }
            for depth, _parent, component in rows
            for lot in [lots.browse(component).with_prefetch(lots._prefetch_ids)]
        )
        return Markup('<ul class="list-unstyled o_genealogy_tree">%s</ul>') % items

    def _compute_top_parent(self):
        ancestors = self._origin.filtered("id")._genealogy_ancestors()
        top_of = {lot_id: chain[-1] for lot_id, chain in ancestors.items() if chain}
        # One read for the customers of all the units, not one per unit.
        # (As superuser: the customer of a unit a user cannot open is still
        # the answer to "whose unit is this part in".)
        tops = self.browse(set(top_of.values())).sudo()
        tops.fetch(["lifecycle_partner_id"])
        partner_of = {top.id: top.lifecycle_partner_id.id for top in tops}
        for lot in self:
            top_id = top_of.get(lot._origin.id)
            lot.top_parent_lot_id = top_id or False
            lot.top_parent_partner_id = partner_of.get(top_id, False)

    def _compute_genealogy_search_fields(self):
        for lot in self:
            lot.contains_component = False
            lot.built_from_component = False

    # ------------------------------------------------------------------
    # Searching the tree
    # ------------------------------------------------------------------

    def _genealogy_value_lots(self, operator, value):
        """The serials a search value names: ids, or text matched on their name."""
        if isinstance(value, int) and not isinstance(value, bool):
            return SQL("(SELECT %s)", value)
        if isinstance(value, list | tuple) and all(
            isinstance(v, int) and not isinstance(v, bool) for v in value
        ):
            return SQL("(SELECT unnest(%s::int[]))", list(value))
        if operator in ("=", "!=", "in", "not in") and not isinstance(value, str):
            raise UserError(_("Search serials by their number or their record."))
        text_operator = (
            "="
            if operator in ("=", "!=")
            else ("in" if operator in ("in", "not in") else "ilike")
        )
        return self.sudo()._search([("name", text_operator, value)]).subselect("id")

    @staticmethod
    def _genealogy_negative(operator):
        return operator in ("!=", "not in", "not ilike")

    @api.model
    def _genealogy_units_above(self, lots_sql, history=False, manufacturing=False):
        """SQL of the serials above the given ones: those they are inside now (or were,
        with ``history``), at any depth; with ``manufacturing``, also the serials
        produced from them as Odoo records it (stock_move_line_consume_rel)."""
        self.env["stock.lot.component"].flush_model()
        if manufacturing:
            self.env["stock.move.line"].flush_model(["lot_id", "consume_line_ids"])
        current = SQL("") if history else SQL("WHERE date_end IS NULL")
        produced = (
            SQL("""
             UNION ALL
            -- Odoo's names read backwards: consume_line_id is the produced line.
            SELECT made.lot_id, used.lot_id
              FROM stock_move_line_consume_rel rel
              JOIN stock_move_line used ON used.id = rel.produce_line_id
              JOIN stock_move_line made ON made.id = rel.consume_line_id
             WHERE used.lot_id IS NOT NULL AND made.lot_id IS NOT NULL
        """)
            if manufacturing
            else SQL("")
        )
        # The edges as a subquery written twice, not a CTE: a CTE read twice
        # is materialised whole, this way each step uses the indexes.
        edge = SQL(
            "(SELECT parent_lot_id AS parent_id, component_lot_id AS child_id "
            "FROM stock_lot_component %s %s)",
            current,
            produced,
        )
        return SQL(
            """(
            WITH RECURSIVE up(lot_id, depth) AS (
                SELECT edge.parent_id, 1 FROM %(edge)s edge WHERE edge.child_id IN
                    %(lots)s
                 UNION
                SELECT edge.parent_id, up.depth + 1 FROM up JOIN %(edge)s edge ON
                    edge.child_id = up.lot_id
                 WHERE up.depth < %(max)s
            )
            SELECT lot_id FROM up
        )""",
            edge=edge,
            lots=lots_sql,
            max=MAX_DEPTH,
        )

    @api.model
    def _genealogy_units_below_tops(self, tops_sql):
        """SQL of the serials inside now, at any depth, of the given serials that are
        inside none."""
        self.env["stock.lot.component"].flush_model()
        return SQL(
            """(
            WITH RECURSIVE down(lot_id, depth) AS (
                SELECT link.component_lot_id, 1 FROM stock_lot_component link
                 WHERE link.date_end IS NULL AND link.parent_lot_id IN %(tops)s
                   AND NOT EXISTS (SELECT 1 FROM stock_lot_component outer_link
                                    WHERE outer_link.component_lot_id =
                                        link.parent_lot_id
                                      AND outer_link.date_end IS NULL)
                 UNION
                SELECT link.component_lot_id, down.depth + 1 FROM stock_lot_component
                    link
                  JOIN down ON link.parent_lot_id = down.lot_id
                 WHERE link.date_end IS NULL AND down.depth < %(max)s
            )
            SELECT lot_id FROM down
        )""",
            tops=tops_sql,
            max=MAX_DEPTH,
        )

    def _search_contains_component(self, operator, value):
        units = self._genealogy_units_above(self._genealogy_value_lots(operator, value))
        return [("id", "not in" if self._genealogy_negative(operator) else "in", units)]

    def _search_built_from_component(self, operator, value):
        units = self._genealogy_units_above(
            self._genealogy_value_lots(operator, value),
            history=True,
            manufacturing=True,
        )
        return [("id", "not in" if self._genealogy_negative(operator) else "in", units)]

    def _genealogy_inside_any(self):
        self.env["stock.lot.component"].flush_model()
        return SQL(
            "(SELECT component_lot_id FROM stock_lot_component WHERE date_end IS NULL)"
        )

    def _search_parent_lot_id(self, operator, value):
        if value is False or value is None:
            inside = operator in ("!=", "not in")
            return [("id", "in" if inside else "not in", self._genealogy_inside_any())]
        self.env["stock.lot.component"].flush_model()
        parents = self._genealogy_value_lots(operator, value)
        children = SQL(
            "(SELECT component_lot_id FROM stock_lot_component WHERE date_end IS NULL "
            "AND parent_lot_id IN %s)",
            parents,
        )
        return [
            ("id", "not in" if self._genealogy_negative(operator) else "in", children)
        ]

    def _search_top_parent_lot_id(self, operator, value):
        if value is False or value is None:
            # A serial has a top-level unit exactly when it is inside one.
            inside = operator in ("!=", "not in")
            return [("id", "in" if inside else "not in", self._genealogy_inside_any())]
        units = self._genealogy_units_below_tops(
            self._genealogy_value_lots(operator, value)
        )
        return [("id", "not in" if self._genealogy_negative(operator) else "in", units)]

    def _search_top_parent_partner_id(self, operator, value):
        if value is False or value is None:
            operator = "!=" if operator in ("=", "in") else "="
            tops = (
                self.sudo()
                ._search([("lifecycle_partner_id", operator, False)])
                .subselect("id")
            )
            return [("id", "in", self._genealogy_units_below_tops(tops))]
        negative = self._genealogy_negative(operator)
        positive = {"!=": "=", "not in": "in", "not ilike": "ilike"}.get(
            operator, operator
        )
        tops = (
            self.sudo()
            ._search([("lifecycle_partner_id", positive, value)])
            .subselect("id")
        )
        return [
            (
                "id",
                "not in" if negative else "in",
                self._genealogy_units_below_tops(tops),
            )
        ]

    # ------------------------------------------------------------------
    # Writing links: the only writers, each change on both serials' history
    # ------------------------------------------------------------------

    @api.model
    def _component_pair_errors(self, parent, component, problem):
        """Why ``component`` cannot go into ``parent`` whoever fits it: the loop
        ``problem`` install_problems found for the pair, serial tracking, companies.
        """
        names = {"component": component.name, "parent": parent.name}
        errors = []
        if problem == SELF:
            errors.append(_("%(component)s cannot be inside itself", **names))
        elif problem == TWICE:
            errors.append(_("%(component)s is asked twice", **names))
        elif problem == CYCLE:
            errors.append(
                _(
                    "%(component)s cannot go into %(parent)s: %(parent)s "
                    "is inside %(component)s",
                    **names,
                )
            )
        not_serial = [
            lot.name
            for lot in (parent | component)
            if lot.product_id.tracking != "serial"
        ]
        if not_serial:
            errors.append(
                _(
                    "%(serials)s: only serial numbers hold components",
                    serials=", ".join(not_serial),
                )
            )
        if (
            parent.company_id
            and component.company_id
            and parent.company_id != component.company_id
        ):
            errors.append(
                _(
                    "%(component)s belongs to %(company)s, %(parent)s to "
                    "%(parent_company)s",
                    company=component.company_id.name,
                    parent_company=parent.company_id.name,
                    **names,
                )
            )
        return errors

    @api.model
    def _component_install(self, vals_list, manual=True):
        """Fit component serials into parent serials; return the new links.

        Each dict: ``parent_lot_id``, ``component_lot_id`` and optionally
        ``date_start``, ``reference``, ``move_id``, ``res_model``/``res_id``
        (the document behind it), ``note``. ``manual`` is the check of a
        person fitting parts (the wizard): a blocked component, a component
        inside another unit, a gone parent are refused. Manufacturing passes
        ``manual=False``: the stock moves happened, a component still linked
        elsewhere is taken out of it first. Always refused, all offenders
        named at once: a serial inside itself, a loop, serials of two
        companies, products not tracked by serial.
        """
        Link = self.env["stock.lot.component"]
        if not vals_list:
            return Link
        if manual and not self.env.user.has_group(USER_GROUP):
            raise AccessError(
                _("You are not allowed to install components into serials.")
            )
        lots = self.browse(
            {
                vals[key]
                for vals in vals_list
                for key in ("parent_lot_id", "component_lot_id")
            }
        ).sudo()
        # Settled by the database: rows of the serials concerned (and of the
        # units above them) are written now, so that two transactions making a
        # loop or fitting one part twice cannot both commit.
        ancestors = lots._genealogy_lock_and_ancestors()
        open_links = Link.sudo().search(
            [("component_lot_id", "in", lots.ids), ("date_end", "=", False)]
        )
        inside = {link.component_lot_id.id: link for link in open_links}
        pairs = [
            (vals["parent_lot_id"], vals["component_lot_id"]) for vals in vals_list
        ]
        problems = install_problems(
            pairs, {parent: set(ancestors.get(parent, [])) for parent, _c in pairs}
        )
        errors = []
        to_end = []
        skip = set()
        for index, vals in enumerate(vals_list):
            parent = lots.browse(vals["parent_lot_id"])
            component = lots.browse(vals["component_lot_id"])
            names = {"component": component.name, "parent": parent.name}
            errors += self._component_pair_errors(
                parent, component, problems.get(index)
            )
            link = inside.get(component.id)
            if link and link.parent_lot_id == parent and not manual:
                skip.add(index)  # an order done again: the link is there
            elif link and link.parent_lot_id == parent:
                errors.append(_("%(component)s is already inside %(parent)s", **names))
            elif link and manual:
                errors.append(
                    _(
                        "%(component)s is inside %(other)s: remove it from there first",
                        other=link.parent_lot_id.name,
                        **names,
                    )
                )
            elif link:
                to_end.append(
                    {
                        "component_lot_id": component.id,
                        "parent_lot_id": link.parent_lot_id.id,
                        "date_end": vals.get("date_start"),
                        "reference": vals.get("reference"),
                        "res_model": vals.get("res_model"),
                        "res_id": vals.get("res_id"),
                    }
                )
            if manual and component.lifecycle_state == "allocated":
                errors.append(
                    _(
                        "%(component)s is reserved on a delivery: free it there first",
                        **names,
                    )
                )
            if manual and component.lifecycle_state in BLOCKED_STATES:
                errors.append(
                    _(
                        "%(component)s is %(state)s: a blocked serial cannot be fitted",
                        state=self._lifecycle_state_label(component.lifecycle_state),
                        **names,
                    )
                )
            # A consumed unit inside another one (a board in a laptop) still
            # takes parts; one consumed by production and inside nothing does not.
            if (
                manual
                and parent.lifecycle_state in GONE_STATES
                and not (
                    parent.lifecycle_state == "consumed" and ancestors.get(parent.id)
                )
            ):
                errors.append(
                    _(
                        "%(parent)s is %(state)s: nothing can be fitted into it",
                        state=self._lifecycle_state_label(parent.lifecycle_state),
                        **names,
                    )
                )
        if errors:
            raise UserError(
                _("No component was installed:\n%(lines)s", lines=bullet_list(errors))
            )
        if to_end:
            self._component_remove(to_end, manual=False)
        vals_list = [vals for index, vals in enumerate(vals_list) if index not in skip]
        if not vals_list:
            return Link
        now = fields.Datetime.now()
        link_vals = [
            {
                "parent_lot_id": vals["parent_lot_id"],
                "component_lot_id": vals["component_lot_id"],
                "date_start": vals.get("date_start") or now,
                "reference": vals.get("reference"),
                "move_id": vals.get("move_id"),
                "res_model": vals.get("res_model"),
                "res_id": vals.get("res_id"),
                "note": vals.get("note"),
                "user_id": self.env.uid,
                "company_id": (
                    lots.browse(vals["parent_lot_id"]).company_id
                    or lots.browse(vals["component_lot_id"]).company_id
                ).id
                or self.env.company.id,
            }
            for vals in vals_list
        ]
        links = self._component_write(lambda: Link.sudo().create(link_vals))
        self._lifecycle_append(
            self._component_events(
                links,
                "component_installed",
                customers=self._component_customers(
                    lots.browse([vals["parent_lot_id"] for vals in link_vals]),
                    ancestors,
                ),
            )
        )
        return links.sudo(False)

    @api.model
    def _component_remove(self, vals_list, manual=True):
        """Take component serials out of the units they are inside; return the ended
        links.

        Each dict: ``component_lot_id``, optionally ``parent_lot_id`` (then it
        must be the unit the component is inside), ``date_end``, ``reference``,
        ``res_model``/``res_id``, ``note``. A component inside nothing is
        refused by name.
        """
        Link = self.env["stock.lot.component"]
        if not vals_list:
            return Link
        if manual and not self.env.user.has_group(USER_GROUP):
            raise AccessError(
                _("You are not allowed to remove components from serials.")
            )
        lots = self.browse({vals["component_lot_id"] for vals in vals_list}).sudo()
        lots._genealogy_lock_and_ancestors()
        open_links = Link.sudo().search(
            [("component_lot_id", "in", lots.ids), ("date_end", "=", False)]
        )
        inside = {link.component_lot_id.id: link for link in open_links}
        now = fields.Datetime.now()
        errors = []
        ends = []
        for vals in vals_list:
            component = lots.browse(vals["component_lot_id"])
            link = inside.get(component.id)
            date_end = fields.Datetime.to_datetime(vals.get("date_end")) or now
            if not link:
                errors.append(
                    _("%(component)s is inside no unit", component=component.name)
                )
            elif (
                vals.get("parent_lot_id")
                and link.parent_lot_id.id != vals["parent_lot_id"]
            ):
                errors.append(
                    _(
                        "%(component)s is inside %(other)s, not %(parent)s",
                        component=component.name,
                        other=link.parent_lot_id.name,
                        parent=self.browse(vals["parent_lot_id"]).name,
                    )
                )
            elif date_end < link.date_start:
                errors.append(
                    _(
                        "%(component)s was fitted after that date",
                        component=component.name,
                    )
                )
            else:
                ends.append((link, vals, date_end))
        if errors:
            raise UserError(
                _("No component was removed:\n%(lines)s", lines=bullet_list(errors))
            )
        links = Link.sudo().browse([link.id for link, _vals, _date in ends])

        def write_ends():
            for link, vals, date_end in ends:
                link.write(
                    {
                        "date_end": date_end,
                        "end_reference": vals.get("reference"),
                        "end_res_model": vals.get("res_model"),
                        "end_res_id": vals.get("res_id"),
                        "end_user_id": self.env.uid,
                    }
                )
            return links

        self._component_write(write_ends)
        self._lifecycle_append(
            self._component_events(
                links,
                "component_removed",
                {link.id: vals for link, vals, _date in ends},
            )
        )
        return links.sudo(False)

    # ------------------------------------------------------------------
    # Stock of fitted parts (the wizard's assembly and field service)
    # ------------------------------------------------------------------

    def _component_consume_from_stock(self, reference):
        """Take the serials of ``self`` that are in stock out of it: they are inside a
        unit now.

        One validated move per serial, from its stock location to the
        product's production location, as Odoo consumes a component: the
        ledger records its consumption, and the part can no longer be
        delivered or counted on its own. Serials not in stock are left as they are.
        """
        locations = self._serial_stock_locations()
        lots = self.filtered(lambda lot: lot.id in locations)
        return self._component_stock_moves(
            [
                (
                    lot,
                    locations[lot.id],
                    lot.product_id.with_company(
                        locations[lot.id].company_id
                    ).property_stock_production,
                )
                for lot in lots
            ],
            reference,
        )

    def _component_back_to_stock(self, location, reference):
        """Bring the consumed serials of ``self`` back into ``location`` (a removed part
        kept)."""
        if location.usage != "internal":
            raise UserError(
                _(
                    "%(location)s is not a stock location.",
                    location=location.complete_name,
                )
            )
        lots = self.filtered(lambda lot: lot.lifecycle_state == "consumed")
        return self._component_stock_moves(
            [
                (
                    lot,
                    lot.product_id.with_company(
                        location.company_id
                    ).property_stock_production,
                    location,
                )
                for lot in lots
            ],
            reference,
        )

    def _component_stock_moves(self, rows, reference):
        """Create and validate one move per (serial, source, destination), all
        together."""
        if not rows:
            return self.env["stock.move"]
        moves = self.env["stock.move"].create(
            [
                {
                    "name": reference or _("Components"),
                    "origin": reference or False,
                    "company_id": (
                        source.company_id or destination.company_id or self.env.company
                    ).id,
                    "product_id": lot.product_id.id,
                    "product_uom": lot.product_id.uom_id.id,
                    "product_uom_qty": 1,
                    "location_id": source.id,
                    "location_dest_id": destination.id,
                    "picked": True,
                    "move_line_ids": [
                        Command.create(
                            {
                                "product_id": lot.product_id.id,
                                "product_uom_id": lot.product_id.uom_id.id,
                                "lot_id": lot.id,
                                "quantity": 1,
                                "location_id": source.id,
                                "location_dest_id": destination.id,
                                "picked": True,
                            }
                        )
                    ],
                }
                for lot, source, destination in rows
            ]
        )
        moves._action_done()
        return moves

    @api.model
    def _component_write(self, write):
        """Run ``write`` with the key to the links; a part fitted twice at once is
        named."""
        try:
            with ledger_guard.links_unlocked(), self.env.cr.savepoint():
                result = write()
                result.flush_recordset()
                return result
        except psycopg2.errors.UniqueViolation as error:
            if error.diag.constraint_name != ONE_PARENT_INDEX:
                raise
            raise ValidationError(
                _(
                    "A component you chose was installed into another unit a "
                    "moment ago by another user. "
                    "Nothing was saved; reload to see where it is."
                )
            ) from None

    @api.model
    def _component_customers(self, parents, ancestors):
        """{parent id: partner id} of the parents whose top-level unit is at a customer
        now.

        A part fitted into a unit a customer holds (field service) goes to
        that customer: its events say so (serial_warranty starts its coverage there).
        """
        tops = {
            parent.id: parent.browse((ancestors.get(parent.id) or [parent.id])[-1])
            for parent in parents
        }
        return {
            parent_id: top.lifecycle_partner_id.id
            for parent_id, top in tops.items()
            if top.lifecycle_state in CUSTOMER_STATES and top.lifecycle_partner_id
        }

    @api.model
    def _component_events(self, links, event_type, removal_vals=None, customers=None):
        """Two events per link: on the parent and on the component, each naming the
        other."""
        removed = event_type == "component_removed"
        vals_list = []
        for link in links:
            source = (removal_vals or {}).get(link.id, {}) if removed else {}
            common = {
                "event_type": event_type,
                "event_date": link.date_end if removed else link.date_start,
                "reference": (link.end_reference if removed else link.reference)
                or False,
                "res_model": (link.end_res_model if removed else link.res_model)
                or False,
                "res_id": (link.end_res_id if removed else link.res_id) or False,
                "move_id": False if removed else link.move_id.id,
                "company_id": link.company_id.id,
                "partner_id": (customers or {}).get(link.parent_lot_id.id, False),
            }
            note = source.get("note") if removed else link.note
            names = {
                "component": link.component_lot_id.name,
                "product": link.component_product_id.display_name,
                "parent": link.parent_lot_id.name,
            }
            parent_note = (
                _("%(product)s %(component)s removed", **names)
                if removed
                else _("%(product)s %(component)s installed", **names)
            )
            component_note = (
                _("removed from %(parent)s", **names)
                if removed
                else _("installed into %(parent)s", **names)
            )
            vals_list.append(
                dict(
                    common,
                    lot_id=link.parent_lot_id.id,
                    linked_lot_id=link.component_lot_id.id,
                    note="\n".join(filter(None, [parent_note, note])),
                )
            )
            vals_list.append(
                dict(
                    common,
                    lot_id=link.component_lot_id.id,
                    linked_lot_id=link.parent_lot_id.id,
                    note="\n".join(filter(None, [component_note, note])),
                )
            )
        return vals_list

    def _genealogy_lock_and_ancestors(self):
        """Write the rows of these serials and of the units above them; return their
        ancestors.

        Under Odoo's repeatable-read transactions, a second transaction
        writing one of the same rows waits, then fails with a serialization
        error and is retried by Odoo: it then sees the first one's links.
        Any two installs that would together close a loop, or fit one part
        twice, share such a row.
        """
        ancestors = self._genealogy_ancestors()
        ids = set(self.ids) | {
            parent for parents in ancestors.values() for parent in parents
        }
        self.env.cr.execute(
            SQL(
                "UPDATE stock_lot SET write_date = write_date WHERE id = ANY(%s)",
                sorted(ids),
            )
        )
        return ancestors

    # ------------------------------------------------------------------
    # The serial form's buttons
    # ------------------------------------------------------------------

    def action_open_component_wizard(self):
        self.ensure_one()
        mode = self.env.context.get("component_mode", "install")
        if mode not in ("install", "remove"):
            raise UserError(_("%(mode)s is not an action on components.", mode=mode))
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "serial_lifecycle.stock_lot_component_wizard_action"
        )
        action["name"] = (
            _("Install Components into %(serial)s", serial=self.name)
            if mode == "install"
            else _("Remove Components from %(serial)s", serial=self.name)
        )
        action["context"] = {"default_parent_lot_id": self.id, "default_mode": mode}
        return action

    def action_open_component_links(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "serial_lifecycle.stock_lot_component_action"
        )
        action["domain"] = [
            "|",
            ("parent_lot_id", "=", self.id),
            ("component_lot_id", "=", self.id),
        ]
        action["context"] = {}
        return action
