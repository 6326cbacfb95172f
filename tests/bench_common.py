"""What every benchmark script here shares: its command line and its database.

Not a test (pytest collects test_*.py only). The scripts import it from their
own folder (``python tests/bench_x.py`` puts tests/ on sys.path) and parse
their arguments before importing Odoo, whose configuration must come first.
"""

# Shared by command-line benchmarks that print their report.
# pylint: disable=print-used

import argparse
import os
import shutil
import subprocess
import sys


def make_parser(description, default_db, module):
    """An argument parser with the options every benchmark has: --config, --db,
    --create."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--config",
        default=os.environ.get("ODOO_RC"),
        help="Odoo configuration file; default: $ODOO_RC",
    )
    parser.add_argument(
        "--db",
        default=default_db,
        help=f"database with {module} installed (default: %(default)s)",
    )
    parser.add_argument(
        "--create",
        action="store_true",
        help=f"create the database if it does not exist (odoo -i {module}, "
        "without demo data)",
    )
    return parser


def parse_checked(parser):
    """Parse the arguments; stop with a usage error if the configuration file is
    missing."""
    args = parser.parse_args()
    if not args.config:
        parser.error("--config is required (or set ODOO_RC)")
    if not os.path.isfile(args.config):
        parser.error(f"no such configuration file: {args.config}")
    return args


def load_odoo(config):
    """Import Odoo and read its configuration file; return the odoo package."""
    import odoo

    odoo.tools.config.parse_config(["-c", config, "--log-level", "warn"])
    return odoo


def module_states(dbname, modules):
    """Return {module: state} for ``modules`` in the database, or None if it does not
    exist."""
    import odoo

    with odoo.sql_db.db_connect("postgres").cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,))
        if not cr.fetchone():
            return None
    odoo.sql_db.close_db("postgres")
    with odoo.sql_db.db_connect(dbname).cursor() as cr:
        cr.execute(
            "SELECT name, state FROM ir_module_module WHERE name IN %s",
            (tuple(modules),),
        )
        return dict(cr.fetchall())


def odoo_bin():
    path = os.environ.get("ODOO_BIN") or shutil.which("odoo")
    if not path:
        sys.exit("no odoo executable: put it on PATH or set ODOO_BIN")
    return path


def ensure_database(dbname, module, config, create):
    """Create the database with ``module`` (no demo data) if asked; stop unless the
    module is installed."""
    states = module_states(dbname, [module])
    if states is None:
        if not create:
            sys.exit(
                f"database {dbname} does not exist; run with --create "
                f"(installs {module} "
                "without demo data)"
            )
        command = [
            odoo_bin(),
            "-c",
            config,
            "-d",
            dbname,
            "-i",
            module,
            "--stop-after-init",
            "--without-demo=all",
            "--log-level=warn",
        ]
        print("creating {}: {}".format(dbname, " ".join(command)), flush=True)
        subprocess.run(command, check=True)
        states = module_states(dbname, [module])
    if states.get(module) != "installed":
        sys.exit(
            "database {}: module {} is not installed ({})".format(
                dbname, module, states.get(module, "missing")
            )
        )
    return states


def generate_scan_serials(env, count, product_name, gtin):
    """Write ``count`` serials of ``product_name`` in stock, each with its receipt
    event, in SQL, and commit them, once (bench_scan.py, load_scan.py); return
    the product."""
    import time

    product = env["product.product"].search([("name", "=", product_name)], limit=1)
    if product:
        return product
    cr = env.cr
    product = env["product.product"].create(
        {
            "name": product_name,
            "is_storable": True,
            "tracking": "serial",
            "barcode": gtin,
        }
    )
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", env.company.id)], limit=1
    )
    env["stock.location"].create(
        {
            "name": "Bench Shelf",
            "barcode": "BENCH-SHELF",
            "location_id": warehouse.lot_stock_id.id,
        }
    )
    env.flush_all()
    params = {
        "product": product.id,
        "company": env.company.id,
        "count": count,
        "stock": warehouse.lot_stock_id.id,
    }
    started = time.perf_counter()
    cr.execute(
        """
        INSERT INTO stock_lot (name, product_id, company_id, lifecycle_state,
                               serial_prefix, serial_numeric_key, serial_suffix,
                               create_uid, write_uid, create_date, write_date)
        SELECT 'BS' || lpad(i::text, 8, '0'), %(product)s, %(company)s, 'available',
               'BS', lpad(i::text, 20, '0'), '', 1, 1, now(), now()
          FROM generate_series(1, %(count)s) i
    """,
        params,
    )
    cr.execute(
        """
        INSERT INTO stock_quant (product_id, company_id, location_id, lot_id, quantity,
            reserved_quantity,
                                 in_date, create_uid, write_uid, create_date,
                                     write_date)
        SELECT %(product)s, %(company)s, %(stock)s, id, 1, 0, now(), 1, 1, now(), now()
          FROM stock_lot WHERE product_id = %(product)s
    """,
        params,
    )
    cr.execute(
        """
        INSERT INTO stock_lot_lifecycle_event (lot_id, product_id, company_id,
            event_type, state_before,
                                               state_after, event_date, user_id,
                                                   location_dest_id,
                                               create_uid, write_uid, create_date,
                                                   write_date)
        SELECT id, %(product)s, %(company)s, 'receipt', 'draft', 'available',
               now() - interval '1 day', 1, %(stock)s, 1, 1, now(), now()
          FROM stock_lot WHERE product_id = %(product)s
    """,
        params,
    )
    cr.execute("ANALYZE stock_lot, stock_quant, stock_lot_lifecycle_event")
    cr.commit()  # pylint: disable=invalid-commit
    print(
        "generated %d serials, quants and events in %.1fs (committed)"
        % (count, time.perf_counter() - started),
        flush=True,
    )
    return product
