#!/usr/bin/env python3
"""Benchmark: validating receipts and deliveries of many serials, with and without
serial_lifecycle.

Runs the same scenario on two databases in one process:

- the *base* database, where only ``stock`` is installed;
- the *ours* database, where ``serial_lifecycle`` is installed.

For each size N (``--sizes``, default 1000,5000) and each database:

1. receipt: a receipt of N units of a serial-tracked product, one serial per
   move line (SN-000001...), picked; measured: ``button_validate()``;
2. reserve: a delivery of the same N units (its operation type set to manual
   reservation, so that confirming does not reserve), confirmed; measured:
   ``action_assign()`` (serial_lifecycle records allocation events there);
3. delivery: the same delivery, picked; measured: ``button_validate()``.

Each measured block ends with ``env.flush_all()`` so that writes the ORM
defers are counted; queries are counted with ``cr.sql_log_count`` (every
``Cursor.execute`` increments it). The ``mail.message`` rows created by each
step are counted too (target: none per serial coming from our module).

Everything runs in a transaction that is rolled back: nothing is committed, runs are
repeatable. Before each run the database is vacuumed and analyzed (VACUUM ANALYZE,
maintenance only): the dead rows of the previous rolled-back run would otherwise slow
the next one down by up to 2x, unevenly between the two databases, until autovacuum
passes. With ``--repeat`` > 1 the best time of the runs is kept, the order of the two
databases alternating from one run to the next.

It is a report, not a test: the exit code is 0 whatever the ratio, non-zero
only if something crashed (or the databases are missing without --create).

Run it with the Python that runs Odoo, e.g.::

    /opt/odoo18-venv/bin/python tests/bench_validation.py \\
        --config /path/to/odoo.conf --create

``--serial-picking`` makes the *ours* reservation use what serial_lifecycle
adds to it: the "First Produced, First Out" removal strategy on the
product's category (every other serial received with a production date), a
"Reserve First" picking rule over the last tenth of the serials and a
"Never Reserve" rule over serials that do not exist (so that every unit is
still reserved, through the quant search that leaves the range out). The
base database reserves by Odoo's FIFO.

``--profile`` adds one diagnostic pass (not timed) per database and size:
queries counted by kind and table, queries attributed to the serial_lifecycle
function that issued them, and the serial_lifecycle functions taking the most
time under cProfile.
"""

# A command-line benchmark: its report is printed.
# pylint: disable=print-used

import argparse
import collections
import cProfile
import gc
import os
import pstats
import re
import sys
import threading
import time

from bench_common import ensure_database, load_odoo, module_states, parse_checked

TARGET_RATIO = 1.10
MODULE = "serial_lifecycle"
# serial_lifecycle's setting of its batched quant updates (--no-batch).
BATCH_PARAMETER = "serial_lifecycle.batch_stock_updates"
# Issue 15: CPU of ours / CPU of Odoo alone at 5,000 serials, by scenario.
CPU_TARGETS = {"receipt": 1 / 3, "reserve": 1 / 10, "delivery": 1 / 3}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--config",
        default=os.environ.get("ODOO_RC"),
        help="Odoo configuration file (database connection, addons_path with this "
        "repository); "
        "default: $ODOO_RC",
    )
    parser.add_argument(
        "--base-db",
        default="bench_base",
        help="database with only stock installed (default: %(default)s)",
    )
    parser.add_argument(
        "--ours-db",
        default="bench_serial",
        help="database with serial_lifecycle installed (default: %(default)s)",
    )
    parser.add_argument(
        "--create",
        action="store_true",
        help="create the databases that do not exist (odoo -i, without demo data)",
    )
    parser.add_argument(
        "--sizes",
        default="1000,5000",
        help="numbers of serials, comma-separated (default: %(default)s)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="runs per scenario, the best one is kept (default: %(default)s)",
    )
    parser.add_argument(
        "--warmup",
        type=int,
        default=20,
        help="serials of an untimed warm-up run per database, 0 for none "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--no-vacuum",
        dest="vacuum",
        action="store_false",
        help="do not VACUUM ANALYZE the database before each run (the dead rows a "
        "rolled-back "
        "run leaves behind slow the next one down until autovacuum passes)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="add an untimed diagnostic pass: queries by kind and by "
        "serial_lifecycle function, cProfile",
    )
    parser.add_argument(
        "--serial-picking",
        action="store_true",
        help="ours: reserve by FPFO with a Reserve First and a Never Reserve "
        "picking rule",
    )
    parser.add_argument(
        "--no-batch",
        dest="batch",
        action="store_false",
        help="ours: turn serial_lifecycle's batched quant updates off (its "
        "setting, inside "
        "the rolled-back run), to measure Odoo's per-line path with our hooks",
    )
    parser.add_argument(
        "--profile-top",
        type=int,
        default=15,
        help="lines of each profile listing (default: %(default)s)",
    )
    args = parse_checked(parser)
    try:
        args.sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    except ValueError:
        parser.error("--sizes takes integers separated by commas, e.g. 1000,5000")
    if not args.sizes or min(args.sizes) < 1 or args.repeat < 1:
        parser.error("--sizes and --repeat must be positive")
    return args


