#!/usr/bin/env python3
"""Benchmark: the nightly warranty jobs (serial_warranty) over 1,000,000 serials.

In a database where ``serial_warranty`` is installed, this script writes in
SQL, in one transaction rolled back at the end, ``--count`` serials (default
1,000,000) of one product whose category gives 12 months of warranty, each
shipped to one of ``--customers`` customers (a delivery event) two years ago,
and stored as still *active* with coverage that ended a year ago: the state
the nightly refresh must correct, for every one of them. ``--expiring`` of
them (default 20,000) are instead shipped 11 months and a half ago: active,
ending within the expiry alerts' 30 days.

Then it runs the two crons as Odoo's cron runs them, one call per batch
with the progress API in the context (``ir.cron._notify_progress``; the
cron commits between calls), and times every batch:

1. ``stock.lot._cron_refresh_warranty_state`` (batch:
   ``serial_warranty.refresh_batch_size``, ``--refresh-batch``);
2. ``stock.lot._cron_warranty_expiry_alerts`` (an activity per serial;
   ``serial_warranty.alert_batch_size``, ``--alert-batch``).

It prints the batches, the slowest, the total and the query counts, and
checks that every serial came out expired, or alerted once. The target
(issue 15): no batch over 30 s.

    /opt/odoo-venv/bin/python tests/bench_warranty.py \
        --config .local/odoo.conf --db h_bench

A report, not a test: exit code 0 whatever the times; 1 if a serial came
out wrong.
"""

# pylint: disable=print-used
import os
import sys
import time

from bench_common import ensure_database, load_odoo, make_parser, parse_checked

MODULE = "serial_warranty"
BATCH_TARGET_SECONDS = 30


def parse_args():
    parser = make_parser(__doc__.split("\n\n")[0], "warranty_bench", MODULE)
    parser.add_argument("--count", type=int, default=1000000)
    parser.add_argument("--expiring", type=int, default=20000)
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--refresh-batch", type=int, default=0)
    parser.add_argument("--alert-batch", type=int, default=0)
    parser.add_argument(
        "--max-batches",
        type=int,
        default=0,
        help="stop each cron after this many batches (the rest is extrapolated)",
    )
    args = parse_checked(parser)
    if not 0 <= args.expiring < args.count:
        parser.error("need 0 <= --expiring < --count")
    return args


args = parse_args()
odoo = load_odoo(args.config)


def build(env):
    """The serials, their delivery events and their stale warranty; the product."""
    cr = env.cr
    category = env["product.category"].create(
        {"name": "Bench Warranty", "warranty_duration": 12, "warranty_unit": "months"}
    )
    product = env["product.product"].create(
        {
            "name": "Bench Warranty Router",
            "is_storable": True,
            "tracking": "serial",
            "categ_id": category.id,
        }
    )
    customers = env["res.partner"].create(
        [
            {
                "name": "Bench Warranty Customer %04d" % n,
                "email": "w%04d@example.com" % n,
            }
            for n in range(args.customers)
        ]
    )
    env.flush_all()
    params = {
        "product": product.id,
        "company": env.company.id,
        "count": args.count,
        "stale": args.count - args.expiring,
        "customers": customers.ids,
        "to": env.ref("stock.stock_location_customers").id,
    }
    cr.execute(
        """
        INSERT INTO stock_lot (name, product_id, company_id, lifecycle_state,
                               lifecycle_partner_id,
                               serial_prefix, serial_numeric_key, serial_suffix,
                               warranty_state, warranty_start_date, warranty_end_date,
                               create_uid, write_uid, create_date, write_date)
        SELECT 'WB-' || lpad(i::text, 8, '0'), %(product)s, %(company)s, 'shipped',
               (%(customers)s::int[])[1 + i %% cardinality(%(customers)s::int[])],
               'WB-', lpad(i::text, 20, '0'), '',
               'active', shipped::date, (shipped + interval '12 months')::date - 1,
               1, 1, now(), now()
          FROM generate_series(1, %(count)s) i,
               LATERAL (SELECT CASE WHEN i <= %(stale)s
                                    THEN now() - interval '2 years'
                                    ELSE now() - interval '11 months 15 days'
                               END AS shipped) d
        """,
        params,
    )
    cr.execute(
        """
        INSERT INTO stock_lot_lifecycle_event (lot_id, product_id, company_id,
            event_type,
                                               state_before, state_after, event_date,
                                               user_id, location_dest_id, partner_id,
                                               create_uid, write_uid, create_date,
                                               write_date)
        SELECT id, %(product)s, %(company)s, 'delivery', 'available', 'shipped',
               warranty_start_date + interval '10 hours', 1, %(to)s,
               lifecycle_partner_id, 1, 1, now(), now()
          FROM stock_lot WHERE product_id = %(product)s
        """,
        params,
    )
    cr.execute(
        "UPDATE stock_lot lot SET first_delivery_event_id = e.id "
        "FROM stock_lot_lifecycle_event e "
        "WHERE e.lot_id = lot.id AND lot.product_id = %s",
        (product.id,),
    )
    env.invalidate_all()
    cr.execute("ANALYZE stock_lot, stock_lot_lifecycle_event")
    return product


