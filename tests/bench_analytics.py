#!/usr/bin/env python3
"""Benchmark: the pivots of Serials > Analytics with 1,000,000 serials and 200,000
claims.

In a database where serial_warranty is installed (``--db``, default
``analytics_bench``; ``--create`` makes it without demo data), the first run
writes in SQL (generate_series) ``--count`` serials (default 1,000,000) of
10 products, produced over 24 months and received from 20 suppliers, each
with its receipt event; 80% shipped to 1,000 customers (a delivery event and
a stored warranty start); the rest in stock (a quant); ``--claims`` claims
(default 200,000) on shipped serials, a fifth of them with a done return,
and COMMITS them (later runs reuse them; marked by the product "Bench
Analytics 0"). Then it reads each report as its pivot first opens
(``read_group`` with the pivot's rows, columns and measures, the cache
emptied before each read, as a new request has it), three times, and
prints the median time, the queries and the number of groups. The target:
each under 2 s.

    PY=$(head -1 "$(command -v odoo)" | sed 's/^#!//')
    $PY tests/bench_analytics.py --config .local/odoo.conf --create

A report, not a test: the exit code is 0 even if the target is missed.
"""

# A command-line benchmark: its report is printed.
# pylint: disable=print-used

import os
import statistics
import sys
import time

from bench_common import ensure_database, load_odoo, make_parser, parse_checked

TARGET_S = 2.0
MODULE = "serial_warranty"
PRODUCT_PREFIX = "Bench Analytics "
CONTEXT = {"lang": "en_US", "tz": "Europe/Brussels"}
# (label, report, measures, rows, columns, domain) of each pivot as its
# action first opens it (the view's measures, row and column groupings).
PIVOTS = [
    (
        "failure rates",
        "serial.warranty.failure.report",
        ["unit_count:sum", "failed_count:sum", "failure_rate:avg"],
        "product_id",
        "production_date:month",
        [],
    ),
    (
        "failure curve",
        "serial.warranty.failure.report",
        ["failed_count:sum"],
        "months_in_service",
        "production_date:month",
        [("failed_count", "=", 1)],
    ),
    (
        "returns by reason",
        "serial.warranty.return.report",
        ["count:sum"],
        "reason_id",
        "kind",
        [],
    ),
    (
        "service times",
        "serial.warranty.service.report",
        [
            "claim_count:sum",
            "days_to_return:median",
            "days_to_repair:median",
            "days_to_back:median",
            "days_to_back_p90:p90",
        ],
        "product_id",
        "claim_date:month",
        [],
    ),
    (
        "stock age",
        "serial.stock.age.report",
        ["unit_count:sum"],
        "product_id",
        "age_group",
        [],
    ),
    (
        "stock turnover",
        "serial.stock.velocity.report",
        ["unit_count:sum", "days_in_stock:median", "days_in_stock_p90:p90"],
        "product_id",
        "shipped_date:month",
        [],
    ),
]


def parse_args():
    parser = make_parser(__doc__.split("\n\n")[0], "analytics_bench", MODULE)
    parser.add_argument(
        "--count",
        type=int,
        default=1_000_000,
        help="serials to generate (default: %(default)s)",
    )
    parser.add_argument(
        "--claims",
        type=int,
        default=200_000,
        help="claims to generate (default: %(default)s)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=5,
        help="times each pivot is read; the median is printed (default: %(default)s)",
    )
    return parse_checked(parser)


args = parse_args()

odoo = load_odoo(args.config)