args = parse_args()

odoo = load_odoo(args.config)
from odoo import Command  # noqa: E402  (after the configuration)
from odoo.tools import SQL  # noqa: E402

# ----------------------------------------------------------------------
# Databases
# ----------------------------------------------------------------------


def vacuum_analyze(dbname):
    """Give both databases the same start: no bloat, fresh statistics (maintenance only,
    no data change)."""
    with odoo.sql_db.db_connect(dbname).cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute("VACUUM ANALYZE")


# ----------------------------------------------------------------------
# The scenario
# ----------------------------------------------------------------------


def count_rows(cr, table):
    cr.execute("SELECT to_regclass(%s) IS NOT NULL", (table,))
    if not cr.fetchone()[0]:
        return 0
    cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(table)))
    return cr.fetchone()[0]


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def backend_cpu(cr):
    """CPU seconds used so far by the PostgreSQL backend of ``cr``, None if not readable
    (remote server)."""
    pid = getattr(cr, "_bench_backend_pid", None)
    if pid is None:
        cr.execute("SELECT pg_backend_pid()")
        pid = cr._bench_backend_pid = cr.fetchone()[0]
    try:
        with open("/proc/%d/stat" % pid) as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime
    except (OSError, IndexError, ValueError):
        return None


class Measure:
    """Time, CPU and queries of a block; the block must end with env.flush_all()."""

    def __init__(self, env, diagnostics=None):
        self.env = env
        self.diagnostics = diagnostics

    def __enter__(self):
        self.env.flush_all()
        self.messages = count_rows(self.env.cr, "mail_message")
        self.events = count_rows(self.env.cr, "stock_lot_lifecycle_event")
        if self.diagnostics:
            self.diagnostics.start()
        self.pg_cpu = backend_cpu(self.env.cr)
        self.queries = self.env.cr.sql_log_count
        self.odoo_cpu = time.process_time()
        self.start = time.perf_counter()
        return self

    def __exit__(self, exc_type, exc, tb):
        self.seconds = time.perf_counter() - self.start
        self.odoo_cpu = time.process_time() - self.odoo_cpu
        self.queries = self.env.cr.sql_log_count - self.queries
        pg_cpu = backend_cpu(self.env.cr)
        self.pg_cpu = (
            None if pg_cpu is None or self.pg_cpu is None else pg_cpu - self.pg_cpu
        )
        if self.diagnostics:
            self.diagnostics.stop()
        if exc_type is None:
            self.messages = count_rows(self.env.cr, "mail_message") - self.messages
            self.events = (
                count_rows(self.env.cr, "stock_lot_lifecycle_event") - self.events
            )

    def result(self):
        return {
            "seconds": self.seconds,
            "queries": self.queries,
            "odoo_cpu": self.odoo_cpu,
            "pg_cpu": self.pg_cpu,
            "messages": self.messages,
            "events": self.events,
        }


