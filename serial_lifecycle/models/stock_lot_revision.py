from odoo import _, fields, models


# The model is extended by concern, one file each: not merged on purpose.
# pylint: disable=consider-merging-classes-inherited
class StockLot(models.Model):
    """Hardware or firmware revision of a serial: a free text whose every change is a
    ledger event."""

    _inherit = "stock.lot"

    revision = fields.Char(
        copy=False,
        index="btree_not_null",
        help="Hardware or firmware revision of this unit (free text, e.g. HW 2.1 "
        "/ FW 4.0.7). "
        "Each change is recorded in the serial's history; recalls can select "
        "by revision.",
    )

    def write(self, vals):
        if "revision" not in vals:
            return super().write(vals)
        new = (
            (vals["revision"] or "").strip() or False
            if isinstance(vals["revision"], str)
            else vals["revision"]
        )
        vals = dict(vals, revision=new)
        before = {lot.id: lot.revision for lot in self}
        res = super().write(vals)
        changed = self.filtered(
            lambda lot: (before[lot.id] or False) != (lot.revision or False)
        )
        self._lifecycle_append(
            [
                {
                    "lot_id": lot.id,
                    "event_type": "revision_change",
                    "revision": lot.revision or False,
                    "note": _(
                        "Revision %(before)s → %(after)s",
                        before=before[lot.id] or _("none"),
                        after=lot.revision or _("none"),
                    ),
                }
                for lot in changed.filtered(
                    lambda lot: lot.product_id.tracking == "serial"
                )
            ]
        )
        return res