def generate(env, count, claims):
    """Write the serials, their events, quants and claims once; return the products."""
    products = env["product.product"].search([("name", "=like", PRODUCT_PREFIX + "%")])
    if products:
        return products
    cr = env.cr
    category = env["product.category"].create(
        {"name": "Bench Analytics", "warranty_duration": 24}
    )
    products = env["product.product"].create(
        [
            {
                "name": PRODUCT_PREFIX + str(index),
                "is_storable": True,
                "tracking": "serial",
                "categ_id": category.id,
            }
            for index in range(10)
        ]
    )
    suppliers = env["res.partner"].create(
        [{"name": "Bench Supplier %d" % index} for index in range(20)]
    )
    customers = env["res.partner"].create(
        [{"name": "Bench Customer %d" % index} for index in range(1000)]
    )
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", env.company.id)], limit=1
    )
    env.flush_all()
    params = {
        "products": products.ids,
        "suppliers": suppliers.ids,
        "customers": customers.ids,
        "company": env.company.id,
        "count": count,
        "claims": claims,
        "stock": warehouse.lot_stock_id.id,
        "customer_location": env.ref("stock.stock_location_customers").id,
        "reasons": env["serial.return.reason"].search([]).ids,
    }
    started = time.perf_counter()
    # Serial i: product i % 10, supplier i % 20, made (i % 730) days before
    # 2026-06-30, shipped when i % 5 != 0, to customer i % 1000.
    cr.execute(
        """
        INSERT INTO stock_lot (name, product_id, company_id, lifecycle_state,
            lifecycle_partner_id,
                               production_date, serial_prefix, serial_numeric_key,
                                   serial_suffix,
                               warranty_start_date, create_uid, write_uid, create_date,
                                   write_date)
        SELECT 'BA' || lpad(i::text, 8, '0'), (%(products)s)[1 + i %% 10], %(company)s,
               CASE WHEN i %% 5 = 0 THEN 'available' ELSE 'shipped' END,
               CASE WHEN i %% 5 = 0 THEN NULL ELSE (%(customers)s)[1 + i %% 1000] END,
               DATE '2026-06-30' - (i %% 730), 'BA', lpad(i::text, 20, '0'), '',
               CASE WHEN i %% 5 = 0 THEN NULL ELSE DATE '2026-06-30' - (i %% 730) + 20
                   END,
               1, 1, now(), now()
          FROM generate_series(1, %(count)s) i
    """,
        params,
    )
    cr.execute(
        """
        INSERT INTO stock_lot_lifecycle_event (lot_id, product_id, company_id,
            event_type, state_before,
                                               state_after, event_date, user_id,
                                                   partner_id, location_dest_id,
                                               create_uid, write_uid, create_date,
                                                   write_date)
        SELECT lot.id, lot.product_id, lot.company_id, 'receipt', 'draft', 'available',
               lot.production_date + 10, 1, (%(suppliers)s)[1 + lot.id %% 20],
                   %(stock)s, 1, 1, now(), now()
          FROM stock_lot lot WHERE lot.product_id = ANY(%(products)s)
    """,
        params,
    )
    cr.execute(
        """
        INSERT INTO stock_lot_lifecycle_event (lot_id, product_id, company_id,
            event_type, state_before,
                                               state_after, event_date, user_id,
                                                   partner_id, location_id,
                                               location_dest_id, create_uid, write_uid,
                                                   create_date, write_date)
        SELECT lot.id, lot.product_id, lot.company_id, 'delivery', 'available',
            'shipped',
               lot.warranty_start_date, 1, lot.lifecycle_partner_id, %(stock)s,
                   %(customer_location)s,
               1, 1, now(), now()
          FROM stock_lot lot WHERE lot.product_id = ANY(%(products)s) AND
              lot.lifecycle_state = 'shipped'
    """,
        params,
    )
    cr.execute(
        """
        INSERT INTO stock_quant (product_id, company_id, location_id, lot_id, quantity,
            reserved_quantity,
                                 in_date, create_uid, write_uid, create_date,
                                     write_date)
        SELECT lot.product_id, lot.company_id, %(stock)s, lot.id, 1, 0,
            lot.production_date + 10, 1, 1, now(), now()
          FROM stock_lot lot WHERE lot.product_id = ANY(%(products)s) AND
              lot.lifecycle_state = 'available'
    """,
        params,
    )
    # Claims on the first shipped serials, a claim 1 to 600 days after the
    # warranty start; a fifth of them with a done return 2 to 30 days later.
    cr.execute(
        """
        WITH claimed AS (
            SELECT lot.id, lot.name, lot.product_id, lot.lifecycle_partner_id,
                lot.warranty_start_date,
                   row_number() OVER (ORDER BY lot.id) AS n
              FROM stock_lot lot
             WHERE lot.product_id = ANY(%(products)s) AND lot.lifecycle_state =
                 'shipped'
             ORDER BY lot.id LIMIT %(claims)s
        )
        INSERT INTO serial_warranty_claim (name, company_id, serial_name, lot_id,
            product_id, partner_id,
                                           claim_date, state, decision_reason,
                                               return_reason_id,
                                           create_uid, write_uid, create_date,
                                               write_date)
        SELECT 'BENCH/' || n, %(company)s, name, id, product_id, lifecycle_partner_id,
               LEAST(warranty_start_date + (1 + n %% 600)::integer, DATE '2026-11-30'),
               (ARRAY['approved', 'rejected', 'in_repair', 'closed'])[1 + n %% 4],
                   'eligible',
               (%(reasons)s)[1 + n %% cardinality(%(reasons)s)], 1, 1, now(), now()
          FROM claimed
    """,
        params,
    )
    cr.execute(
        """
        WITH returned AS (
            INSERT INTO stock_picking (name, picking_type_id, location_id,
                location_dest_id, company_id,
                                       partner_id, state, date_done, move_type,
                                           scheduled_date,
                                       serial_return_reason_id, create_uid, write_uid,
                                           create_date, write_date)
            SELECT 'BENCH/RET/' || claim.id, %(in_type)s, %(customer_location)s,
                %(stock)s, claim.company_id,
                   claim.partner_id, 'done', claim.claim_date + (2 + claim.id %% 29),
                       'direct', now(),
                   claim.return_reason_id, 1, 1, now(), now()
              FROM serial_warranty_claim claim
             WHERE claim.name LIKE 'BENCH/%%' AND claim.id %% 5 = 0
            RETURNING id, name
        )
        UPDATE serial_warranty_claim claim SET return_picking_id = returned.id
          FROM returned WHERE returned.name = 'BENCH/RET/' || claim.id
    """,
        dict(params, in_type=warehouse.in_type_id.id),
    )
    # What the ledger keeps on each serial as it appends events: its first
    # receipt and delivery, when it came into stock (one UPDATE each here).
    env.invalidate_all()
    env["stock.lot"]._lifecycle_set_first_events()
    env["stock.lot"]._lifecycle_set_stock_entry_dates()
    cr.execute(
        "ANALYZE stock_lot, stock_quant, stock_lot_lifecycle_event, "
        "serial_warranty_claim, stock_picking"
    )
    # The benchmark's data is committed once, for the timed runs that follow.
    cr.commit()  # pylint: disable=invalid-commit
    print(
        "generated %d serials and %d claims in %.1fs (committed)"
        % (count, claims, time.perf_counter() - started),
        flush=True,
    )
    return products


