#!/usr/bin/env python3
"""Benchmark: the install-time backfill of serial_lifecycle on 100,000 serials with
history.

In the database where serial_lifecycle is installed, this script writes
directly in SQL (generate_series) a history such as a database has before the
module is installed: a serial product, ``--count`` serial lots (default
100,000) without any lifecycle event, their receipts from a vendor (pickings
of 100 serials), deliveries to 200 customers (pickings of 10 serials), returns
from customers, returns to the vendor, scraps, deliveries still waiting with
their serials reserved, and the quants where the serials are now:

    kind of serial   share  history                                 quant
    available         58%   receipt                                 WH/Stock
    shipped           30%   receipt, delivery (picking with partner) Customers
    allocated          5%   receipt, reserved on a waiting delivery WH/Stock (reserved)
    scrapped           3%   receipt, scrap (stock.scrap + move)     Scrap
    returned           2%   receipt, delivery, return from customer WH/Stock
    vendor_returned    1%   receipt, return to the vendor           -
    draft              1%   none (created, never received)          -

Then it times ``backfill_serial_keys(cr)`` and ``backfill_lifecycle(env)``
of ``serial_lifecycle.hooks`` (what ``post_init_hook`` runs), prints the time
and the number of serials backfilled, and checks every serial: its state (the
kind above), its customer (the partner of its delivery, for shipped ones), one
``backfill`` event, and the serial keys. The target is under a minute for
100,000 serials. Everything is rolled back at the end.

By default the generated tables are ANALYZEd before the timed backfill (inside
the transaction: rolled back too), as the statistics of a database in use
would be up to date; ``--no-analyze`` skips it. ``--explain`` prints the plan
of the backfill query (EXPLAIN ANALYZE, after the timed runs).

Run it with the Python that runs Odoo, e.g.::

    /opt/odoo18-venv/bin/python tests/bench_backfill.py \\
        --config /path/to/odoo.conf --create

It is a report, not a test: the exit code is 0 even if the time is over the
target; it is 1 if the resulting states do not match the generated history,
and non-zero if something crashed.
"""

# A command-line benchmark: its report is printed.
# pylint: disable=print-used

import os
import sys
import threading
import time

from bench_common import ensure_database, load_odoo, make_parser, parse_checked

TARGET_SECONDS = 60
MODULE = "serial_lifecycle"


def parse_args():
    parser = make_parser(__doc__.split("\n\n")[0], "bench_serial", MODULE)
    parser.add_argument(
        "--count",
        type=int,
        default=100000,
        help="serials to generate (default: %(default)s)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="timed backfills, on the same generated data, the best one is kept "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--no-analyze",
        dest="analyze",
        action="store_false",
        help="do not ANALYZE the generated tables before the backfill",
    )
    parser.add_argument(
        "--install",
        action="store_true",
        help="run it as the install does (hooks.post_init_hook): chunks of "
        "hooks.BACKFILL_CHUNK lots until hooks.INSTALL_BUDGET_SECONDS, then the "
        "rest as the cron's chunks, each timed (for 1,000,000 serials)",
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print EXPLAIN ANALYZE of the backfill query",
    )
    args = parse_checked(parser)
    if args.count < 100 or args.repeat < 1:
        parser.error("--count must be at least 100 and --repeat positive")
    return args


args = parse_args()

odoo = load_odoo(args.config)


# ----------------------------------------------------------------------
# Database
# ----------------------------------------------------------------------

# ----------------------------------------------------------------------
# The history, in SQL
# ----------------------------------------------------------------------

# Share of each kind, by i % 100 (the table of the docstring).
KIND_SQL = """
    CASE WHEN i %% 100 < 30 THEN 'shipped'
         WHEN i %% 100 < 33 THEN 'scrapped'
         WHEN i %% 100 < 35 THEN 'returned'
         WHEN i %% 100 < 40 THEN 'allocated'
         WHEN i %% 100 = 40 THEN 'vendor_returned'
         WHEN i %% 100 = 41 THEN 'draft'
         ELSE 'available' END
"""
CUSTOMERS = 200


