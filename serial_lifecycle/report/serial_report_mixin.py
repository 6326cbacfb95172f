from odoo import api, models
from odoo.models import parse_read_group_spec
from odoo.tools import SQL

from ..tools.stock_age import AGE_GROUPS

# Aggregates Odoo's read_group lacks and service times need: a median and a
# 90th percentile say how long most customers wait, where an average hides
# the few that wait for months. The fraction of each percentile.
PERCENTILES = {"median": 0.5, "p90": 0.9}


class SerialReportMixin(models.AbstractModel):
    """Reporting models of the serial modules: read-only SQL views.

    A field declared with ``aggregator="median"`` or ``aggregator="p90"`` is
    aggregated by PostgreSQL's ``percentile_cont`` in pivots, graphs and
    lists, subtotals included (the median of a group, never an average of
    medians).
    """

    _name = "serial.report.mixin"
    _description = "Serial Analytics Report"
    # The cube (serial.report.cube.mixin) that answers this report's pivots, if any.
    _serial_cube = None

    @api.model
    def _read_group(
        self,
        domain,
        groupby=(),
        aggregates=(),
        having=(),
        offset=0,
        limit=None,
        order=None,
    ):
        # ``serial_report_rows``: read the report's own rows (the tests compare
        # both answers); it reads the same data under the same rules.
        if (
            self._serial_cube
            and not having
            and not self.env.context.get("serial_report_rows")
        ):
            rows = self.env[self._serial_cube]._cube_read_group(
                self, domain, groupby, aggregates, order, offset=offset, limit=limit
            )
            if rows is not None:
                return rows
        return super()._read_group(
            domain, groupby, aggregates, having, offset=offset, limit=limit, order=order
        )

    def _read_group_select(self, aggregate_spec, query):
        fname, __, func = parse_read_group_spec(aggregate_spec)
        if func not in PERCENTILES:
            return super()._read_group_select(aggregate_spec, query)
        # Odoo's own checks (the field exists and may be read) on the same field.
        super()._read_group_select(f"{fname}:avg", query)
        return SQL(
            "percentile_cont(%s) WITHIN GROUP (ORDER BY %s)",
            PERCENTILES[func],
            self._field_to_sql(self._table, fname, query),
        )

    @api.model
    def _age_group_sql(self, days):
        """SQL of the key of the age group (tools/stock_age.py) of ``days``, an SQL
        expression."""
        groups = SQL(" ").join(
            SQL("WHEN %s <= %s THEN %s", days, highest, key)
            for highest, key, __ in AGE_GROUPS
            if highest
        )
        return SQL("CASE %s ELSE %s END", groups, AGE_GROUPS[-1][1])
