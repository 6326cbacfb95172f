#!/usr/bin/env python3
"""Benchmark: the top-level units of 10,000 component serials, three levels deep, among
1,000,000 serials.

In a database where serial_lifecycle is installed, this script writes in SQL
(generate_series) ``--count`` serials (default 1,000,000) and a component
tree: ``--components`` cells (default 10,000), two cells a pack, two packs a
board, two boards a unit, so each cell is three levels below its unit; plus
``--noise`` links (default 200,000) between other serials, half of them
ended (components replaced), as a database in use has. The statistics are
refreshed (ANALYZE) as a running database has them.

Then it times, each the best of ``--repeat`` runs:

- ``stock.lot._genealogy_ancestors()`` of the 10,000 cells (the one recursive
  query behind *Top-Level Unit*), and the same through the ORM field
  (``cells.mapped("top_parent_lot_id")``);
- the search ``[("top_parent_lot_id", "in", units)]`` (components of units);
- the search ``[("contains_component", "in", cells)]`` (units holding cells);

checks that every cell's top-level unit is the one generated, prints a table
and the target (2 s for the top-level units), and rolls everything back.

    /opt/odoo-venv/bin/python tests/bench_genealogy.py \\
        --config .local/odoo.conf --db gen_test

A report, not a test: exit 0 even over the target; 1 if a result is wrong.
"""

# A command-line benchmark: its report is printed.
# pylint: disable=print-used

import os
import sys
import time

from bench_common import ensure_database, load_odoo, make_parser, parse_checked

TARGET_SECONDS = 2.0
MODULE = "serial_lifecycle"


def parse_args():
    parser = make_parser(__doc__.split("\n\n")[0], "bench_serial", MODULE)
    parser.add_argument(
        "--count",
        type=int,
        default=1000000,
        help="serials in all (default: %(default)s)",
    )
    parser.add_argument(
        "--components",
        type=int,
        default=10000,
        help="cells three levels below their unit (default: %(default)s; a "
        "multiple of 8)",
    )
    parser.add_argument(
        "--noise",
        type=int,
        default=200000,
        help="other links, half ended (default: %(default)s)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="timed runs, the best kept (default: %(default)s)",
    )
    args = parse_checked(parser)
    tree = (
        args.components
        + args.components // 2
        + args.components // 4
        + args.components // 8
    )
    if args.components < 8 or args.components % 8 or args.count < tree + 2 * args.noise:
        parser.error(
            "--components must be a multiple of 8, and --count at least the "
            "tree plus twice the noise"
        )
    return args


args = parse_args()
odoo = load_odoo(args.config)
from odoo.tools import SQL  # noqa: E402  (after the configuration)


def generate(env):
    """Write the serials and the links; return (cell ids, {cell id: unit id}, unit
    ids)."""
    cr = env.cr
    products = env["product.product"].create(
        [
            {
                "name": f"Bench Genealogy {name}",
                "is_storable": True,
                "tracking": "serial",
            }
            for name in ("Cell", "Pack", "Board", "Unit", "Other")
        ]
    )
    env.flush_all()
    cells, packs, boards = args.components, args.components // 2, args.components // 4
    units = args.components // 8
    # Serial i: cells 1..cells, then packs, boards, units, then the others.
    bounds = {
        "cell": (1, cells),
        "pack": (cells + 1, cells + packs),
        "board": (cells + packs + 1, cells + packs + boards),
        "unit": (cells + packs + boards + 1, cells + packs + boards + units),
    }
    params = {
        "n": args.count,
        "uid": env.uid,
        "company": env.company.id,
        "products": products.ids,
        "noise": args.noise,
        **{
            f"{kind}_{end}": value
            for kind, pair in bounds.items()
            for end, value in zip(("first", "last"), pair, strict=False)
        },
    }
    cr.execute(
        """
        INSERT INTO stock_lot (name, product_id, company_id, lifecycle_state,
                               create_uid, create_date, write_uid, write_date)
        SELECT 'BG-' || lpad(i::text, 8, '0'),
               (%(products)s::int[])[CASE WHEN i <= %(cell_last)s THEN 1 WHEN i <=
                   %(pack_last)s THEN 2
                                          WHEN i <= %(board_last)s THEN 3 WHEN i <=
                                              %(unit_last)s THEN 4 ELSE 5 END],
               %(company)s, 'available', %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s,
                   now() AT TIME ZONE 'UTC'
          FROM generate_series(1, %(n)s) i
    """,
        params,
    )
    cr.execute(
        """
        CREATE TEMP TABLE bench_lot ON COMMIT DROP AS
        SELECT substr(name, 4)::int AS i, id FROM stock_lot WHERE name LIKE 'BG-%%' AND
            product_id = ANY(%(products)s)
    """,
        params,
    )
    cr.execute("CREATE UNIQUE INDEX ON bench_lot (i)")
    # Each level: child k of its kind goes into parent (k - 1) / 2 of the next kind.
    cr.execute(
        """
        INSERT INTO stock_lot_component (parent_lot_id, component_lot_id, date_start,
            company_id,
                                         create_uid, create_date, write_uid, write_date)
        SELECT parent.id, child.id, now() AT TIME ZONE 'UTC' - interval '30 days',
            %(company)s,
               %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
          FROM (VALUES (%(cell_first)s, %(pack_first)s), (%(pack_first)s,
              %(board_first)s),
                       (%(board_first)s, %(unit_first)s)) AS level (child_first,
                           parent_first)
          JOIN bench_lot child ON child.i >= level.child_first
                              AND child.i < level.child_first + 2 * (level.parent_first
                                  - level.child_first) / 2
                              AND child.i < level.parent_first
          JOIN bench_lot parent ON parent.i = level.parent_first + (child.i -
              level.child_first) / 2
    """,
        params,
    )
    # Noise among the other serials: pairs (2k, 2k+1) after the tree; every
    # other one ended. Ended links of one component are history, the open one is unique.
    cr.execute(
        """
        INSERT INTO stock_lot_component (parent_lot_id, component_lot_id, date_start,
            date_end, company_id,
                                         create_uid, create_date, write_uid, write_date)
        SELECT parent.id, child.id, now() AT TIME ZONE 'UTC' - interval '300 days',
               CASE WHEN k %% 2 = 0 THEN now() AT TIME ZONE 'UTC' - interval '100 days'
                   END, %(company)s,
               %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
          FROM generate_series(1, %(noise)s) k
          JOIN bench_lot parent ON parent.i = %(unit_last)s + 2 * k - 1
          JOIN bench_lot child ON child.i = %(unit_last)s + 2 * k
    """,
        params,
    )
    for table in ("stock_lot", "stock_lot_component"):
        cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    cr.execute(
        """
        SELECT cell.id, unit.id FROM bench_lot cell
          JOIN bench_lot unit ON unit.i = %(unit_first)s + (cell.i - 1) / 8
         WHERE cell.i <= %(cell_last)s ORDER BY cell.i
    """,
        params,
    )
    expected = dict(cr.fetchall())
    cr.execute(
        "SELECT id FROM bench_lot WHERE i BETWEEN %(unit_first)s AND %(unit_last)s",
        params,
    )
    unit_ids = [row[0] for row in cr.fetchall()]
    return list(expected), expected, unit_ids