def generate(env, count):
    """Write the serials and their history; return what the backfill must give."""
    cr = env.cr
    company = env.company
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", company.id)], limit=1
    )
    locations = {
        "stock": warehouse.lot_stock_id.id,
        "supplier": env.ref("stock.stock_location_suppliers").id,
        "customer": env.ref("stock.stock_location_customers").id,
        "scrap": env["stock.location"]
        .search(
            [("scrap_location", "=", True), ("company_id", "in", (company.id, False))],
            limit=1,
        )
        .id,
    }
    product = env["product.product"].create(
        {
            "name": "Bench Backfill Device",
            "is_storable": True,
            "tracking": "serial",
        }
    )
    vendor = env["res.partner"].create({"name": "Bench Backfill Vendor"})
    customers = env["res.partner"].create(
        [
            {"name": "Bench Backfill Customer %03d" % number}
            for number in range(CUSTOMERS)
        ]
    )
    env.flush_all()
    params = dict(
        locations,
        n=count,
        product=product.id,
        uom=product.uom_id.id,
        company=company.id,
        vendor=vendor.id,
        customers=customers.ids,
        uid=env.uid,
        warehouse=warehouse.id,
        in_type=warehouse.in_type_id.id,
        out_type=warehouse.out_type_id.id,
        name=product.display_name,
    )

    # One row per serial: its kind and the dates of its history.
    cr.execute(
        f"""
        CREATE TEMP TABLE bench_serial ON COMMIT DROP AS
        SELECT i, {KIND_SQL} AS kind,
               -- the date of its receipt (100 serials a receipt), over 900 days
               (now() AT TIME ZONE 'UTC') - interval '1000 days'
                   + ((i - 1) / 100) * 100.0 / %(n)s * interval '900 days' AS received,
               NULL::integer AS lot_id
          FROM generate_series(1, %(n)s) i
    """,
        params,
    )
    cr.execute(
        """
        INSERT INTO stock_lot (name, product_id, company_id, lifecycle_state,
            location_id,
                               create_uid, create_date, write_uid, write_date)
        SELECT 'BF-' || lpad(i::text, 7, '0'), %(product)s, %(company)s, 'draft',
               CASE WHEN kind IN ('available', 'allocated', 'returned') THEN %(stock)s
                   END,
               %(uid)s, received - interval '1 day', %(uid)s, received
          FROM bench_serial ORDER BY i
    """,
        params,
    )
    cr.execute(
        """
        UPDATE bench_serial s SET lot_id = lot.id
          FROM stock_lot lot
         WHERE lot.product_id = %(product)s AND lot.name = 'BF-' || lpad(s.i::text, 7,
             '0')
    """,
        params,
    )
    cr.execute("CREATE UNIQUE INDEX ON bench_serial (i)")

    # One row per serial per movement: the document (picking or scrap) it
    # belongs to, its source, destination, partner and date.
    cr.execute(
        """
        CREATE TEMP TABLE bench_line ON COMMIT DROP AS
        WITH delivered AS (
            SELECT s.*, (row_number() OVER (ORDER BY i) - 1) / 10 AS out_group
              FROM bench_serial s WHERE kind IN ('shipped', 'returned')
        ), delivery AS (
            SELECT d.*, (%(customers)s::int[])[1 + out_group %%
                array_length(%(customers)s::int[], 1)] AS customer,
                   max(received) OVER (PARTITION BY out_group) + interval '20 days' AS
                       shipped_on
              FROM delivered d
        )
        -- receipts, 100 serials a picking
        SELECT i, lot_id, 'IN/' || ((i - 1) / 100) AS doc, 'receipt' AS step,
               %(supplier)s AS src, %(stock)s AS dest, %(vendor)s AS partner,
                   %(in_type)s AS ptype,
               'done' AS state, received AS date
          FROM bench_serial WHERE kind != 'draft'
        UNION ALL  -- deliveries, 10 serials a picking, to 200 customers
        SELECT i, lot_id, 'OUT/' || out_group, 'delivery', %(stock)s, %(customer)s,
            customer, %(out_type)s,
               'done', shipped_on
          FROM delivery
        UNION ALL  -- returns of the serials of kind returned, by delivery
        SELECT i, lot_id, 'RET/' || out_group, 'return', %(customer)s, %(stock)s,
            customer, %(in_type)s,
               'done', shipped_on + interval '20 days'
          FROM delivery WHERE kind = 'returned'
        UNION ALL  -- scraps, one a serial
        SELECT i, lot_id, 'SCRAP/' || i, 'scrap', %(stock)s, %(scrap)s, NULL, NULL,
               'done', received + interval '10 days'
          FROM bench_serial WHERE kind = 'scrapped'
        UNION ALL  -- returns to the vendor, 10 serials a picking
        SELECT i, lot_id, 'VRET/' || (i / 1000), 'vendor_return', %(stock)s,
            %(supplier)s, %(vendor)s, %(out_type)s,
               'done', max(received) OVER (PARTITION BY i / 1000) + interval '5 days'
          FROM bench_serial WHERE kind = 'vendor_returned'
        UNION ALL  -- deliveries waiting, their serials reserved, 10 a picking
        SELECT i, lot_id, 'RES/' || (i / 200), 'reservation', %(stock)s, %(customer)s,
               (%(customers)s::int[])[1 + (i / 200) %%
                   array_length(%(customers)s::int[], 1)], %(out_type)s,
               'assigned', now() AT TIME ZONE 'UTC'
          FROM bench_serial WHERE kind = 'allocated'
    """,
        params,
    )

    cr.execute("""
        CREATE TEMP TABLE bench_doc ON COMMIT DROP AS
        SELECT doc, min(src) AS src, min(dest) AS dest, min(partner) AS partner,
            min(ptype) AS ptype,
               min(state) AS state, max(date) AS date, count(*) AS qty,
               NULL::integer AS picking_id, NULL::integer AS scrap_id, NULL::integer AS
                   move_id
          FROM bench_line GROUP BY doc
    """)
    cr.execute("CREATE UNIQUE INDEX ON bench_doc (doc)")
    cr.execute(
        """
        WITH picking AS (
            INSERT INTO stock_picking (name, origin, picking_type_id, location_id,
                location_dest_id, partner_id,
                                       company_id, move_type, state, priority,
                                           scheduled_date, date, date_done,
                                       is_locked, printed, has_deadline_issue,
                                       create_uid, create_date, write_uid, write_date)
            SELECT 'BENCH/' || doc, 'bench_backfill', ptype, src, dest, partner,
                   %(company)s, 'direct', state, '0', date, date, CASE WHEN state =
                       'done' THEN date END,
                   true, false, false, %(uid)s, date, %(uid)s, date
              FROM bench_doc WHERE doc NOT LIKE 'SCRAP/%%'
         RETURNING id, name
        )
        UPDATE bench_doc SET picking_id = picking.id FROM picking WHERE picking.name =
            'BENCH/' || bench_doc.doc
    """,
        params,
    )
    cr.execute(
        """
        WITH scrap AS (
            INSERT INTO stock_scrap (name, origin, company_id, product_id,
                product_uom_id, lot_id, location_id,
                                     scrap_location_id, state, scrap_qty,
                                         should_replenish, date_done,
                                     create_uid, create_date, write_uid, write_date)
            SELECT 'BENCH/' || doc, 'bench_backfill', %(company)s, %(product)s, %(uom)s,
                line.lot_id, line.src,
                   line.dest, 'done', 1, false, line.date, %(uid)s, line.date, %(uid)s,
                       line.date
              FROM bench_doc JOIN bench_line line USING (doc) WHERE doc LIKE 'SCRAP/%%'
         RETURNING id, name
        )
        UPDATE bench_doc SET scrap_id = scrap.id FROM scrap WHERE scrap.name = 'BENCH/'
            || bench_doc.doc
    """,
        params,
    )
    cr.execute(
        """
        WITH move AS (
            INSERT INTO stock_move (name, sequence, company_id, product_id, product_uom,
                location_id,
                                    location_dest_id, location_final_id, picking_id,
                                        scrap_id, picking_type_id,
                                    warehouse_id, priority, state, origin,
                                        procure_method, reference,
                                    product_qty, product_uom_qty, quantity, picked,
                                        scrapped,
                                    propagate_cancel, is_inventory, additional, date,
                                        price_unit,
                                    create_uid, create_date, write_uid, write_date)
            SELECT %(name)s, 10, %(company)s, %(product)s, %(uom)s, src,
                   dest, dest, picking_id, scrap_id, ptype,
                   CASE WHEN ptype IS NOT NULL THEN %(warehouse)s END, '0', state,
                       'bench_backfill',
                   'make_to_stock', 'BENCH/' || doc,
                   qty, qty, qty, state = 'done', scrap_id IS NOT NULL,
                   true, false, false, date, 0,
                   %(uid)s, date, %(uid)s, date
              FROM bench_doc
         RETURNING id, reference
        )
        UPDATE bench_doc SET move_id = move.id FROM move WHERE move.reference = 'BENCH/'
            || bench_doc.doc
    """,
        params,
    )
    cr.execute(
        """
        INSERT INTO stock_move_line (picking_id, move_id, company_id, product_id,
            product_uom_id, lot_id,
                                     lot_name, location_id, location_dest_id, state,
                                         reference,
                                     quantity, quantity_product_uom, picked, date,
                                     create_uid, create_date, write_uid, write_date)
        SELECT doc.picking_id, doc.move_id, %(company)s, %(product)s, %(uom)s,
            line.lot_id,
               CASE WHEN line.step = 'receipt' THEN 'BF-' || lpad(line.i::text, 7, '0')
                   END,
               line.src, line.dest, line.state, 'BENCH/' || line.doc,
               1, 1, line.state = 'done', line.date,
               %(uid)s, line.date, %(uid)s, line.date
          FROM bench_line line JOIN bench_doc doc USING (doc)
      ORDER BY line.date, line.i
    """,
        params,
    )

    # Quants: where each serial is now (a reserved unit for the allocated ones).
    cr.execute(
        """
        INSERT INTO stock_quant (product_id, company_id, location_id, lot_id, quantity,
            reserved_quantity,
                                 in_date, inventory_quantity_set, create_uid,
                                     create_date, write_uid, write_date)
        SELECT %(product)s, location.company_id, location.id, last.lot_id, 1,
               CASE WHEN s.kind = 'allocated' THEN 1 ELSE 0 END,
               last.date, false, %(uid)s, last.date, %(uid)s, last.date
          FROM (SELECT DISTINCT ON (i) i, lot_id, dest, date FROM bench_line
                 WHERE state = 'done' ORDER BY i, date DESC) last
          JOIN bench_serial s USING (i)
          JOIN stock_location location ON location.id = last.dest
         WHERE s.kind IN ('available', 'allocated', 'returned', 'shipped', 'scrapped')
    """,
        params,
    )

    # What the backfill must give: the kind, and the customer of the shipped ones.
    cr.execute("""
        CREATE TEMP TABLE bench_expected ON COMMIT DROP AS
        SELECT s.lot_id, s.kind AS state, CASE WHEN s.kind = 'shipped' THEN
            delivery.partner END AS partner_id
          FROM bench_serial s
     LEFT JOIN bench_line delivery ON delivery.i = s.i AND delivery.step = 'delivery'
    """)
    cr.execute(
        """
        SELECT (SELECT count(*) FROM bench_doc WHERE picking_id IS NOT NULL),
               (SELECT count(*) FROM bench_doc WHERE scrap_id IS NOT NULL),
               (SELECT count(*) FROM bench_doc),
               (SELECT count(*) FROM bench_line),
               (SELECT count(*) FROM stock_quant WHERE product_id = %(product)s)
    """,
        params,
    )
    pickings, scraps, moves, lines, quants = cr.fetchone()
    return {
        "product": product,
        "summary": "%d serials, %d pickings, %d scraps, %d moves, %d move lines, %d "
        "quants" % (count, pickings, scraps, moves, lines, quants),
    }