def prepare(env, n):
    """Product, partners, receipt of n serials ready to validate."""
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", env.company.id)], limit=1
    )
    supplier_location = env.ref("stock.stock_location_suppliers")
    customer_location = env.ref("stock.stock_location_customers")
    stock_location = warehouse.lot_stock_id
    warehouse.out_type_id.reservation_method = "manual"
    product = env["product.product"].create(
        {
            "name": "Bench Serial Product",
            "is_storable": True,
            "tracking": "serial",
        }
    )
    vendor = env["res.partner"].create({"name": "Bench Vendor"})
    customer = env["res.partner"].create({"name": "Bench Customer"})

    def picking(picking_type, partner, source, destination):
        return env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": partner.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.display_name,
                            "product_id": product.id,
                            "product_uom_qty": n,
                            "product_uom": product.uom_id.id,
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                        }
                    )
                ],
            }
        )

    receipt = picking(warehouse.in_type_id, vendor, supplier_location, stock_location)
    receipt.action_confirm()
    lines = receipt.move_line_ids
    assert len(lines) == n, f"receipt: {len(lines)} move lines for {n} serials"
    for number, line in enumerate(lines, 1):
        line.lot_name = "SN-%06d" % number
    if args.serial_picking and "stock.serial.picking.rule" in env:
        product.categ_id = env["product.category"].create(
            {
                "name": "Bench FPFO",
                "removal_strategy_id": env.ref("serial_lifecycle.removal_fpfo").id,
            }
        )
        for number, line in enumerate(lines, 1):
            if number % 2:
                line.production_date = "2025-%02d-%02d" % (
                    1 + number % 12,
                    1 + number % 28,
                )
        env["stock.serial.picking.rule"].create(
            [
                {
                    "name": "Bench first",
                    "product_id": product.id,
                    "mode": "prefer",
                    "serial_from": "SN-%06d" % max(1, n - n // 10),
                    "serial_to": "SN-%06d" % n,
                },
                {
                    "name": "Bench never",
                    "product_id": product.id,
                    "mode": "exclude",
                    "serial_from": "SN-900000",
                    "serial_to": "SN-999999",
                },
            ]
        )
    receipt.move_ids.picked = True
    env.flush_all()
    return {
        "product": product,
        "receipt": receipt,
        "new_delivery": lambda: picking(
            warehouse.out_type_id, customer, stock_location, customer_location
        ),
    }


def run_scenario(registry, n, diagnostics=None):
    """Run receipt, reservation and delivery of n serials; roll back; return the
    measures.

    Every run starts from the same state: the database vacuumed and analyzed
    (unless --no-vacuum), Python's garbage collected.
    """
    if args.vacuum:
        vacuum_analyze(registry.db_name)
    gc.collect()
    cr = registry.cursor()
    try:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if not args.batch and MODULE in env.registry._init_modules:
            env["ir.config_parameter"].set_param(BATCH_PARAMETER, "False")
        data = prepare(env, n)
        receipt = data["receipt"]
        results = {}

        with Measure(env, diagnostics and diagnostics.phase("receipt")) as measure:
            res = receipt.button_validate()
            env.flush_all()
        assert (
            res is True and receipt.state == "done"
        ), f"receipt not done: {res!r} {receipt.state}"
        lots = env["stock.lot"].search_count([("product_id", "=", data["product"].id)])
        assert lots == n, f"receipt: {lots} serials created for {n}"
        results["receipt"] = measure.result()

        delivery = data["new_delivery"]()
        delivery.action_confirm()
        assert not delivery.move_line_ids, "the delivery was reserved at confirmation"
        with Measure(env, diagnostics and diagnostics.phase("reserve")) as measure:
            delivery.action_assign()
            env.flush_all()
        assert delivery.state == "assigned" and len(delivery.move_line_ids) == n, (
            f"reservation: {delivery.state}, {len(delivery.move_line_ids)} move "
            f"lines for {n}"
        )
        results["reserve"] = measure.result()

        delivery.move_ids.picked = True
        env.flush_all()
        with Measure(env, diagnostics and diagnostics.phase("delivery")) as measure:
            res = delivery.button_validate()
            env.flush_all()
        assert (
            res is True and delivery.state == "done"
        ), f"delivery not done: {res!r} {delivery.state}"
        results["delivery"] = measure.result()
        return results
    finally:
        cr.rollback()
        cr.close()


# ----------------------------------------------------------------------
# Diagnostics (--profile)
# ----------------------------------------------------------------------

_QUERY_KIND = re.compile(
    r"^\s*(?:WITH\b.*?\)\s*)?(SELECT|INSERT\s+INTO|UPDATE|DELETE\s+FROM|SAVEPOINT|RELEASE|ROLLBACK|CREATE|DROP|ALTER|LOCK|\w+)"
    r'(?:.*?\bFROM\s+"?(\w+)"?)?',
    re.IGNORECASE | re.DOTALL,
)
_WRITE_TABLE = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE
)


def query_label(query):
    text = query.decode() if isinstance(query, bytes) else str(query)
    match = _WRITE_TABLE.match(text)
    if match:
        return f"{text.split()[0].upper()} {match.group(1)}"
    match = _QUERY_KIND.match(text)
    if not match:
        return text[:40]
    kind = match.group(1).split()[0].upper()
    return "{} {}".format(kind, match.group(2) or "") if kind == "SELECT" else kind


