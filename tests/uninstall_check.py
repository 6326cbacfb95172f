#!/usr/bin/env python3
"""Uninstalling our modules gives Odoo back as it was.

Not a test (pytest collects test_*.py only): a script, because uninstalling
reloads the registry and cannot happen inside a test transaction. On a
throwaway database (``--db``, default ``uninstall_check``) it

1. installs stock and our three modules (with their dependencies), without
   demo data: ``odoo -i ... --without-demo=all --stop-after-init``;
2. receives and delivers two serials of a serial product (``odoo shell``),
   and checks that our modules are at work: states, events, a serial with a
   space refused;
3. uninstalls serial_lifecycle, serial_warranty and serial_recall
   (``button_immediate_uninstall`` in ``odoo shell``);
4. checks that the indexes made by hand (stock_lot_serial_lifecycle_unique_name,
   stock_lot_serial_lifecycle_range, stock_lot_serial_scan_name), our tables
   and our columns on stock_lot are gone, and that a new receipt and delivery
   of a serial product still validate, with a serial our rules would refuse
   ('serial 1') among them, and so does a new serial of the product shipped
   before;

prints one PASS/FAIL line per check and a summary, exits 1 on any failure,
and drops the database unless ``--keep``.

    PY=$(head -1 "$(command -v odoo)" | sed 's/^#!//')   # the Python that runs Odoo
    # options: --db NAME, --keep, --recreate
    $PY tests/uninstall_check.py --config .local/odoo.conf
"""

# A command-line script: its report is printed.
# pylint: disable=print-used

import argparse
import os
import shutil
import subprocess
import sys
import time

OUR_MODULES = ["serial_lifecycle", "serial_warranty", "serial_recall"]
INSTALLED = ["stock"] + OUR_MODULES
INDEXES = [
    "stock_lot_serial_lifecycle_unique_name",
    "stock_lot_serial_lifecycle_range",
    "stock_lot_serial_scan_name",
]
OUR_TABLES = [
    "stock_lot_lifecycle_event",
    "stock_lot_component",
    "serial_warranty_claim",
    "serial_recall_campaign",
    "serial_recall_unit",
    "stock_serial_picking_rule",
]
OUR_LOT_COLUMNS = [
    "lifecycle_state",
    "lifecycle_partner_id",
    "serial_prefix",
    "serial_numeric_key",
    "production_date",
]
# Columns of ours on Odoo's other tables: (table, column).
OUR_OTHER_COLUMNS = [
    ("stock_quant", "production_date"),
    ("product_supplierinfo", "serial_pattern"),
]


def odoo_bin():
    path = (
        os.environ.get("ODOO_BIN") or shutil.which("odoo") or shutil.which("odoo-bin")
    )
    if not path:
        sys.exit("no odoo executable: put it on PATH or set ODOO_BIN")
    return path


def import_odoo():
    """Import odoo, or run this script again with the Python of the odoo executable."""
    try:
        import odoo  # noqa: F401
    except ImportError:
        with open(odoo_bin()) as executable:
            line = executable.readline()
        python = line[2:].strip().split()[0] if line.startswith("#!") else ""
        if (
            not python
            or os.path.realpath(python) == os.path.realpath(sys.executable)
            or "env" in python
        ):
            sys.exit(
                "cannot import odoo: run this script with the Python that runs Odoo"
            )
        os.execv(python, [python] + sys.argv)
    import odoo

    return odoo