def read_pivot(env, model, measures, rows, columns, domain):
    """The read_group calls of a pivot opening: total, rows, columns, rows x columns."""
    return [
        env[model].read_group(domain, measures, groupby, lazy=False)
        for groupby in ([], [rows], [columns], [rows, columns])
    ]


def timed(env, function, *args):
    """(seconds, queries, result) of ``function(env, *args)`` with an empty cache."""
    env.invalidate_all()
    before = env.cr.sql_log_count
    started = time.perf_counter()
    result = function(env, *args)
    return time.perf_counter() - started, env.cr.sql_log_count - before, result


def read_cell(env, model, measures, rows, columns, domain):
    """The one read_group of the rows x columns cells."""
    return env[model].read_group(domain, measures, [rows, columns], lazy=False)


def drill_down(env, model, domain, group):
    """What a click on a cell reads: the first 80 rows of its list and their count."""
    records = env[model].search_fetch(group["__domain"], ["lot_id"], limit=80)
    return records, env[model].search_count(group["__domain"])


def comparable(groups):
    """Groups as comparable values (floats rounded, domains left out)."""
    return sorted(
        repr(
            sorted(
                (key, round(value, 6) if isinstance(value, float) else value)
                for key, value in group.items()
                if key != "__domain"
            )
        )
        for group in groups
    )


def cubes(env):
    """The cube models of this code (none before pre-aggregation)."""
    if "serial.report.cube.mark" not in env:
        return []
    return env["serial.report.cube.mark"]._serial_cube_names()