def short_path(filename):
    parts = filename.split(os.sep)
    return os.sep.join(parts[-3:]) if "addons" in parts else os.path.basename(filename)


class Diagnostics:
    """Queries by kind and by serial_lifecycle caller, and a cProfile, per phase."""

    def __init__(self):
        self.phases = {}
        self.current = None

    def phase(self, name):
        self.current = self.phases.setdefault(
            name,
            {
                "labels": collections.Counter(),
                "label_time": collections.Counter(),
                "shapes": collections.Counter(),
                "shape_time": collections.Counter(),
                "callers": collections.Counter(),
                "profile": cProfile.Profile(),
            },
        )
        return self

    def _hook(self, cr, query, params, start, delay):
        data = self.current
        label = query_label(query)
        data["labels"][label] += 1
        data["label_time"][label] += delay
        # Odoo passes values as parameters: the text of a query is its shape.
        shape = " ".join(
            (query.decode() if isinstance(query, bytes) else str(query)).split()
        )
        data["shapes"][shape] += 1
        data["shape_time"][shape] += delay
        # The innermost serial_lifecycle frame on the stack, and the function
        # it called (Odoo's super() when it is an override around Odoo's work).
        caller = "(no serial_lifecycle frame on the stack)"
        frame, inner = sys._getframe(1), None
        while frame is not None:
            if f"/{MODULE}/" in frame.f_code.co_filename:
                caller = "{}:{} {} -> {}".format(
                    os.path.basename(frame.f_code.co_filename),
                    frame.f_lineno,
                    frame.f_code.co_name,
                    f"{short_path(inner.f_code.co_filename)} {inner.f_code.co_name}"
                    if inner
                    else "?",
                )
                break
            frame, inner = frame.f_back, frame
        data["callers"][caller] += 1

    def start(self):
        thread = threading.current_thread()
        thread.query_hooks = getattr(thread, "query_hooks", ()) + (self._hook,)
        self.current["profile"].enable()

    def stop(self):
        self.current["profile"].disable()
        thread = threading.current_thread()
        thread.query_hooks = tuple(
            hook for hook in thread.query_hooks if hook != self._hook
        )


def print_diagnostics(label, diagnostics_by_db, top):
    base, ours = diagnostics_by_db["base"], diagnostics_by_db["ours"]
    for phase in ours.phases:
        print(
            f"\n=== {label}, {phase}: queries by kind, base -> ours: count, "
            "and seconds "
            "waited for them "
            "(largest differences first)"
        )
        base_labels, ours_labels = (
            base.phases[phase]["labels"],
            ours.phases[phase]["labels"],
        )
        base_time, ours_time = (
            base.phases[phase]["label_time"],
            ours.phases[phase]["label_time"],
        )
        keys = sorted(
            set(base_labels) | set(ours_labels),
            key=lambda key: (
                -abs(ours_labels[key] - base_labels[key]),
                -abs(ours_time[key] - base_time[key]),
                key,
            ),
        )
        keys = [key for key in keys if ours_labels[key] != base_labels[key]] + sorted(
            (key for key in keys if ours_labels[key] == base_labels[key]),
            key=lambda key: -abs(ours_time[key] - base_time[key]),
        )[:5]
        for key in keys[:top]:
            print(
                "  %-48s %7d -> %7d (%+6d)  %7.3fs -> %7.3fs (%+.3fs)"
                % (
                    key,
                    base_labels[key],
                    ours_labels[key],
                    ours_labels[key] - base_labels[key],
                    base_time[key],
                    ours_time[key],
                    ours_time[key] - base_time[key],
                )
            )
        print(
            "  %-48s %7d -> %7d (%+6d)  %7.3fs -> %7.3fs (%+.3fs)"
            % (
                "all queries",
                sum(base_labels.values()),
                sum(ours_labels.values()),
                sum(ours_labels.values()) - sum(base_labels.values()),
                sum(base_time.values()),
                sum(ours_time.values()),
                sum(ours_time.values()) - sum(base_time.values()),
            )
        )
        base_shapes, ours_shapes = (
            base.phases[phase]["shape_time"],
            ours.phases[phase]["shape_time"],
        )
        print(
            f"--- {label}, {phase}: query texts whose total time differs most, base -> "
            "ours (count, seconds)"
        )
        shapes = sorted(
            set(base_shapes) | set(ours_shapes),
            key=lambda shape: -abs(ours_shapes[shape] - base_shapes[shape]),
        )
        for shape in shapes[: min(top, 8)]:
            print(
                "  %6d -> %6d  %7.3fs -> %7.3fs  %s"
                % (
                    base.phases[phase]["shapes"][shape],
                    ours.phases[phase]["shapes"][shape],
                    base_shapes[shape],
                    ours_shapes[shape],
                    shape[:150],
                )
            )
        print(
            f"--- {label}, {phase}: queries of ours by innermost "
            "serial_lifecycle frame "
            "-> the function it called"
        )
        for caller, count in ours.phases[phase]["callers"].most_common(top):
            print("  %7d  %s" % (count, caller))
        stats = pstats.Stats(ours.phases[phase]["profile"])
        entries = [
            (value[3], value[2], value[1], func)  # cumulative, own time, calls
            for func, value in stats.stats.items()
            if f"/{MODULE}/" in func[0]
        ]
        entries.sort(reverse=True)
        total = sum(value[2] for value in stats.stats.values())
        print(
            f"--- {label}, {phase}: serial_lifecycle functions by cumulative "
            "time under cProfile "
            f"(profiled total {total:.2f}s, own time of every function)"
        )
        for cumulative, own, calls, func in entries[:top]:
            print(
                "  %8.3fs cum %8.3fs own %8d calls  %s:%s %s"
                % (cumulative, own, calls, os.path.basename(func[0]), func[1], func[2])
            )