# Code run by ``odoo shell`` (stdin): it prints "CHECK|PASS|name|detail" lines.
SHELL_PRELUDE = r'''
import traceback
from odoo import Command
from odoo.exceptions import UserError, ValidationError

def check(ok, name, detail=""):
    detail = str(detail).replace("\n", " ")
    print("CHECK|%s|%s|%s" % ("PASS" if ok else "FAIL", name, detail), flush=True)
    return ok

env = env(context=dict(env.context, tracking_disable=True))
warehouse = env["stock.warehouse"].search(
    [("company_id", "=", env.company.id)], limit=1
)
stock = warehouse.lot_stock_id
customers = env.ref("stock.stock_location_customers")
suppliers = env.ref("stock.stock_location_suppliers")

def picking(picking_type, partner, product, count, source, destination):
    result = env["stock.picking"].create({
        "picking_type_id": picking_type.id, "partner_id": partner.id,
        "location_id": source.id, "location_dest_id": destination.id,
        "move_ids": [Command.create({
            "name": product.display_name, "product_id": product.id,
            "product_uom_qty": count, "product_uom": product.uom_id.id,
            "location_id": source.id, "location_dest_id": destination.id,
        })],
    })
    result.action_confirm()
    return result

def receive_and_deliver(label, product, serials):
    """Receive ``serials`` of ``product``, deliver them; check both validate.

    Returns the lots."""
    vendor = env["res.partner"].create({"name": "%s Vendor" % label})
    customer = env["res.partner"].create({"name": "%s Customer" % label})
    receipt = picking(
        warehouse.in_type_id, vendor, product, len(serials), suppliers, stock
    )
    for line, serial in zip(receipt.move_line_ids, serials):
        line.lot_name = serial
    receipt.move_ids.picked = True
    result = receipt.button_validate()
    check(result is True and receipt.state == "done",
          "%s: receipt of %s validates" % (label, ", ".join(map(repr, serials))),
          "state %s, answer %r" % (receipt.state, result))
    lots = receipt.move_line_ids.lot_id
    check(sorted(lots.mapped("name")) == sorted(serials),
          "%s: serials created" % label, lots.mapped("name"))
    delivery = picking(
        warehouse.out_type_id, customer, product, len(serials), stock, customers
    )
    delivery.action_assign()
    check(delivery.move_line_ids.lot_id == lots, "%s: delivery reserves them" % label,
          delivery.move_line_ids.lot_id.mapped("name"))
    delivery.move_ids.picked = True
    result = delivery.button_validate()
    check(result is True and delivery.state == "done", "%s: delivery validates" % label,
          "state %s, answer %r" % (delivery.state, result))
    env.flush_all()
    env.cr.execute("""
        SELECT lot.name, location.usage, SUM(quant.quantity)
          FROM stock_quant quant JOIN stock_lot lot ON lot.id = quant.lot_id
          JOIN stock_location location ON location.id = quant.location_id
         WHERE lot.id = ANY(%s) AND location.usage IN ('internal', 'customer')
           AND quant.quantity != 0
      GROUP BY 1, 2 ORDER BY 1, 2""", (lots.ids,))
    where = env.cr.fetchall()
    check(where == [(name, "customer", 1.0) for name in sorted(serials)],
          "%s: the serials are at the customer" % label, where)
    return lots
'''

SHELL_BEFORE = (
    SHELL_PRELUDE
    + r"""
try:
    # Reserved by our removal strategy (FPFO) and a picking rule: their removal must
    # leave the category usable.
    category = env["product.category"].create({
        "name": "Uninstall Check FPFO",
        "removal_strategy_id": env.ref("serial_lifecycle.removal_fpfo").id,
    })
    product = env["product.product"].create({
        "name": "Uninstall Check Phone", "is_storable": True, "tracking": "serial",
        "categ_id": category.id,
    })
    env["stock.serial.picking.rule"].create({
        "name": "Uninstall check", "product_id": product.id, "mode": "prefer",
        "serial_from": "UC-0001", "serial_to": "UC-0002",
    })
    lots = receive_and_deliver("before", product, ["UC-0001", "UC-0002"])
    check(set(lots.mapped("lifecycle_state")) == {"shipped"},
          "before: our modules record the serials shipped",
          lots.mapped("lifecycle_state"))
    event_types = set(lots.lifecycle_event_ids.mapped("event_type"))
    check(event_types >= {"receipt", "delivery"}, "before: lifecycle events recorded",
          sorted(event_types))
    try:
        with env.cr.savepoint():
            env["stock.lot"].create({"name": "serial 1", "product_id": product.id})
        check(False, "before: our rules refuse 'serial 1'", "it was accepted")
    except (UserError, ValidationError) as error:
        check("serial 1" in str(error), "before: our rules refuse 'serial 1'",
              str(error)[:120])
    env.cr.commit()
except Exception:
    check(False, "before: flow ran", traceback.format_exc())
print("SHELL DONE", flush=True)
"""
)

