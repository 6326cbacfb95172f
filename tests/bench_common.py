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