# ----------------------------------------------------------------------
# Main
# ----------------------------------------------------------------------

PHASES = ("receipt", "reserve", "delivery")


def total_cpu(result):
    return None if result["pg_cpu"] is None else result["odoo_cpu"] + result["pg_cpu"]


def cpu_text(result):
    if result["pg_cpu"] is None:
        return "odoo {:.2f}s".format(result["odoo_cpu"])
    return "odoo {:.2f}s + pg {:.2f}s".format(result["odoo_cpu"], result["pg_cpu"])


def measure(registries):
    """Each scenario on both databases, ``args.repeat`` times: the best of each."""
    best = {}  # (db, size, phase) -> result with the lowest time
    for run in range(args.repeat):
        order = ("base", "ours") if run % 2 == 0 else ("ours", "base")
        for size in args.sizes:
            for db in order:
                started = time.perf_counter()
                results = run_scenario(registries[db], size)
                print(
                    "  run %d, %-4s %5d serials: %s (%.0fs with preparation)"
                    % (
                        run + 1,
                        db,
                        size,
                        ", ".join(
                            "{} {:.2f}s [cpu {}]".format(
                                phase,
                                results[phase]["seconds"],
                                cpu_text(results[phase]),
                            )
                            for phase in PHASES
                        ),
                        time.perf_counter() - started,
                    ),
                    flush=True,
                )
                for phase, result in results.items():
                    key = (db, size, phase)
                    if key not in best or result["seconds"] < best[key]["seconds"]:
                        best[key] = dict(
                            result, best_cpu=best.get(key, {}).get("best_cpu")
                        )
                    cpu = total_cpu(result)
                    if cpu is not None and (
                        best[key]["best_cpu"] is None or cpu < best[key]["best_cpu"]
                    ):
                        best[key]["best_cpu"] = cpu

    return best


