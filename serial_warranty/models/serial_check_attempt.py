from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import format_date

DEFAULT_CHECKS_PER_HOUR = 20


class SerialCheckAttempt(models.Model):
    """One use of the public serial check, kept an hour or so to limit each address."""

    _name = "serial.check.attempt"
    _description = "Public Serial Check"
    _log_access = False

    address = fields.Char(required=True, index=True)
    checked_at = fields.Datetime(required=True, default=fields.Datetime.now, index=True)

    @api.model
    def _checkable_products(self):
        """The products whose serials anybody may check: sold, tracked by serial."""
        return self.env["product.product"].search(
            [("tracking", "=", "serial"), ("sale_ok", "=", True)], order="name"
        )

    @api.model
    def _limit(self):
        param = self.env["ir.config_parameter"].get_param(
            "serial_warranty.public_checks_per_hour"
        )
        try:
            return max(int(param), 1) if param else DEFAULT_CHECKS_PER_HOUR
        except ValueError:
            return DEFAULT_CHECKS_PER_HOUR

    @api.model
    def _take(self, address):
        """Count one serial lookup from ``address``; False once it used its lookups
        of the hour (then nothing is counted)."""
        since = fields.Datetime.now() - timedelta(hours=1)
        # One address at a time: two checks racing both see the count before them.
        self.env.cr.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))", (f"serial_check:{address}",)
        )
        if (
            self.search_count([("address", "=", address), ("checked_at", ">=", since)])
            >= self._limit()
        ):
            return False
        self.create({"address": address})
        return True

    @api.model
    def _check(self, address, product, serial):
        """The answer for ``serial`` of ``product`` asked from ``address``: a dict of
        plain facts, or {"limited": True} past the address's checks per hour."""
        if not self._take(address):
            return {"limited": True}
        lot = self.env["stock.lot"].search(
            [("product_id", "=", product.id), ("name", "=", serial)], limit=1
        )
        if not lot or lot.lifecycle_state == "draft":
            # The same answer for a serial that does not exist and one of another
            # product.
            return {"genuine": False}
        covered = lot.warranty_state == "active"
        return {
            "genuine": True,
            "stolen": lot.lifecycle_state == "lost",
            "covered": covered,
            "covered_until": format_date(
                self.env, lot.warranty_end_date, date_format="MMMM y"
            )
            if covered
            else "",
        }

    @api.autovacuum
    def _gc_attempts(self):
        self.search(
            [("checked_at", "<", fields.Datetime.now() - timedelta(days=1))]
        ).unlink()