def check(env, product):
    """Compare the backfilled serials with the generated history; return (report lines,
    errors)."""
    cr = env.cr
    lines, errors = [], 0
    lines.append("%-16s %9s %9s" % ("state", "expected", "got"))
    cr.execute(
        """
        SELECT lifecycle_state, count(*) FROM stock_lot WHERE product_id = %s GROUP BY 1
    """,
        (product.id,),
    )
    got = dict(cr.fetchall())
    cr.execute("""
        SELECT e.state, count(*), count(*) FILTER (WHERE lot.lifecycle_state = e.state)
          FROM bench_expected e JOIN stock_lot lot ON lot.id = e.lot_id
      GROUP BY e.state ORDER BY count(*) DESC
    """)
    expected_states = set()
    for state, expected, matching in cr.fetchall():
        expected_states.add(state)
        lines.append(
            "%-16s %9d %9d%s"
            % (
                state,
                expected,
                got.get(state, 0),
                ""
                if matching == expected
                else "  MISMATCH: %d serials" % (expected - matching),
            )
        )
        errors += expected - matching
    for state in sorted(set(got) - expected_states):
        lines.append("%-16s %9d %9d  MISMATCH" % (state, 0, got[state]))
    cr.execute("""
        SELECT count(*) FILTER (WHERE lot.lifecycle_partner_id IS DISTINCT FROM
            e.partner_id),
               count(*) FILTER (WHERE e.partner_id IS NOT NULL)
          FROM bench_expected e JOIN stock_lot lot ON lot.id = e.lot_id
    """)
    wrong_partner, with_partner = cr.fetchone()
    lines.append(
        "customer of the shipped serials: %d set, %d wrong"
        % (with_partner, wrong_partner)
    )
    errors += wrong_partner
    cr.execute("""
        SELECT count(*) FILTER (WHERE n = 1 AND ok), count(*) FILTER (WHERE NOT (n = 1
            AND ok))
          FROM (SELECT e.lot_id, count(ev.id) AS n,
                       bool_and(ev.event_type = 'backfill' AND ev.state_after = e.state)
                           AS ok
                  FROM bench_expected e LEFT JOIN stock_lot_lifecycle_event ev ON
                      ev.lot_id = e.lot_id
              GROUP BY e.lot_id) per_lot
    """)
    good, bad = cr.fetchone()
    lines.append(
        "one backfill event with the right state: %d serials, %d without" % (good, bad)
    )
    errors += bad
    cr.execute("""
        SELECT count(*) FILTER (WHERE lot.serial_prefix = 'BF-'
                                  AND lot.serial_numeric_key =
                                      lpad(ltrim(substr(lot.name, 4), '0'), 20, '0')
                                  AND lot.serial_suffix = ''),
               count(*)
          FROM bench_expected e JOIN stock_lot lot ON lot.id = e.lot_id
    """)
    keyed, total = cr.fetchone()
    lines.append(
        "serial keys (prefix, numeric key, suffix) right: %d of %d" % (keyed, total)
    )
    errors += total - keyed
    return lines, errors


