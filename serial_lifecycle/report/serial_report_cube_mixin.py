import logging

import psycopg2

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

from ..tools.report_cube import domain_answerable, groupby_answerable, order_terms

_logger = logging.getLogger(__name__)

# percentile_cont over a histogram: the values and how many rows hold each.
# The same interpolation as PostgreSQL's percentile_cont over the rows the
# histogram sums (rank fraction * (n - 1), between the two values around it),
# so that a median read from a cube equals the median of its report's rows.
PERCENTILE_FUNCTION = """
CREATE OR REPLACE FUNCTION serial_report_percentile(
    fraction float8, vals float8[], weights bigint[]
)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    WITH hist AS (
        SELECT v, SUM(w) OVER (ORDER BY v ROWS UNBOUNDED PRECEDING) AS upto,
               SUM(w) OVER () AS n
          FROM unnest(vals, weights) AS t(v, w)
         WHERE v IS NOT NULL AND w > 0
    ), rank AS (SELECT fraction * (MAX(n) - 1) AS pos FROM hist)
    SELECT lo + (rank.pos - floor(rank.pos)) * (hi - lo)
      FROM rank,
           LATERAL (SELECT MIN(v) AS lo FROM hist WHERE upto > floor(rank.pos)) low,
           LATERAL (SELECT MIN(v) AS hi FROM hist WHERE upto > ceil(rank.pos)) high
$$
"""