def main():
    ensure_database(args.base_db, "stock", args.config, args.create)
    states = ensure_database(args.ours_db, MODULE, args.config, args.create)
    base_states = module_states(args.base_db, ["stock", MODULE])
    if base_states.get(MODULE) == "installed":
        sys.exit(
            f"database {args.base_db} has {MODULE} installed: it cannot be the base"
        )
    registries = {
        "base": odoo.modules.registry.Registry(args.base_db),
        "ours": odoo.modules.registry.Registry(args.ours_db),
    }
    print(
        "Odoo %s, Python %s, %s CPU(s); base=%s, ours=%s (%s %s); sizes %s; "
        "best of %d run(s)"
        % (
            odoo.release.version,
            sys.version.split()[0],
            os.cpu_count(),
            args.base_db,
            args.ours_db,
            MODULE,
            states,
            ",".join(map(str, args.sizes)),
            args.repeat,
        ),
        flush=True,
    )

    if args.warmup:
        for registry in registries.values():
            run_scenario(registry, args.warmup)

    best = measure(registries)

    print()
    header = "%-14s %8s %8s %6s %7s %7s %6s %7s %7s %8s %8s %7s" % (
        "scenario",
        "base s",
        "ours s",
        "ratio",
        "base q",
        "ours q",
        "q diff",
        "base msg",
        "ours msg",
        "base cpu",
        "ours cpu",
        "cpu rat",
    )
    print(header)
    print("-" * len(header))
    totals = {"base": 0.0, "ours": 0.0}
    worst = 0.0
    for size in args.sizes:
        for phase in PHASES:
            base, ours = best[("base", size, phase)], best[("ours", size, phase)]
            ratio = (
                ours["seconds"] / base["seconds"] if base["seconds"] else float("inf")
            )
            worst = max(worst, ratio)
            totals["base"] += base["seconds"]
            totals["ours"] += ours["seconds"]
            cpu_ratio = (
                (ours["best_cpu"] / base["best_cpu"])
                if base["best_cpu"] and ours["best_cpu"]
                else None
            )
            print(
                "%-14s %8.2f %8.2f %6.2f %7d %7d %+6d %7d %7d %8s %8s %7s%s"
                % (
                    "%s %d" % (phase, size),
                    base["seconds"],
                    ours["seconds"],
                    ratio,
                    base["queries"],
                    ours["queries"],
                    ours["queries"] - base["queries"],
                    base["messages"],
                    ours["messages"],
                    "{:.2f}".format(base["best_cpu"])
                    if base["best_cpu"] is not None
                    else "-",
                    "{:.2f}".format(ours["best_cpu"])
                    if ours["best_cpu"] is not None
                    else "-",
                    f"{cpu_ratio:.2f}" if cpu_ratio else "-",
                    f"  > {TARGET_RATIO:.2f}" if ratio > TARGET_RATIO else "",
                )
            )
    overall = totals["ours"] / totals["base"]
    print("-" * len(header))
    print(
        "overall ratio (sum of ours / sum of base): {:.2f}  ({:.3f}s / {:.3f}s); "
        "worst scenario {:.2f}; "
        "target <= {:.2f}: {}".format(
            overall,
            totals["ours"],
            totals["base"],
            worst,
            TARGET_RATIO,
            "met" if worst <= TARGET_RATIO else "NOT met",
        )
    )
    extra_messages = [
        (size, phase)
        for size in args.sizes
        for phase in PHASES
        if best[("ours", size, phase)]["messages"]
        > best[("base", size, phase)]["messages"]
    ]
    cpu = {
        db: [
            best[(db, size, phase)]["best_cpu"]
            for size in args.sizes
            for phase in PHASES
        ]
        for db in ("base", "ours")
    }
    if None not in cpu["base"] + cpu["ours"]:
        print(
            "overall CPU ratio (Odoo process + PostgreSQL backend, best run "
            "of each): {:.2f}  ({:.2f}s / {:.2f}s)".format(
                sum(cpu["ours"]) / sum(cpu["base"]), sum(cpu["ours"]), sum(cpu["base"])
            )
        )
        # Issue 15's goals: at 5,000 serials and more a third of Odoo's CPU (a
        # tenth for the reservation); below, never slower than Odoo alone.
        checks = []
        for size in args.sizes:
            for phase in PHASES:
                ratio = (
                    best[("ours", size, phase)]["best_cpu"]
                    / best[("base", size, phase)]["best_cpu"]
                )
                target = CPU_TARGETS[phase] if size >= 5000 else 1.0
                checks.append(
                    "%s %d %.2f (<= %.2f %s)"
                    % (
                        phase,
                        size,
                        ratio,
                        target,
                        "met" if ratio <= target else "NOT met",
                    )
                )
        print("CPU ratio by scenario, issue 15's targets: {}".format("; ".join(checks)))
    print(
        "lifecycle events written (ours): {}".format(
            ", ".join(
                "%s %d: %d" % (phase, size, best[("ours", size, phase)]["events"])
                for size in args.sizes
                for phase in PHASES
            )
        )
    )
    print(
        "mail.message rows added by serial_lifecycle: %s"
        % (
            "none"
            if not extra_messages
            else ", ".join(
                "%s %d: %+d"
                % (
                    phase,
                    size,
                    best[("ours", size, phase)]["messages"]
                    - best[("base", size, phase)]["messages"],
                )
                for size, phase in extra_messages
            )
        )
    )

    if args.profile:
        for size in args.sizes:
            diagnostics = {}
            for db in ("base", "ours"):
                diagnostics[db] = Diagnostics()
                run_scenario(registries[db], size, diagnostics[db])
            print_diagnostics("%d serials" % size, diagnostics, args.profile_top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