class ExplainCursor:
    """A cursor that runs EXPLAIN of the statements given to execute() instead of the
    statements."""

    def __init__(self, cr):
        self.cr = cr
        self.plan = []

    def execute(self, query, params=None):
        self.cr.execute("EXPLAIN " + query, params)
        self.plan += [row[0] for row in self.cr.fetchall()]


def run_as_install(env, data, already_without_events):
    """The install's chunks within its time budget, then the cron's; the errors."""
    from odoo.addons.serial_lifecycle import hooks

    deadline = time.perf_counter() + hooks.INSTALL_BUDGET_SECONDS
    phases = {"install": [], "cron": []}
    backfilled = 0
    phase = "install"
    while True:
        started = time.perf_counter()
        _looked, count, remaining = hooks.backfill_next_chunk(env, hooks.BACKFILL_CHUNK)
        env.flush_all()
        phases[phase].append(time.perf_counter() - started)
        backfilled += count
        print(
            "  %s chunk %d: %d serials backfilled, %d lots left, %.2f s"
            % (phase, len(phases[phase]), count, remaining, phases[phase][-1]),
            flush=True,
        )
        if not remaining:
            break
        if phase == "install" and time.perf_counter() > deadline:
            # post_init_hook hands the rest to the cron here; the install ends.
            phase = "cron"
    install = sum(phases["install"])
    print(
        "\ninstall: %d chunks of %d lots, %.1f s (budget %d s)%s"
        % (
            len(phases["install"]),
            hooks.BACKFILL_CHUNK,
            install,
            hooks.INSTALL_BUDGET_SECONDS,
            ", then the rest handed to the cron" if phases["cron"] else "",
        )
    )
    if phases["cron"]:
        print(
            "cron: %d chunks, %.1f s in all, slowest chunk %.2f s (target 30 s: %s)"
            % (
                len(phases["cron"]),
                sum(phases["cron"]),
                max(phases["cron"]),
                "met" if max(phases["cron"]) < 30 else "NOT met",
            )
        )
    lines, errors = check(env, data["product"])
    expected = args.count + already_without_events
    print(
        "serials backfilled: %d (expected %d)%s"
        % (backfilled, expected, "" if backfilled == expected else "  MISMATCH")
    )
    print("\n".join(lines))
    return errors + (backfilled != expected)