def best_of(function):
    best, result = None, None
    for _run in range(args.repeat):
        start = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def main():
    ensure_database(args.db, MODULE, args.config, args.create)
    registry = odoo.modules.registry.Registry(args.db)
    cr = registry.cursor()
    try:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        start = time.perf_counter()
        cell_ids, expected, unit_ids = generate(env)
        print(
            f"Odoo {odoo.release.version}, Python {sys.version.split()[0]}, "
            f"{os.cpu_count()} CPU(s); database {args.db}; generated in "
            f"{time.perf_counter() - start:.0f} s"
        )
        cr.execute("SELECT count(*) FROM stock_lot")
        lots_total = cr.fetchone()[0]
        cr.execute(
            "SELECT count(*), count(*) FILTER (WHERE date_end IS NULL) FROM "
            "stock_lot_component"
        )
        links, open_links = cr.fetchone()
        print(
            "%d serials, %d links (%d open); %d cells three levels below %d units\n"
            % (lots_total, links, open_links, len(cell_ids), len(unit_ids))
        )
        Lot = env["stock.lot"]
        cells = Lot.browse(cell_ids)
        units = Lot.browse(unit_ids)

        def ancestors():
            env.invalidate_all()
            return cells._genealogy_ancestors()

        def orm_field():
            env.invalidate_all()
            return {lot.id: lot.top_parent_lot_id.id for lot in Lot.browse(cell_ids)}

        def below_units():
            env.invalidate_all()
            return Lot.search([("top_parent_lot_id", "in", unit_ids)])

        def holding_cells():
            env.invalidate_all()
            return Lot.search([("contains_component", "in", cell_ids)])

        rows = []
        errors = []
        elapsed, chains = best_of(ancestors)
        rows.append(
            ("ancestors of the cells (one recursive query)", elapsed, len(chains))
        )
        wrong = [
            cell
            for cell in cell_ids
            if (chains.get(cell) or [None])[-1] != expected[cell]
        ]
        if wrong:
            errors.append("%d cells with a wrong top-level unit" % len(wrong))
        elapsed, tops = best_of(orm_field)
        rows.append(("top_parent_lot_id of the cells (ORM field)", elapsed, len(tops)))
        if tops != expected:
            errors.append("the field gives another top-level unit than the query")
        elapsed, found = best_of(below_units)
        rows.append(("search top_parent_lot_id in the units", elapsed, len(found)))
        if len(found) != len(cell_ids) * 7 // 4:
            errors.append(
                "search by top-level unit found %d serials, not %d"
                % (len(found), len(cell_ids) * 7 // 4)
            )
        elapsed, found = best_of(holding_cells)
        rows.append(("search contains_component in the cells", elapsed, len(found)))
        if (found & units) != units or len(found) != len(cell_ids) * 7 // 8:
            errors.append(
                "search by component found %d serials, not %d"
                % (len(found), len(cell_ids) * 7 // 8)
            )
        print("| what | best of %d, s | serials |\n|---|---|---|" % args.repeat)
        for what, seconds, count in rows:
            print("| %s | %.3f | %d |" % (what, seconds, count))
        top = max(rows[0][1], rows[1][1])
        print(
            "\ntop-level units of %d cells: %.3f s, target %.1f s: %s"
            % (
                len(cell_ids),
                top,
                TARGET_SECONDS,
                "met" if top <= TARGET_SECONDS else "MISSED",
            )
        )
        for error in errors:
            print(f"WRONG: {error}")
        return 1 if errors else 0
    finally:
        cr.rollback()
        cr.close()


if __name__ == "__main__":
    sys.exit(main())