SHELL_UNINSTALL = rf"""
modules = env["ir.module.module"].search([("name", "in", {OUR_MODULES!r})])
print("uninstalling", ", ".join(modules.mapped("name")), flush=True)
modules.button_immediate_uninstall()
env.cr.commit()
print("SHELL DONE", flush=True)
"""

SHELL_AFTER = (
    SHELL_PRELUDE
    + rf"""
try:
    modules = env["ir.module.module"].search([("name", "in", {OUR_MODULES!r})])
    states = dict(modules.mapped(lambda m: (m.name, m.state)))
    check(set(states.values()) == {{"uninstalled"}}, "after: modules uninstalled",
          states)
    check("lifecycle_state" not in env["stock.lot"]._fields,
          "after: stock.lot has no lifecycle field in the registry")
    product = env["product.product"].create({{
        "name": "After Uninstall Phone", "is_storable": True, "tracking": "serial",
    }})
    # 'serial 1' breaks our format rules (a space); UC-0001 exists already for another
    # product.
    receive_and_deliver("after", product, ["serial 1", "UC-0001"])
    old = env["product.product"].search([("name", "=", "Uninstall Check Phone")])
    check(not old.categ_id.removal_strategy_id,
          "after: the category that reserved by FPFO falls back to Odoo's default",
          old.categ_id.removal_strategy_id.name)
    receive_and_deliver("after, product shipped before", old, ["UC-0003"])
    env.cr.commit()
except Exception:
    check(False, "after: flow ran", traceback.format_exc())
print("SHELL DONE", flush=True)
"""
)


