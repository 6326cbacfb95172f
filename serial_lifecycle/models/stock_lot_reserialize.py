from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import ledger_guard
from .stock_lot_ledger import MANAGER_GROUP

# Deeper than this, a chain of re-serializations is a loop: stop following it.
MAX_CHAIN = 32


# The model is extended by concern, one file each: not merged on purpose.
# pylint: disable=consider-merging-classes-inherited
class StockLot(models.Model):
    """Refurbished units re-serialized: the old serial retired, the unit under a new
    one.

    ``_serial_reserialize`` is the one path: a manager's action. The old
    serial gets a ``reserialized`` event (the table makes it scrapped: it can
    never be delivered again), a new serial of the same product is created
    under the naming rules, gets a ``reserialized_from`` event, and the unit's
    stock moves from the one to the other in the same location by two
    validated stock moves through the inventory location. Components inside
    the unit follow it.
    """

    _inherit = "stock.lot"

    reserialized_from_id = fields.Many2one(
        "stock.lot",
        "Re-serialized From",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="The serial this unit carried before it was refurbished and given "
        "this number.",
    )
    reserialized_into_ids = fields.One2many(
        "stock.lot",
        "reserialized_from_id",
        "Re-serialized As",
        readonly=True,
        help="The serial this unit carries since it was re-serialized.",
    )
    reserialized_as_id = fields.Many2one(
        "stock.lot",
        "Re-serialized As",
        compute="_compute_reserialized_as_id",
        help="The serial this unit carries since it was re-serialized.",
    )

    @api.depends("reserialized_into_ids")
    def _compute_reserialized_as_id(self):
        for lot in self:
            lot.reserialized_as_id = lot.reserialized_into_ids[:1]

    @api.model
    def _lifecycle_protected_fields(self):
        return super()._lifecycle_protected_fields() | {"reserialized_from_id"}

    def _serial_reserialize_chain(self):
        """This serial and the ones it was re-serialized from, newest first."""
        self.ensure_one()
        chain = self
        lot = self.sudo()
        while (
            lot.reserialized_from_id
            and lot.reserialized_from_id not in chain
            and len(chain) < MAX_CHAIN
        ):
            lot = lot.reserialized_from_id
            chain |= lot.sudo(False)
        return chain

    def _serial_reserialize(self, new_name, reason):
        """Retire this serial and give the unit ``new_name``; return the new serial."""
        self.ensure_one()
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                _("Only a Serial Lifecycle manager can re-serialize a unit.")
            )
        if not (reason or "").strip():
            raise UserError(
                _(
                    "Say why %(serial)s is re-serialized: the reason stays "
                    "in its history.",
                    serial=self.name,
                )
            )
        if self.product_id.tracking != "serial":
            raise UserError(
                _(
                    "%(serial)s is not a serial number: only serials are "
                    "re-serialized.",
                    serial=self.name,
                )
            )
        transitions = self.env["stock.lot.lifecycle.event"]._lifecycle_transitions()
        if self.lifecycle_state not in transitions["reserialized"].from_states:
            raise UserError(
                _(
                    "%(serial)s cannot be re-serialized:\n%(lines)s",
                    serial=self.name,
                    lines="- "
                    + (
                        self._lifecycle_refusal(
                            self, "reserialized", self.lifecycle_state, transitions
                        )
                    ),
                )
            )
        location = self._serial_stock_locations().get(self.id)
        if not location:
            raise UserError(
                _(
                    "%(serial)s is in no stock location: only a unit we hold "
                    "on a shelf is "
                    "re-serialized (receive it back first).",
                    serial=self.name,
                )
            )
        if self.sudo()._lifecycle_held_lots():
            # A new number would take the unit out of what holds it (an open recall).
            raise UserError(
                _(
                    "%(serial)s is held (an open recall, for example): "
                    "settle that before "
                    "re-serializing it.",
                    serial=self.name,
                )
            )
        if self.sudo().parent_lot_id:
            raise UserError(
                _(
                    "%(serial)s is inside %(parent)s: remove it from there first.",
                    serial=self.name,
                    parent=self.sudo().parent_lot_id.name,
                )
            )
        # The manager's right was checked above; the new serial is created
        # with the naming rules (format, duplicates), which refuse a bad name.
        new_lot = self.sudo().create(
            {
                "name": new_name,
                "product_id": self.product_id.id,
                "company_id": self.company_id.id,
                "production_date": self.production_date,
                "ref": self.ref,
            }
        )
        reference = _(
            "Re-serialized %(old)s as %(new)s", old=self.name, new=new_lot.name
        )
        inventory = self.product_id.with_company(
            location.company_id
        ).property_stock_inventory
        Move = self.env["stock.move"].sudo()
        common = {
            "name": reference,
            "origin": reference,
            "company_id": location.company_id.id,
            "product_id": self.product_id.id,
            "product_uom": self.product_id.uom_id.id,
            "product_uom_qty": 1,
            "picked": True,
        }
        moves = []
        for lot, source, destination in (
            (self, location, inventory),
            (new_lot, inventory, location),
        ):
            moves.append(
                Move.create(
                    dict(
                        common,
                        location_id=source.id,
                        location_dest_id=destination.id,
                        move_line_ids=[
                            fields.Command.create(
                                {
                                    "product_id": lot.product_id.id,
                                    "product_uom_id": lot.product_id.uom_id.id,
                                    "lot_id": lot.id,
                                    "quantity": 1,
                                    "picked": True,
                                    "location_id": source.id,
                                    "location_dest_id": destination.id,
                                }
                            )
                        ],
                    )
                )
            )
        old_move, new_move = moves
        events = {
            old_move.id: {
                "event_type": "reserialized",
                "note": reason,
                "linked_lot_id": new_lot.id,
                "res_model": "stock.lot",
                "res_id": new_lot.id,
            },
            new_move.id: {
                "event_type": "reserialized_from",
                "note": reason,
                "linked_lot_id": self.id,
                "res_model": "stock.lot",
                "res_id": self.id,
            },
        }
        # As superuser, by the manager (the events name them; _lifecycle_append
        # checks the group again).
        with ledger_guard.setting(ledger_guard.MOVE_EVENTS, events):
            old_move._action_done()
            new_move._action_done()
        with ledger_guard.unlocked():
            new_lot.write({"reserialized_from_id": self.id})
        # What is inside the unit stays inside it, now under its new number.
        inside = self.sudo().component_link_ids.filtered(lambda link: not link.date_end)
        if inside:
            document = {
                "reference": reference,
                "res_model": "stock.lot",
                "res_id": new_lot.id,
            }
            self._component_remove(
                [
                    dict(
                        document,
                        component_lot_id=link.component_lot_id.id,
                        parent_lot_id=self.id,
                    )
                    for link in inside
                ],
                manual=False,
            )
            self._component_install(
                [
                    dict(
                        document,
                        component_lot_id=link.component_lot_id.id,
                        parent_lot_id=new_lot.id,
                    )
                    for link in inside
                ],
                manual=False,
            )
        return new_lot.sudo(False)

    def action_open_reserialize_wizard(self):
        self.ensure_one()
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                _("Only a Serial Lifecycle manager can re-serialize a unit.")
            )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "serial_lifecycle.stock_lot_reserialize_wizard_action"
        )
        action["name"] = _("Re-serialize %(serial)s", serial=self.name)
        action["context"] = {"default_lot_id": self.id}
        return action
