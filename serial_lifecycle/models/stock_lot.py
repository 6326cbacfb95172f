import contextlib
import logging

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.sql import create_index, create_unique_index, index_exists

from ..tools import ledger_guard
from ..tools.lifecycle_rules import MANUAL_ACTIONS, STATES

_logger = logging.getLogger(__name__)

UNIQUE_INDEX = "stock_lot_serial_lifecycle_unique_name"
RANGE_INDEX = "stock_lot_serial_lifecycle_range"
SCAN_NAME_INDEX = "stock_lot_serial_scan_name"


class StockLot(models.Model):
    """The lifecycle fields of a serial and the guard around them.

    The other concerns live beside this file: names (stock_lot_naming.py),
    the ledger (stock_lot_ledger.py), scanning (stock_lot_scan.py).
    """

    _name = "stock.lot"
    _inherit = ["stock.lot", "serial.input.mixin"]
    _serial_text_fields = ("name",)

    lifecycle_state = fields.Selection(
        STATES,
        default="draft",
        required=True,
        index=True,
        readonly=True,
        copy=False,
        help="Where the serial stands, after its latest lifecycle event. "
        "It changes only when an event is appended to its history.",
    )
    lifecycle_partner_id = fields.Many2one(
        "res.partner",
        "Current Customer",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="The customer who holds the serial, from its latest delivery or "
        "installation.",
    )
    lifecycle_actions = fields.Char(
        "Possible Actions",
        compute="_compute_lifecycle_actions",
        help="The manual actions the transition table allows from the current "
        "state (the form's buttons).",
    )
    lifecycle_event_ids = fields.One2many(
        "stock.lot.lifecycle.event", "lot_id", "Lifecycle Events", readonly=True
    )
    service_history_ids = fields.One2many(
        "stock.lot.service.history",
        "lot_id",
        "Service History",
        readonly=True,
        help="Everything done to the unit, in date order: receipts, shipments, "
        "installations, repairs, parts "
        "fitted and removed, revisions, recalls and warranty claims.",
    )
    serial_prefix = fields.Char(
        readonly=True,
        copy=False,
        help="Text before the last group of digits of the serial, for range searches.",
    )
    serial_numeric_key = fields.Char(
        "Serial Number Key",
        readonly=True,
        copy=False,
        help="Last group of digits of the serial, zero-padded so that text order "
        "is numeric order.",
    )
    serial_suffix = fields.Char(readonly=True, copy=False)
    tracking = fields.Selection(related="product_id.tracking", string="Tracking")
    production_date = fields.Date(
        index="btree_not_null",
        copy=False,
        help="When the unit was made: from the supplier's label (GS1 AI 11) or "
        "typed at receipt. "
        "Recalls can select serials by production date.",
    )

    def init(self):
        super().init()
        cr = self.env.cr
        create_index(
            cr,
            RANGE_INDEX,
            "stock_lot",
            ["product_id", "serial_prefix", "serial_numeric_key"],
        )
        # Odoo indexes stock_lot.name with trigrams (for ilike searches); an
        # exact lookup of one serial among a million sharing a prefix ("SN0")
        # reads most of that index: 90 ms. A scan needs the plain b-tree.
        create_index(cr, SCAN_NAME_INDEX, "stock_lot", ["name"])
        if index_exists(cr, UNIQUE_INDEX):
            return
        # Odoo checks uniqueness in Python only, so two users receiving the
        # same serial at the same moment both pass. The index closes that
        # race. Databases with years of history may already hold duplicates:
        # those are reported and left alone, never merged or renamed.
        cr.execute("""
            SELECT product_id, COALESCE(company_id, 0), name, COUNT(*)
              FROM stock_lot
          GROUP BY 1, 2, 3
            HAVING COUNT(*) > 1
             LIMIT 10
        """)
        duplicates = cr.fetchall()
        if duplicates:
            _logger.warning(
                "serial_lifecycle: unique index on serial numbers not "
                "created, the database "
                "already holds duplicates (product id, company id, name, "
                "count), first ones: %s",
                duplicates,
            )
            return
        create_unique_index(
            cr,
            UNIQUE_INDEX,
            "stock_lot",
            ["product_id", "COALESCE(company_id, 0)", "name"],
        )

    def action_open_service_history(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "serial_lifecycle.stock_lot_service_history_action"
        )
        action["name"] = _("Service History of %(serial)s", serial=self.name)
        # A re-serialized unit's history goes on under its new number.
        action["domain"] = [("lot_id", "in", self._serial_reserialize_chain().ids)]
        action["context"] = {}
        return action

    @api.depends("lifecycle_state")
    def _compute_lifecycle_actions(self):
        transitions = self.env["stock.lot.lifecycle.event"]._lifecycle_transitions()
        for lot in self:
            allowed = [
                action
                for action in MANUAL_ACTIONS
                if lot.lifecycle_state in transitions[action].from_states
            ]
            lot.lifecycle_actions = "|{}|".format("|".join(allowed))

    @api.model
    def _lifecycle_protected_fields(self):
        """Fields written only by the modules' own actions, under the ledger guard.

        Nobody sets them by create, write, copy or import, admin included:
        they say what happened to the unit, and only an event says that.
        Other modules add theirs (serial_warranty: the coverage).
        """
        return {
            "lifecycle_state",
            "lifecycle_partner_id",
            "first_receipt_event_id",
            "first_delivery_event_id",
            "stock_entry_date",
            "quality_status",
        }

    def _lifecycle_check_protected(self, vals_list):
        if ledger_guard.is_unlocked():
            return
        protected = self._lifecycle_protected_fields()
        # default_<field> in the context would fill them as well.
        forged = {key for vals in vals_list for key in vals if key in protected}
        forged |= {
            key[8:]
            for key in self.env.context
            if key.startswith("default_") and key[8:] in protected
        }
        if forged:
            labels = sorted(
                self._fields[name].get_description(self.env)["string"]
                for name in forged
            )
            raise UserError(
                _(
                    "%(fields)s of a serial cannot be set by hand: they "
                    "change only by recording a "
                    "lifecycle event (receipts, deliveries, or the actions "
                    "on the serial form).",
                    fields=", ".join(labels),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._serial_check_input_values(vals_list)
        self._lifecycle_check_protected(vals_list)
        self._prepare_serial_vals(vals_list)
        with self._serial_unique_index_refusal(vals_list):
            return super().create(vals_list)

    def write(self, vals):
        self._serial_check_input_values([vals])
        self._lifecycle_check_protected([vals])
        # A date, revision or product the analytics read: their cubes are rebuilt.
        self.env["serial.report.cube.mark"]._serial_mark_changed(
            self._name,
            list(vals),
            lambda: self.product_id.ids + [vals.get("product_id")],
        )
        if "name" in vals:
            if len(self) > 1:
                raise UserError(_("Rename serial numbers one at a time."))
            prepared = dict(vals, product_id=vals.get("product_id", self.product_id.id))
            prepared.setdefault("company_id", self.company_id.id)
            self._prepare_serial_vals([prepared], renamed_lot=self)
            vals = dict(
                vals,
                **{
                    key: prepared[key]
                    for key in prepared
                    if key not in ("product_id", "company_id")
                },
            )
            with self._serial_unique_index_refusal([prepared]):
                res = super().write(vals)
                self.flush_recordset(["name"])
            return res
        return super().write(vals)

    @contextlib.contextmanager
    def _serial_unique_index_refusal(self, vals_list):
        """Name the serial when the database's unique index refuses it.

        The check in Python (_prepare_serial_vals) sees only what is
        committed: two users saving the same new serial at the same moment
        both pass it, and the index stops the second. Its raw error would
        say "duplicate key value violates unique constraint ...".
        """
        try:
            with self.env.cr.savepoint(flush=False):
                yield
        except psycopg2.errors.UniqueViolation as error:
            if error.diag.constraint_name != UNIQUE_INDEX:
                raise
            names = sorted({vals["name"] for vals in vals_list if vals.get("name")})
            products = self.env["product.product"].browse(
                {vals["product_id"] for vals in vals_list if vals.get("product_id")}
            )
            raise ValidationError(
                _(
                    "Serial number %(serials)s of %(products)s already "
                    "exists: another user saved it "
                    "a moment ago. Nothing was saved; reload to see it.",
                    serials=", ".join(names),
                    products=", ".join(products.mapped("display_name")),
                )
            ) from None
