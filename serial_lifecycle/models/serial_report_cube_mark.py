from odoo import api, fields, models
from odoo.tools import SQL, ormcache

# The key of this transaction's marks not written yet in cr.precommit.data.
PENDING_MARKS = "serial.report.cube.mark"


class SerialReportCubeMark(models.Model):
    """A product whose rows in an analytics cube are rebuilt before the cube is read.

    Written by whatever changes what a report shows (ledger events, serials'
    dates and revisions, claims, return reasons), deleted by the rebuild
    that read it. An empty product means every product. Marks are only
    ever added or deleted, never updated, so that a rebuild reading a
    snapshot never drops a mark written after it.
    """

    _name = "serial.report.cube.mark"
    _description = "Analytics Cube Rows to Rebuild"
    _log_access = False

    cube = fields.Char(required=True, index=True)
    product_id = fields.Integer("Product")

    # Keyed on the number of models: modules loading into the same registry
    # (serial_warranty after serial_lifecycle) bring their cubes.
    @api.model
    @ormcache("len(self.env.registry)")
    def _serial_cube_names(self):
        return tuple(
            name
            for name in self.env.registry.descendants(
                ["serial.report.cube.mixin"], "_inherit"
            )
            if not self.env[name]._abstract
        )

    @api.model
    @ormcache("len(self.env.registry)")
    def _serial_cube_depends(self):
        """{model: {cube: the fields of it the cube's report reads}}, computed
        once: asked at every quant and serial written."""
        result = {}
        for cube in self._serial_cube_names():
            depends = self.env[self.env[cube]._cube_report]._depends
            for model_name, fnames in depends.items():
                result.setdefault(model_name, {})[cube] = frozenset(fnames)
        return result

    @api.model
    def _serial_mark(self, product_ids=None, cubes=None):
        """Mark ``product_ids`` (None: all) for rebuilding in ``cubes`` (None: all).

        Kept in the transaction and written in one INSERT before it commits
        or before a cube is read (_serial_flush_marks): Odoo writes quants one
        at a time, and a receipt of 1,000 serials must not cost 1,000 inserts.
        """
        cubes = self._serial_cube_names() if cubes is None else cubes
        products = (
            [None] if product_ids is None else sorted(set(product_ids) - {False, None})
        )
        if not cubes or not products:
            return
        precommit = self.env.cr.precommit
        pending = precommit.data.get(PENDING_MARKS)
        if pending is None:
            pending = precommit.data[PENDING_MARKS] = set()
            precommit.add(self._serial_flush_marks)
        pending.update((cube, product) for cube in cubes for product in products)

    @api.model
    def _serial_flush_marks(self):
        """Write the marks of this transaction not written yet."""
        pending = self.env.cr.precommit.data.pop(PENDING_MARKS, None)
        if not pending:
            return
        pending = sorted(pending, key=lambda mark: (mark[0], mark[1] or 0))
        self.env.cr.execute(
            SQL(
                "INSERT INTO serial_report_cube_mark (cube, product_id) "
                "SELECT * FROM unnest(%s::varchar[], %s::int[])",
                [cube for cube, __ in pending],
                [product for __, product in pending],
            )
        )

    @api.model
    def _serial_mark_changed(self, model_name, fnames, product_ids):
        """Mark ``product_ids`` in the cubes whose report reads ``fnames``
        (None: any field) of ``model_name``.

        ``product_ids`` may be a function returning them, called only if a
        cube reads the fields.
        """
        by_cube = self._serial_cube_depends().get(model_name, {})
        cubes = [
            cube
            for cube, depends in by_cube.items()
            if fnames is None or not depends.isdisjoint(fnames)
        ]
        if cubes:
            self._serial_mark(
                product_ids() if callable(product_ids) else product_ids, cubes=cubes
            )

    @api.model
    def _cron_refresh(self, full=False):
        """Rebuild what was marked (``full``: every cube), one cube at a time."""
        for cube in self._serial_cube_names():
            if full:
                self._serial_mark(cubes=[cube])
            self.env[cube]._cube_refresh()
            # A cron: each cube rebuilt is kept, and its lock released, before
            # the next one (a full rebuild takes minutes at a million serials).
            self.env.cr.commit()  # pylint: disable=invalid-commit