def main():
    ensure_database(args.db, MODULE, args.config, args.create)
    registry = odoo.modules.registry.Registry(args.db)
    from odoo.addons.serial_lifecycle.hooks import (
        _BACKFILL_QUERY,
        backfill_lifecycle,
        backfill_serial_keys,
    )

    print(
        "Odoo %s, Python %s, %s CPU(s); database %s; %d serials"
        % (
            odoo.release.version,
            sys.version.split()[0],
            os.cpu_count(),
            args.db,
            args.count,
        ),
        flush=True,
    )
    cr = registry.cursor()
    errors = 0
    try:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        cr.execute("""
            SELECT count(*) FROM stock_lot lot
              JOIN product_product pp ON pp.id = lot.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE pt.tracking = 'serial'
               AND NOT EXISTS (SELECT 1 FROM stock_lot_lifecycle_event e WHERE e.lot_id
                   = lot.id)
        """)
        already_without_events = cr.fetchone()[0]
        started = time.perf_counter()
        data = generate(env, args.count)
        print(
            "generated in {:.1f}s: {}".format(
                time.perf_counter() - started, data["summary"]
            ),
            flush=True,
        )
        if args.analyze:
            started = time.perf_counter()
            cr.execute(
                "ANALYZE stock_lot, stock_move, stock_move_line, "
                "stock_picking, stock_quant, "
                "stock_scrap, stock_lot_lifecycle_event"
            )
            print(
                "ANALYZE in %.1fs (rolled back with the rest)"
                % (time.perf_counter() - started)
            )
        env.flush_all()
        cr.execute("SAVEPOINT bench_generated")
        if args.explain:
            print(
                "\nEXPLAIN of the serial keys UPDATE (plan only, before the "
                "timed runs):"
            )
            explain_cursor = ExplainCursor(cr)
            backfill_serial_keys(explain_cursor)
            print("\n".join(explain_cursor.plan))
            print("\nEXPLAIN of the backfill query (plan only, before the timed runs):")
            cr.execute("EXPLAIN " + _BACKFILL_QUERY, {"lot_ids": None})
            print("\n".join(row[0] for row in cr.fetchall()))
            print()

        if args.install:
            errors = run_as_install(env, data, already_without_events)
            return 1 if errors else 0
        best = None
        for run in range(args.repeat):
            if run:
                cr.execute("ROLLBACK TO SAVEPOINT bench_generated")
                env.invalidate_all()
            statements = []
            thread = threading.current_thread()
            hooks = getattr(thread, "query_hooks", ())
            thread.query_hooks = hooks + (
                lambda cr_,
                query,
                params,
                start,
                delay,
                statements=statements: statements.append((delay, query)),
            )
            try:
                queries = cr.sql_log_count
                started = time.perf_counter()
                backfill_serial_keys(cr)
                keys_done = time.perf_counter()
                count = backfill_lifecycle(env)
                env.flush_all()
                done = time.perf_counter()
            finally:
                thread.query_hooks = hooks
            result = {
                "keys": keys_done - started,
                "lifecycle": done - keys_done,
                "total": done - started,
                "count": count,
                "queries": cr.sql_log_count - queries,
                "statements": statements,
            }
            print(
                "run %d: backfill_serial_keys %.2fs + backfill_lifecycle "
                "%.2fs = %.2fs, %d serials, %d queries"
                % (
                    run + 1,
                    result["keys"],
                    result["lifecycle"],
                    result["total"],
                    count,
                    result["queries"],
                ),
                flush=True,
            )
            if best is None or result["total"] < best["total"]:
                best = result

        lines, errors = check(env, data["product"])
        expected_count = args.count + already_without_events
        if best["count"] != expected_count:
            errors += 1
        print()
        print(
            "backfill of %d serials: %.2fs (serial keys %.2fs, lifecycle "
            "%.2fs), %d queries; "
            "target under %ds: %s"
            % (
                best["count"],
                best["total"],
                best["keys"],
                best["lifecycle"],
                best["queries"],
                TARGET_SECONDS,
                "met" if best["total"] < TARGET_SECONDS else "NOT met",
            )
        )
        print(
            "serials backfilled: %d (expected %d: %d generated + %d already "
            "in the database without events)%s"
            % (
                best["count"],
                expected_count,
                args.count,
                already_without_events,
                "" if best["count"] == expected_count else "  MISMATCH",
            )
        )
        print("time by statement:")
        for delay, query in best["statements"]:
            text = " ".join(
                (query.decode() if isinstance(query, bytes) else str(query)).split()
            )
            print(f"  {delay:7.2f}s  {text[:90]}")
        print("\n".join(lines))
        print(
            "result: %s"
            % ("every serial as generated" if not errors else "%d MISMATCHES" % errors)
        )

        if args.explain:
            cr.execute("ROLLBACK TO SAVEPOINT bench_generated")
            env.invalidate_all()
            backfill_serial_keys(cr)
            cr.execute(
                "EXPLAIN (ANALYZE, BUFFERS) " + _BACKFILL_QUERY, {"lot_ids": None}
            )
            print("\nEXPLAIN ANALYZE of the backfill query:")
            print("\n".join(row[0] for row in cr.fetchall()))
    finally:
        cr.rollback()
        cr.close()
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