def run_cron(env, method, label):
    """Call the cron ``method`` as Odoo's cron does, batch after batch; their
    seconds."""
    Lot = env["stock.lot"]
    cron = env.ref(f"serial_warranty.ir_cron_{label}")
    seconds, queries = [], []
    total_started = time.perf_counter()
    while True:
        progress = env["ir.cron.progress"].create({"cron_id": cron.id})
        env.flush_all()
        count = env.cr.sql_log_count
        started = time.perf_counter()
        getattr(Lot.with_context(ir_cron_progress_id=progress.id), method)()
        env.flush_all()
        seconds.append(time.perf_counter() - started)
        queries.append(env.cr.sql_log_count - count)
        print(
            "  %s batch %d: %d done, %d left, %.2f s, %d queries"
            % (
                label,
                len(seconds),
                progress.done,
                progress.remaining,
                seconds[-1],
                queries[-1],
            ),
            flush=True,
        )
        env.invalidate_all()
        if not progress.remaining or (
            args.max_batches and len(seconds) >= args.max_batches
        ):
            return (
                seconds,
                queries,
                progress.remaining,
                time.perf_counter() - total_started,
            )


def main():
    ensure_database(args.db, MODULE, args.config, args.create)
    registry = odoo.modules.registry.Registry(args.db)
    wrong = []
    print(
        "Odoo %s, %s CPU(s), database %s, %d serials (%d expiring soon)"
        % (odoo.release.version, os.cpu_count(), args.db, args.count, args.expiring)
    )
    with registry.cursor() as cr:
        try:
            env = odoo.api.Environment(
                cr, odoo.SUPERUSER_ID, {"tracking_disable": True}
            )
            params = env["ir.config_parameter"]
            for key, value in (
                ("refresh", args.refresh_batch),
                ("alert", args.alert_batch),
            ):
                if value:
                    params.set_param(f"serial_warranty.{key}_batch_size", value)
            started = time.perf_counter()
            product = build(env)
            print("built in %.1f s" % (time.perf_counter() - started), flush=True)
            for method, label in (
                ("_cron_refresh_warranty_state", "refresh_warranty_state"),
                ("_cron_warranty_expiry_alerts", "warranty_expiry_alerts"),
            ):
                seconds, queries, left, total = run_cron(env, method, label)
                print(
                    "%s: %d batches, %.1f s in all, slowest batch %.2f s "
                    "(target %d s: %s), median %d queries a batch%s"
                    % (
                        label,
                        len(seconds),
                        total,
                        max(seconds),
                        BATCH_TARGET_SECONDS,
                        "met" if max(seconds) < BATCH_TARGET_SECONDS else "NOT met",
                        sorted(queries)[len(queries) // 2],
                        ", stopped with %d left" % left if left else "",
                    ),
                    flush=True,
                )
            Lot = env["stock.lot"]
            states = dict(
                Lot._read_group(
                    [("product_id", "=", product.id)], ["warranty_state"], ["__count"]
                )
            )
            print(f"warranty states: {states}")
            if not args.max_batches:
                expected = {"expired": args.count - args.expiring}
                if args.expiring:
                    expected["active"] = args.expiring
                if states != expected:
                    wrong.append(f"states {states}, expected {expected}")
                alerted = env["mail.activity"].search_count(
                    [
                        ("res_model", "=", "stock.lot"),
                        (
                            "res_id",
                            "in",
                            Lot.search(
                                [
                                    ("product_id", "=", product.id),
                                    ("warranty_state", "=", "active"),
                                ]
                            ).ids,
                        ),
                    ]
                )
                if alerted != args.expiring:
                    wrong.append(
                        "%d activities, expected %d" % (alerted, args.expiring)
                    )
        finally:
            cr.rollback()
    for line in wrong:
        print(f"WRONG: {line}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