def main():
    ensure_database(args.db, MODULE, args.config, args.create)
    registry = odoo.modules.registry.Registry(args.db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        generate(env, args.count, args.claims)
        # Cubes left to build (install, update): built once, committed, timed.
        for cube in cubes(env):
            seconds, queries, __ = timed(
                env, lambda env, c=cube: env[c]._cube_refresh()
            )
            cr.commit()  # pylint: disable=invalid-commit
            print(
                "%s: brought up to date in %.2f s, %d queries"
                % (cube, seconds, queries)
            )
    with registry.cursor() as cr:
        # As the administrator, not the superuser: the multi-company rules apply.
        admin = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {}).ref("base.user_admin")
        env = odoo.api.Environment(cr, admin.id, CONTEXT)
        cr.execute("SELECT count(*) FROM stock_lot")
        serials = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM serial_warranty_claim")
        claims = cr.fetchone()[0]
        print(
            "Odoo %s, Python %s, %s CPU(s), load average %s; database %s: %d "
            "serials, %d claims"
            % (
                odoo.release.version,
                sys.version.split()[0],
                os.cpu_count(),
                "{:.1f} {:.1f} {:.1f}".format(*os.getloadavg()),
                args.db,
                serials,
                claims,
            )
        )
        print(
            "\n| pivot | rows x columns | opening (4 reads) median s | max s | "
            "queries | rows x columns read median s | groups "
            "|\n|---|---|---|---|---|---|---|"
        )
        worst = 0
        for label, model, measures, rows, columns, domain in PIVOTS:
            runs = [
                timed(env, read_pivot, model, measures, rows, columns, domain)
                for __ in range(args.repeat)
            ]
            cells = [
                timed(env, read_cell, model, measures, rows, columns, domain)
                for __ in range(args.repeat)
            ]
            seconds = [run[0] for run in runs]
            worst = max(worst, statistics.median(seconds))
            print(
                "| %s | %s x %s | %.2f | %.2f | %d | %.2f | %d |"
                % (
                    label,
                    rows,
                    columns,
                    statistics.median(seconds),
                    max(seconds),
                    runs[-1][1],
                    statistics.median(run[0] for run in cells),
                    len(cells[-1][2]),
                )
            )
        print(
            "\nevery pivot opening under {:.0f} s (median): {}".format(
                TARGET_S, "met" if worst < TARGET_S else "NOT met"
            )
        )
        if not cubes(env):
            return
        # The same reads from the report's rows: the answers must be equal.
        print("\n| pivot | from the rows, s | same answer |\n|---|---|---|")
        for label, model, measures, rows, columns, domain in PIVOTS:
            if not env[model]._serial_cube:
                continue
            cube = timed(env, read_pivot, model, measures, rows, columns, domain)[2]
            env_rows = env(context=dict(env.context, serial_report_rows=True))
            seconds, __, plain = timed(
                env_rows, read_pivot, model, measures, rows, columns, domain
            )
            same = all(
                comparable(left) == comparable(right)
                for left, right in zip(cube, plain, strict=True)
            )
            print(
                "| {} | {:.2f} | {} |".format(label, seconds, "yes" if same else "NO")
            )
        # A click on the largest cell; a read after one new claim; a full rebuild.
        print("\n| what | s | queries |\n|---|---|---|")
        label, model, measures, rows, columns, domain = PIVOTS[0]
        cells = read_cell(env, model, measures, rows, columns, domain)
        seconds, queries, __ = timed(env, drill_down, model, domain, cells[0])
        print(
            "| %s: a cell's list (80 rows and the count) | %.2f | %d |"
            % (label, seconds, queries)
        )
        lot = env["stock.lot"].search(
            [
                ("product_id.name", "=like", PRODUCT_PREFIX + "%"),
                ("lifecycle_state", "=", "shipped"),
            ],
            order="id desc",
            limit=1,
        )
        env["serial.warranty.claim"].create(
            {
                "serial_name": lot.name,
                "product_id": lot.product_id.id,
                "partner_id": lot.lifecycle_partner_id.id,
                "symptom": "Bench",
            }
        )
        env.flush_all()
        seconds, queries, __ = timed(
            env, read_pivot, model, measures, rows, columns, domain
        )
        print(
            "| %s: opening after a new claim (its product's rows rebuilt) | %.2f | %d |"
            % (label, seconds, queries)
        )
        for cube in cubes(env):
            seconds, queries, __ = timed(
                env, lambda env, c=cube: env[c]._cube_rebuild()
            )
            print("| %s: full rebuild | %.2f | %d |" % (cube, seconds, queries))
        cr.rollback()


if __name__ == "__main__":
    main()
