from odoo import api, fields, models
from odoo.tools import SQL


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

    @api.model
    def _serial_cube_names(self):
        return [
            name
            for name in self.env.registry.descendants(
                ["serial.report.cube.mixin"], "_inherit"
            )
            if not self.env[name]._abstract
        ]

    @api.model
    def _serial_mark(self, product_ids=None, cubes=None):
        """Mark ``product_ids`` (None: all) for rebuilding in ``cubes`` (None: all)."""
        cubes = self._serial_cube_names() if cubes is None else cubes
        products = (
            [None] if product_ids is None else sorted(set(product_ids) - {False, None})
        )
        if not cubes or not products:
            return
        self.env.cr.execute(
            SQL(
                "INSERT INTO serial_report_cube_mark (cube, product_id) "
                "SELECT cube, product_id"
                "  FROM unnest(%s::varchar[]) cube, unnest(%s::int[]) product_id",
                cubes,
                products,
            )
        )

    @api.model
    def _serial_mark_changed(self, model_name, fnames, product_ids):
        """Mark ``product_ids`` in the cubes whose report reads ``fnames``
        (None: any field) of ``model_name``.

        ``product_ids`` may be a function returning them, called only if a
        cube reads the fields.
        """
        cubes = []
        for cube in self._serial_cube_names():
            depends = self.env[self.env[cube]._cube_report]._depends
            if model_name in depends and (
                fnames is None or set(depends[model_name]) & set(fnames)
            ):
                cubes.append(cube)
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
            self.env.cr.commit()