class Run:
    def __init__(self, args):
        self.args = args
        self.results = []  # (ok, name, detail)
        self.log_lines = []

    def check(self, ok, name, detail=""):
        self.results.append((bool(ok), name, detail))
        print(
            "{}  {}{}".format(
                "PASS" if ok else "FAIL",
                name,
                f": {detail}" if detail and not ok else "",
            ),
            flush=True,
        )
        return ok

    def odoo(self, name, arguments, stdin=None):
        """Run odoo with ``arguments``; record its log; return (ok, stdout)."""
        command = [odoo_bin()] + arguments
        started = time.time()
        print("... {}: {}".format(name, " ".join(command)), flush=True)
        process = subprocess.run(command, input=stdin, capture_output=True, text=True)
        self.log_lines += [f"[{name}] {line}" for line in process.stderr.splitlines()]
        errors = [
            line
            for line in process.stderr.splitlines()
            if " ERROR " in line or " CRITICAL " in line
        ]
        ok = process.returncode == 0 and (
            stdin is None or "SHELL DONE" in process.stdout
        )
        self.check(
            ok,
            f"{name} ({time.time() - started:.0f} s)",
            "exit {}; last lines:\n{}".format(
                process.returncode,
                "\n".join((process.stdout + process.stderr).splitlines()[-25:]),
            ),
        )
        self.check(
            not errors, f"{name}: no ERROR in Odoo's log", "\n".join(errors[:10])
        )
        for line in process.stdout.splitlines():
            if line.startswith("CHECK|"):
                _tag, status, check_name, detail = line.split("|", 3)
                self.check(status == "PASS", check_name, detail)
        return ok, process.stdout

    def shell(self, name, code):
        return self.odoo(
            name,
            [
                "shell",
                "-c",
                self.args.config,
                "-d",
                self.args.db,
                "--no-http",
                "--log-level=warn",
            ],
            stdin=code,
        )

    def sql(self, query, params=()):
        import odoo

        with odoo.sql_db.db_connect(self.args.db).cursor() as cr:
            cr.execute(query, params)
            rows = cr.fetchall()
        odoo.sql_db.close_db(self.args.db)
        return rows

    def indexes(self):
        return {
            name
            for (name,) in self.sql(
                "SELECT indexname FROM pg_indexes WHERE indexname = ANY(%s)", (INDEXES,)
            )
        }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--config",
        default=os.environ.get("ODOO_RC"),
        help="Odoo configuration file (e.g. .local/odoo.conf); default: $ODOO_RC",
    )
    parser.add_argument(
        "--db",
        default="uninstall_check",
        help="throwaway database (default: %(default)s)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the database at the end"
    )
    parser.add_argument(
        "--recreate", action="store_true", help="drop the database first if it exists"
    )
    args = parser.parse_args()
    if not args.config or not os.path.isfile(args.config):
        parser.error("--config must name an Odoo configuration file (or set ODOO_RC)")
    odoo = import_odoo()
    odoo.tools.config.parse_config(["-c", args.config, "--log-level", "warn"])
    from odoo.service import db as service_db

    odoo.tools.config["list_db"] = True  # exp_db_exist / exp_drop, as `odoo db` does

    if service_db.exp_db_exist(args.db):
        if not args.recreate:
            sys.exit(
                f"database {args.db} exists: pass --recreate to drop it first, or "
                "--db another name"
            )
        service_db.exp_drop(args.db)
    run = Run(args)
    started = time.time()
    try:
        ok, _out = run.odoo(
            "install " + ", ".join(INSTALLED),
            [
                "-c",
                args.config,
                "-d",
                args.db,
                "-i",
                ",".join(INSTALLED),
                "--without-demo=all",
                "--stop-after-init",
                "--no-http",
                "--log-level=warn",
            ],
        )
        if ok:
            run.check(
                run.indexes() == set(INDEXES),
                "installed: the three indexes exist",
                sorted(run.indexes()),
            )
            run.shell("receipt and delivery with our modules", SHELL_BEFORE)
            ok, _out = run.shell("uninstall " + ", ".join(OUR_MODULES), SHELL_UNINSTALL)
        if ok:
            left = run.indexes()
            for index in INDEXES:
                run.check(index not in left, f"after: index {index} is gone")
            tables = {
                name
                for (name,) in run.sql(
                    "SELECT tablename FROM pg_tables WHERE tablename = ANY(%s)",
                    (OUR_TABLES,),
                )
            }
            run.check(
                not tables,
                "after: our tables are gone ({})".format(", ".join(OUR_TABLES)),
                sorted(tables),
            )
            columns = {
                name
                for (name,) in run.sql(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_name = 'stock_lot' "
                    "AND column_name = ANY(%s)",
                    (OUR_LOT_COLUMNS,),
                )
            }
            run.check(
                not columns, "after: our columns on stock_lot are gone", sorted(columns)
            )
            for table, column in OUR_OTHER_COLUMNS:
                left = run.sql(
                    "SELECT 1 FROM information_schema.columns WHERE "
                    "table_name = %s AND column_name = %s",
                    (table, column),
                )
                run.check(not left, f"after: column {table}.{column} is gone")
            run.shell("receipt and delivery after the uninstallation", SHELL_AFTER)
    finally:
        odoo.sql_db.close_all()
        if args.keep:
            print(f"... database {args.db} kept")
        elif service_db.exp_db_exist(args.db):
            service_db.exp_drop(args.db)
            print(f"... database {args.db} dropped")
    failed = [name for ok, name, _detail in run.results if not ok]
    print()
    print(
        "%s: %d checks, %d failed, %.0f s"
        % (
            "FAIL" if failed else "PASS",
            len(run.results),
            len(failed),
            time.time() - started,
        )
    )
    for name in failed:
        print(f"  failed: {name}")
    warnings = [line for line in run.log_lines if " WARNING " in line]
    if warnings:
        print("Odoo logged %d warnings, first ones:" % len(warnings))
        for line in warnings[:10]:
            print("  " + line[:300])
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