class SerialReportCubeMixin(models.AbstractModel):
    """Pre-aggregated measures of a serial report, which its pivots read.

    A cube keeps the rows of its report (``_cube_report``, an SQL view with
    one row per serial, claim or shipment) summed per combination of some of
    the report's fields, its dimensions (``_cube_dimensions``: {column: SQL
    over the report's rows, alias ``report``}); ``unit_count`` is the number
    of report rows a cube row sums. Dates are kept as the first day of
    their month (``_cube_month_dimensions``). The report's ``_read_group``
    asks its cube first: a read whose domain, groupings and order name only
    dimensions, and whose aggregates the cube knows (``_cube_aggregates``),
    is answered from thousands of cube rows instead of a million report
    rows; any other read (grouping by serial, a date by day, a measure the
    cube lacks) and every list read the report's own rows.

    Freshness: whatever changes a report row marks its product
    (``serial.report.cube.mark``); a read first rebuilds the cube rows of
    the marked products, and a cron does it every few minutes and rebuilds
    every cube once a day. A read that finds the cube being rebuilt by
    another transaction reads the report's rows: never an old answer.
    """

    _name = "serial.report.cube.mixin"
    _description = "Serial Analytics Pre-aggregated Measures"
    _log_access = False
    _cube_report = None
    _cube_month_dimensions = ()

    unit_count = fields.Integer("Rows", readonly=True)

    def init(self):
        if self._abstract:
            return
        self.env.cr.execute(PERCENTILE_FUNCTION)
        # Installed or updated: built again at the first read or by the cron
        # (once every table exists: the marks' may come after this model).
        self.pool.post_init(self._cube_mark_all)

    def _cube_mark_all(self):
        self.env["serial.report.cube.mark"]._serial_mark(cubes=[self._name])

    # ------------------------------------------------------------------
    # What a cube is: its rows, its dimensions, its aggregates
    # ------------------------------------------------------------------

    @api.model
    def _cube_dimensions(self):
        """{cube column: SQL of its value over a report row (alias ``report``)}."""
        raise NotImplementedError

    @api.model
    def _cube_rows(self, scope):
        """SQL: the cube's rows (its dimensions, then unit_count) summing the
        report rows ``scope`` keeps."""
        report = self.env[self._cube_report]
        dimensions = self._cube_dimensions()
        return SQL(
            "SELECT %(columns)s, COUNT(*) AS unit_count FROM (%(rows)s) report"
            " WHERE %(scope)s GROUP BY %(keys)s",
            columns=SQL(", ").join(
                SQL("%s AS %s", expr, SQL.identifier(name))
                for name, expr in dimensions.items()
            ),
            rows=report._table_query,
            scope=scope,
            keys=SQL(", ").join(
                SQL(str(index + 1)) for index in range(len(dimensions))
            ),
        )

    @api.model
    def _cube_aggregates(self):
        """{report aggregate ("field:function", "__count"): SQL over cube rows}."""
        return {"__count": SQL("SUM(%s)", self._cube_column("unit_count"))}

    @api.model
    def _cube_column(self, name):
        return SQL.identifier(self._table, name)

    @api.model
    def _cube_percentile(self, fraction, column, where=None):
        """SQL: the percentile ``fraction`` of ``column`` over the report rows."""
        value = SQL("%s::float8", self._cube_column(column))
        weight = SQL("%s::bigint", self._cube_column("unit_count"))
        if where is not None:
            return SQL(
                "serial_report_percentile(%s, array_agg(%s) FILTER (WHERE %s), "
                "array_agg(%s) FILTER (WHERE %s))",
                fraction,
                value,
                where,
                weight,
                where,
            )
        return SQL(
            "serial_report_percentile(%s, array_agg(%s), array_agg(%s))",
            fraction,
            value,
            weight,
        )

    # ------------------------------------------------------------------
    # Reading: a report's read_group answered from the cube
    # ------------------------------------------------------------------

    @api.model
    def _cube_read_group(self, report, domain, groupby, aggregates, order, **kwargs):
        """``report._read_group(...)`` read from the cube; None if it cannot."""
        rules = self.env["ir.rule"]._compute_domain(report._name, "read")
        full_domain = expression.AND([list(domain or []), list(rules or [])])
        dimensions = set(self._cube_dimensions())
        known = self._cube_aggregates()
        answerable = (
            domain_answerable(full_domain, dimensions, self._cube_month_dimensions)
            and groupby_answerable(groupby, dimensions, self._cube_month_dimensions)
            and all(spec in known for spec in aggregates)
            and all(term in groupby or term in known for term in order_terms(order))
        )
        if not answerable:
            return None
        report.browse().check_access("read")
        if not self._cube_refresh():
            return None
        # The report's own rules are in the domain; the cube has none of its
        # own (nobody but the system reads it directly).
        rows = (
            self.sudo()
            .with_context(**report.env.context)
            ._read_group(full_domain, groupby, aggregates, order=order, **kwargs)
        )
        # The groups' records in the reader's environment, not the superuser's.
        return [
            tuple(
                value.with_env(report.env)
                if isinstance(value, models.BaseModel)
                else value
                for value in row
            )
            for row in rows
        ]

    def _read_group_select(self, aggregate_spec, query):
        known = self._cube_aggregates()
        if aggregate_spec in known:
            return known[aggregate_spec]
        return super()._read_group_select(aggregate_spec, query)

    @api.model
    def _read_group_empty_value(self, spec):
        if (
            spec in self._cube_aggregates()
            and spec.partition(":")[0] not in self._fields
        ):
            return 0 if spec == "__count" else False
        return super()._read_group_empty_value(spec)

    def _read_group_postprocess_aggregate(self, aggregate_spec, raw_values):
        if aggregate_spec.partition(":")[0] not in self._fields:
            empty = 0 if aggregate_spec == "__count" else False
            return ((value if value is not None else empty) for value in raw_values)
        return super()._read_group_postprocess_aggregate(aggregate_spec, raw_values)

    # ------------------------------------------------------------------
    # Keeping it fresh
    # ------------------------------------------------------------------

    @api.model
    def _cube_refresh(self):
        """Rebuild the marked products' rows; False if another transaction is at it."""
        cr = self.env.cr
        self.env["serial.report.cube.mark"]._serial_flush_marks()
        cr.execute(
            "SELECT id, product_id FROM serial_report_cube_mark WHERE cube = %s",
            [self._name],
        )
        marks = cr.fetchall()
        if not marks:
            return True
        if cr.readonly:
            # A read-only cursor (a replica) cannot rebuild: read the rows;
            # the cron or the next read on the primary rebuilds.
            return False
        cr.execute("SELECT pg_try_advisory_xact_lock(hashtext(%s))", [self._table])
        if not cr.fetchone()[0]:
            return False
        product_ids = {product_id for __, product_id in marks}
        try:
            with cr.savepoint():
                self._cube_rebuild(None if None in product_ids else sorted(product_ids))
                # Only the marks read: those added meanwhile wait for the next read.
                cr.execute(
                    "DELETE FROM serial_report_cube_mark WHERE id = ANY(%s)",
                    [[mark_id for mark_id, __ in marks]],
                )
        except psycopg2.errors.SerializationFailure:
            _logger.info("%s: rebuilt by another transaction meanwhile", self._name)
            return False
        return True

    @api.model
    def _cube_rebuild(self, product_ids=None):
        """Write the cube's rows again from the report's (of ``product_ids``)."""
        report = self.env[self._cube_report]
        for model, fnames in report._depends.items():
            self.env[model].flush_model(fnames)
        table = SQL.identifier(self._table)
        if product_ids is None:
            where, scope = SQL("TRUE"), SQL("TRUE")
        else:
            where = SQL("product_id = ANY(%s)", list(product_ids))
            scope = SQL("report.product_id = ANY(%s)", list(product_ids))
        columns = [*self._cube_dimensions(), "unit_count"]
        self.env.cr.execute(SQL("DELETE FROM %s WHERE %s", table, where))
        self.env.cr.execute(
            SQL(
                "INSERT INTO %s (%s) %s",
                table,
                SQL(", ").join(SQL.identifier(name) for name in columns),
                self._cube_rows(scope),
            )
        )
        self.invalidate_model()
