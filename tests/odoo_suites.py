#!/usr/bin/env python3
"""Odoo's own test suites, on a database without our modules and on one with them.

Prints the tests that pass without our modules and fail with them.

Two databases (``--base-db``, default ``suites_base``; ``--serial-db``,
default ``suites_serial``):

- the base one gets ``--odoo-modules`` (default stock, sale_stock,
  purchase_stock, stock_account, repair, mrp) with their demo data, as
  Odoo's own CI runs their tests;
- the serial one is a copy of it (``odoo db duplicate``: same records, same
  ids) on which ``--our-modules`` are then installed (default
  serial_lifecycle, serial_warranty, serial_recall), as a consultant
  installs them on a live database.

``--create`` makes those that do not exist; ``--recreate`` drops and makes
them again.

The tests are run after the registry is fully loaded, never with ``-i`` /
``-u``: Odoo runs at_install tests while it loads each module, before ours
are in the registry, and such a run proves nothing. Each database gets a
child process that builds its registry (``odoo.modules.registry.Registry``),
turns test mode on, starts the HTTP server (for the browser tours, when the
selection holds some), and runs the selected at_install tests, then the
post_install ones, with ``odoo.tests.loader.run_suite`` as
``odoo/service/server.py`` ``preload_registries`` does. Both get the same
selection, built from what Odoo's loader finds (the ``test_*`` modules that
each module's ``tests/__init__.py`` imports, tagged ``standard``):

- every test of the ``--full`` modules (default ``stock``);
- in the ``--filtered`` modules (default sale_stock, purchase_stock,
  stock_account, repair, mrp), the tests whose file, class or method name
  matches ``--pattern`` (default ``lot|serial|tracking|return|scrap``,
  case-insensitive).

A test fails when it fails, errs (also in its class's setUpClass), or, as
Odoo's CI counts it, passes but logs an ERROR. The tests that pass on the
base database and fail on the serial one are run again, alone, on both
(``--no-recheck`` skips this): those that then pass on both are reported as
unstable (timing, load), not as ours.

Run it with the Python that runs Odoo::

    PY=$(head -1 "$(command -v odoo)" | sed 's/^#!//')
    $PY tests/odoo_suites.py --config .local/odoo.conf --create --full stock \\
        --filtered ''
    $PY tests/odoo_suites.py --config .local/odoo.conf --list  # the selection, not run

It is a report: the exit code is 0 whatever the comparison finds, 1 if
something crashed or a database is missing (without ``--create``).
Results: ``<work-dir>/<db>.json`` per database (every test, its status and
its message), Odoo's logs ``<work-dir>/<db>.log``; ``--work-dir`` defaults
to ``.local/suites`` in this repository.
"""

# A command-line script: its report is printed.
# pylint: disable=print-used

import argparse
import json
import logging
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ODOO_MODULES = "stock,sale_stock,purchase_stock,stock_account,repair,mrp"
OUR_MODULES = "serial_lifecycle,serial_warranty,serial_recall"
PATTERN = "lot|serial|tracking|return|scrap"
# Lines of a failure's message kept in the report.
MESSAGE_LINES = 6


def parse_args(argv=None):
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
        default="suites_base",
        help="database without our modules (default: %(default)s)",
    )
    parser.add_argument(
        "--serial-db",
        default="suites_serial",
        help="database with them (default: %(default)s)",
    )
    parser.add_argument(
        "--odoo-modules",
        default=ODOO_MODULES,
        help="Odoo modules installed on both, with demo data (default: %(default)s)",
    )
    parser.add_argument(
        "--our-modules",
        default=OUR_MODULES,
        help="modules installed on the serial database only (default: %(default)s)",
    )
    parser.add_argument(
        "--create", action="store_true", help="create the databases that do not exist"
    )
    parser.add_argument(
        "--recreate", action="store_true", help="drop and create both databases"
    )
    parser.add_argument(
        "--our-demo",
        action="store_true",
        help="install our modules with their demo data (default: without, as on a "
        "client's database)",
    )
    parser.add_argument(
        "--full",
        default="stock",
        help="modules whose every test runs (default: %(default)s)",
    )
    parser.add_argument(
        "--filtered",
        default="sale_stock,purchase_stock,stock_account,repair,mrp",
        help="modules whose tests matching --pattern run (default: %(default)s)",
    )
    parser.add_argument(
        "--pattern",
        default=PATTERN,
        help="regular expression searched, case-insensitive, in the test file, "
        "class and method "
        "names of the --filtered modules (default: %(default)s)",
    )
    parser.add_argument(
        "--no-browser", action="store_true", help="leave out browser tests (HttpCase)"
    )
    parser.add_argument(
        "--only",
        choices=("base", "serial"),
        help="run on one database only (then nothing is compared)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=2,
        choices=(1, 2),
        help="databases run at the same time (default: %(default)s)",
    )
    parser.add_argument(
        "--no-recheck",
        dest="recheck",
        action="store_false",
        help="do not run the tests that pass without and fail with our modules again",
    )
    parser.add_argument(
        "--list", action="store_true", help="print the selection and stop"
    )
    parser.add_argument(
        "--work-dir",
        default=os.path.join(REPO_ROOT, ".local", "suites"),
        help="results and Odoo logs (default: %(default)s)",
    )
    # Internal: what the child process of one database is given.
    parser.add_argument("--child-db", help=argparse.SUPPRESS)
    parser.add_argument("--child-tests", help=argparse.SUPPRESS)
    parser.add_argument("--child-output", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not args.config:
        parser.error("--config is required (or set ODOO_RC)")
    if not os.path.isfile(args.config):
        parser.error(f"no such configuration file: {args.config}")
    args.config = os.path.abspath(args.config)
    for option in ("odoo_modules", "our_modules", "full", "filtered"):
        setattr(
            args,
            option,
            [name.strip() for name in getattr(args, option).split(",") if name.strip()],
        )
    # A module run in full is not filtered as well.
    args.filtered = [module for module in args.filtered if module not in args.full]
    return args


def log(message):
    print("[suites {}] {}".format(time.strftime("%H:%M:%S"), message), flush=True)


# ---------------------------------------------------------------- databases --


def odoo_command():
    path = (
        os.environ.get("ODOO_BIN") or shutil.which("odoo") or shutil.which("odoo-bin")
    )
    if not path:
        sys.exit("no odoo executable: put it on PATH or set ODOO_BIN")
    return [path]


def installed_modules(args, dbname):
    """{installed module: whether it has demo data} of ``dbname``, or None if it does
    not exist."""
    import psycopg2  # an Odoo requirement

    import odoo

    odoo.tools.config.parse_config(["-c", args.config])

    def query(database, sql, params=()):
        cnx = psycopg2.connect(**odoo.sql_db.connection_info_for(database)[1])
        try:
            with cnx.cursor() as cr:
                cr.execute(sql, params)
                return cr.fetchall()
        finally:
            cnx.close()

    if not query("postgres", "SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)):
        return None
    try:
        return dict(
            query(
                dbname,
                "SELECT name, demo FROM ir_module_module WHERE state = 'installed'",
            )
        )
    except psycopg2.Error:
        return {}


def run_odoo(args, arguments, logfile):
    command = odoo_command() + arguments
    log("{} (log: {})".format(" ".join(command[1:]), logfile))
    t0 = time.time()
    with open(logfile, "w") as output:
        returncode = subprocess.run(
            command, stdout=output, stderr=subprocess.STDOUT
        ).returncode
    with open(logfile) as output:
        errors = [
            line for line in output if re.match(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ", line)
        ]
    if returncode or errors:
        sys.exit(
            "odoo {} failed (exit {}): {}\nsee {}".format(
                " ".join(arguments[:6]), returncode, "".join(errors[:5]), logfile
            )
        )
    log("  done in %.0fs" % (time.time() - t0))


def mark_to_install(args, dbname):
    """Mark our modules to install, without demo data (odoo shell)."""
    code = (
        "modules = env['ir.module.module']\n"
        "modules.update_list()\n"
        "ours = modules.search([('name', 'in', %r)])\n"
        "assert len(ours) == %d, ours.mapped('name')\n"
        "ours.button_install()\n"
        "env.cr.execute('UPDATE ir_module_module SET demo = false WHERE name "
        "IN %%s', (tuple(ours.mapped('name')),))\n"
        "env.cr.commit()\n"
    ) % (args.our_modules, len(args.our_modules))
    logfile = os.path.join(args.work_dir, f"mark-{dbname}.log")
    command = odoo_command() + ["shell", "-c", args.config, "-d", dbname, "--no-http"]
    log(
        "{}: marking {} to install without demo data (log: {})".format(
            dbname, ", ".join(args.our_modules), logfile
        )
    )
    with open(logfile, "w") as output:
        completed = subprocess.run(
            command, input=code, text=True, stdout=output, stderr=subprocess.STDOUT
        )
    with open(logfile) as output:
        text = output.read()
    if completed.returncode or "Traceback" in text:
        sys.exit(f"marking our modules to install failed: see {logfile}")


def prepare_databases(args):
    """Create (or check) both databases; stop if one is missing or lacks a module."""
    databases = {
        "base": (args.base_db, args.odoo_modules),
        "serial": (args.serial_db, args.odoo_modules + args.our_modules),
    }
    if args.recreate:
        for dbname, _modules in databases.values():
            if installed_modules(args, dbname) is not None:
                run_odoo(
                    args,
                    ["db", "-c", args.config, "drop", dbname],
                    os.path.join(args.work_dir, f"drop-{dbname}.log"),
                )
    base_db = args.base_db
    if installed_modules(args, base_db) is None and (args.create or args.recreate):
        run_odoo(
            args,
            [
                "-c",
                args.config,
                "-d",
                base_db,
                "-i",
                ",".join(args.odoo_modules),
                "--stop-after-init",
                "--no-http",
            ],
            os.path.join(args.work_dir, f"install-{base_db}.log"),
        )
    if (
        args.only != "base"
        and installed_modules(args, args.serial_db) is None
        and (args.create or args.recreate)
    ):
        if installed_modules(args, base_db) is None:
            sys.exit(f"database {base_db} does not exist: create it first (--create)")
        run_odoo(
            args,
            ["db", "-c", args.config, "duplicate", base_db, args.serial_db],
            os.path.join(args.work_dir, f"duplicate-{args.serial_db}.log"),
        )
        without_demo = []
        if not args.our_demo:
            # Installed on a database with demo data, a module gets demo data
            # too (its dependencies have some, and -i asks for it); a
            # consultant's database has none of ours. Marked to install
            # without it, then installed without -i asking for it.
            mark_to_install(args, args.serial_db)
            without_demo = ["--without-demo=all"]
        run_odoo(
            args,
            [
                "-c",
                args.config,
                "-d",
                args.serial_db,
                "-i",
                ",".join(args.our_modules),
                "--stop-after-init",
                "--no-http",
            ]
            + without_demo,
            os.path.join(args.work_dir, f"install-{args.serial_db}.log"),
        )
    for kind, (dbname, modules) in databases.items():
        if args.only and args.only != kind:
            continue
        installed = installed_modules(args, dbname)
        if installed is None:
            sys.exit(f"database {dbname} does not exist; run with --create")
        missing = sorted(set(modules) - set(installed))
        if missing:
            sys.exit(
                "database {}: not installed: {} (--recreate makes it again)".format(
                    dbname, ", ".join(missing)
                )
            )
        without_demo = [module for module in args.odoo_modules if not installed[module]]
        if without_demo:
            log(
                "warning: {}: installed without demo data, which some of "
                "Odoo's tests need: {}".format(dbname, ", ".join(without_demo))
            )
        ours = sorted(set(args.our_modules) & set(installed))
        if kind == "base" and ours:
            sys.exit(
                "database {} holds {}: it is not a base".format(dbname, ", ".join(ours))
            )


# -------------------------------------------------------------- child side --


def selected_tests(args, installed):
    """Odoo's tests to run, in Odoo's order: at_install ones, then post_install ones."""
    from odoo.tests import loader
    from odoo.tests.common import HttpCase
    from odoo.tests.tag_selector import TagsSelector

    pattern = re.compile(args.pattern, re.IGNORECASE) if args.pattern else None
    standard = TagsSelector("standard")
    suites = []
    for position in ("at_install", "post_install"):
        at_position = TagsSelector(position)
        tests = []
        for module in args.full + args.filtered:
            if module not in installed:
                raise SystemExit(f"module {module} is not installed")
            for test_module in loader.get_test_modules(module):
                for test in loader.get_module_test_cases(test_module):
                    if not (at_position.check(test) and standard.check(test)):
                        continue
                    if args.no_browser and isinstance(test, HttpCase):
                        continue
                    if module not in args.full:
                        names = (
                            test_module.__name__.rsplit(".", 1)[-1],
                            type(test).__name__,
                            test._testMethodName,
                        )
                        if not (
                            pattern and any(pattern.search(name) for name in names)
                        ):
                            continue
                    tests.append(test)
        suites.append(sorted(tests, key=lambda test: test.test_sequence))
    return suites


class _ErrorLogs(logging.Handler):
    """Counts the ERROR lines logged during each test, as Odoo's CI does."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.current = None
        self.lines = {}

    def emit(self, record):
        if self.current and not record.name.startswith("odoo.tests"):
            # FAIL/ERROR lines of the test framework itself are the outcome, not a
            # logged error.
            self.lines.setdefault(self.current, []).append(
                f"{record.name}: {record.getMessage()}"
            )


def recording_result_class():
    from odoo.tests import case
    from odoo.tests.result import OdooTestResult

    class RecordingResult(OdooTestResult):
        """OdooTestResult that keeps each test's outcome (it only counts them)."""

        def __init__(self, error_logs, total):
            super().__init__()
            self.error_logs = error_logs
            self.total = total
            self.outcomes = {}
            self.class_errors = {}
            self.t0 = time.time()

        def _test_id(self, test):
            while isinstance(test, case._SubTest) and test.test_case:
                test = test.test_case
            return test.id()

        def startTest(self, test):
            res = super().startTest(test)
            test_id = self._test_id(test)
            self.outcomes[test_id] = {
                "status": "pass",
                "message": "",
                "started": time.time(),
            }
            self.error_logs.current = test_id
            if self.testsRun % 50 == 0:
                print(
                    "  %s: %d/%d tests, %.0fs"
                    % (
                        os.environ.get("SUITES_DB"),
                        self.testsRun,
                        self.total,
                        time.time() - self.t0,
                    ),
                    flush=True,
                )
            return res

        def stopTest(self, test):
            res = super().stopTest(test)
            outcome = self.outcomes.get(self._test_id(test))
            if outcome is not None:
                outcome["seconds"] = round(
                    time.time() - outcome.pop("started", time.time()), 2
                )
            self.error_logs.current = None
            return res

        def _record(self, test, status, err):
            text = self._exc_info_to_string(err, test) if err else ""
            if not isinstance(test, case.TestCase | case._SubTest):
                # An error outside a test: setUpClass, tearDownClass (an _ErrorHolder).
                self.class_errors[str(test)] = text
                return
            outcome = self.outcomes.setdefault(
                self._test_id(test), {"status": "pass", "message": ""}
            )
            if outcome["status"] in ("pass", "skip"):
                outcome["status"] = status
            outcome["message"] += text

        def addError(self, test, err):
            res = super().addError(test, err)
            self._record(test, "error", err)
            return res

        def addFailure(self, test, err):
            res = super().addFailure(test, err)
            self._record(test, "fail", err)
            return res

        def addSkip(self, test, reason):
            res = super().addSkip(test, reason)
            outcome = self.outcomes.setdefault(
                self._test_id(test), {"status": "pass", "message": ""}
            )
            if outcome["status"] == "pass":
                outcome.update(status="skip", message=str(reason))
            return res

    return RecordingResult


def run_child(args):
    """Run the selection on one database; write every test's outcome as JSON."""
    dbname = args.child_db
    os.environ["SUITES_DB"] = dbname
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    import odoo
    from odoo.tools import config

    config.parse_config(
        [
            "-c",
            args.config,
            "-d",
            dbname,
            "--db-filter",
            f"^{re.escape(dbname)}$",
            "--http-port",
            str(port),
            "--logfile",
            os.path.join(args.work_dir, f"{dbname}.log"),
            "--log-level",
            "info",
            "--max-cron-threads",
            "0",
        ]
    )
    from odoo.modules import module
    from odoo.service import server
    from odoo.tests.common import HttpCase
    from odoo.tests.suite import OdooSuite

    server.load_server_wide_modules()
    t0 = time.time()
    # Loaded without test mode: Odoo would otherwise run each module's
    # at_install tests while loading it, before the modules that follow.
    registry = odoo.modules.registry.Registry(dbname)
    installed = set(registry._init_modules)
    config["test_enable"] = True
    at_install, post_install = selected_tests(args, installed)
    if args.child_tests:
        with open(args.child_tests) as wanted_file:
            wanted = set(json.load(wanted_file))
        at_install = [test for test in at_install if test.id() in wanted]
        post_install = [test for test in post_install if test.id() in wanted]
    selection = [test.id() for test in at_install + post_install]
    report = {
        "db": dbname,
        "our_modules": sorted(set(args.our_modules) & installed),
        "selection": selection,
        "browser_tests": sum(
            isinstance(test, HttpCase) for test in at_install + post_install
        ),
        "load_seconds": round(time.time() - t0, 1),
    }
    if args.list:
        with open(args.child_output, "w") as output:
            json.dump(report, output)
        return 0
    if any(isinstance(test, HttpCase) for test in at_install + post_install):
        server.server = server.ThreadedServer(odoo.http.root)
        server.server.http_spawn()
        with registry.cursor() as cr:
            # What preload_registries does before browser tests, for the
            # web client and the tours only.
            qweb = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})["ir.qweb"]
            for bundle in ("web.assets_web", "web.assets_tests"):
                qweb._get_asset_bundle(bundle, css=False, js=True).js()
                qweb._get_asset_bundle(bundle, css=True, js=False).css()
    error_logs = _ErrorLogs()
    logging.getLogger().addHandler(error_logs)
    result = recording_result_class()(error_logs, len(selection))
    t1 = time.time()
    # What loader.run_suite() does, with a result that keeps each outcome.
    module.current_test = True
    threading.current_thread().testing = True
    try:
        for tests in (at_install, post_install):
            if tests:
                OdooSuite(tests)(result)
    finally:
        threading.current_thread().testing = False
        module.current_test = False
    report["test_seconds"] = round(time.time() - t1, 1)
    outcomes = result.outcomes
    for test_id in selection:
        outcome = outcomes.setdefault(test_id, {"status": "not run", "message": ""})
        if outcome["status"] == "not run":
            class_id = test_id.rsplit(".", 1)[0]
            for holder, text in result.class_errors.items():
                if holder.endswith(f"({class_id})"):
                    outcome.update(status="error", message=holder + "\n" + text)
        if outcome["status"] == "pass" and error_logs.lines.get(test_id):
            outcome.update(
                status="error log", message="\n".join(error_logs.lines[test_id])
            )
    report["outcomes"] = {test_id: outcomes[test_id] for test_id in selection}
    report["class_errors"] = result.class_errors
    with open(args.child_output, "w") as output:
        json.dump(report, output, indent=1)
    return 0


# ------------------------------------------------------------- parent side --


def run_children(args, kinds, tests=None, suffix=""):
    """Run one child process per database of ``kinds``; return {kind: its report}."""
    databases = {"base": args.base_db, "serial": args.serial_db}
    tests_file = None
    if tests is not None:
        handle, tests_file = tempfile.mkstemp(
            prefix="suites-", suffix=".json", dir=args.work_dir
        )
        with os.fdopen(handle, "w") as output:
            json.dump(sorted(tests), output)
    commands = {}
    for kind in kinds:
        dbname = databases[kind]
        output = os.path.join(args.work_dir, f"{dbname}{suffix}.json")
        if os.path.exists(output):
            os.unlink(output)
        command = [
            sys.executable,
            os.path.abspath(__file__),
            "--config",
            args.config,
            "--work-dir",
            args.work_dir,
            "--child-db",
            dbname,
            "--child-output",
            output,
            "--our-modules",
            ",".join(args.our_modules),
            "--full",
            ",".join(args.full),
            "--filtered",
            ",".join(args.filtered),
            "--pattern",
            args.pattern,
        ]
        if args.no_browser:
            command.append("--no-browser")
        if args.list:
            command.append("--list")
        if tests_file:
            command += ["--child-tests", tests_file]
        commands[kind] = (dbname, command, output)
    reports, failed = {}, []
    pending = list(commands)
    running = {}
    while pending or running:
        while pending and len(running) < args.jobs:
            kind = pending.pop(0)
            dbname, command, output = commands[kind]
            log(
                "{}: running{} (Odoo log: {})".format(
                    dbname,
                    " (recheck)" if suffix else "",
                    os.path.join(args.work_dir, f"{dbname}{suffix}.log"),
                )
            )
            running[kind] = (subprocess.Popen(command), time.time())
        time.sleep(2)
        for kind, (process, started) in list(running.items()):
            if process.poll() is None:
                continue
            del running[kind]
            dbname, command, output = commands[kind]
            if process.returncode or not os.path.exists(output):
                failed.append(f"{dbname} (exit {process.returncode})")
                continue
            with open(output) as report_file:
                reports[kind] = json.load(report_file)
            reports[kind]["wall_seconds"] = round(time.time() - started, 1)
            log(f"{dbname}: finished in {time.time() - started:.0f}s")
    if tests_file:
        os.unlink(tests_file)
    if failed:
        sys.exit(
            "the run crashed on {}: see the Odoo logs in {}".format(
                ", ".join(failed), args.work_dir
            )
        )
    return reports


def failure_summary(message, lines=MESSAGE_LINES):
    """The exception of a traceback (its last block) and the test line it came from."""
    text = message.rstrip("\n").splitlines()
    last_frame = max(
        (index for index, line in enumerate(text) if line.startswith("  File ")),
        default=None,
    )
    if last_frame is None:
        return text[:lines]
    where = [
        line.strip()
        for line in text
        if line.startswith("  File ") and "/tests/" in line
    ]
    exception = [line for line in text[last_frame + 1 :] if not line.startswith("    ")]
    summary = exception[:lines]
    if where:
        summary.append("at " + where[-1].replace("  File ", ""))
    return summary


def status_counts(report):
    counts = {}
    for outcome in report["outcomes"].values():
        counts[outcome["status"]] = counts.get(outcome["status"], 0) + 1
    return ", ".join(
        "%d %s" % (count, status) for status, count in sorted(counts.items())
    )


def print_selection(report):
    by_module = {}
    for test_id in report["selection"]:
        module = test_id.split(".")[2]
        by_module[module] = by_module.get(module, 0) + 1
    print(
        "selection: %d tests (%s), %d of them browser tests"
        % (
            len(report["selection"]),
            ", ".join("%s %d" % item for item in by_module.items()),
            report["browser_tests"],
        )
    )


def compare(base, serial):
    """Test ids that pass on base and do not on serial, and the other way round."""
    common = [test_id for test_id in base["selection"] if test_id in serial["outcomes"]]
    broken = [
        test_id
        for test_id in common
        if base["outcomes"][test_id]["status"] == "pass"
        and serial["outcomes"][test_id]["status"] not in ("pass", "skip")
    ]
    mended = [
        test_id
        for test_id in common
        if serial["outcomes"][test_id]["status"] == "pass"
        and base["outcomes"][test_id]["status"] not in ("pass", "skip")
    ]
    return broken, mended


def main(args):
    os.makedirs(args.work_dir, exist_ok=True)
    t0 = time.time()
    prepare_databases(args)
    log("databases ready in %.0fs" % (time.time() - t0))
    kinds = [args.only] if args.only else ["base", "serial"]
    if args.list:
        report = run_children(args, kinds[:1])[kinds[0]]
        print_selection(report)
        for test_id in report["selection"]:
            print(test_id)
        return 0
    reports = run_children(args, kinds)
    print()
    print_selection(reports[kinds[0]])
    for kind in kinds:
        report = reports[kind]
        print(
            "{} ({}): {}; registry {:.0f}s, tests {:.0f}s, process {:.0f}s".format(
                report["db"],
                ", ".join(report["our_modules"]) or "without our modules",
                status_counts(report),
                report["load_seconds"],
                report["test_seconds"],
                report["wall_seconds"],
            )
        )
    if len(kinds) < 2:
        return 0
    base, serial = reports["base"], reports["serial"]
    only_base = sorted(set(base["selection"]) - set(serial["selection"]))
    only_serial = sorted(set(serial["selection"]) - set(base["selection"]))
    if only_base or only_serial:
        print(
            "the selections differ: %d tests only on %s, %d only on %s"
            % (len(only_base), base["db"], len(only_serial), serial["db"])
        )
    broken, mended = compare(base, serial)
    unstable = []
    if broken and args.recheck:
        log(
            "running the %d tests that pass without and fail with our "
            "modules again, alone" % len(broken)
        )
        again = run_children(args, kinds, tests=broken, suffix="-recheck")
        still_broken, _mended = compare(again["base"], again["serial"])
        unstable = [test_id for test_id in broken if test_id not in still_broken]
        broken = still_broken
        serial = dict(
            serial, outcomes=dict(serial["outcomes"], **again["serial"]["outcomes"])
        )
    print()
    print("Pass without our modules, fail with them: %d" % len(broken))
    for test_id in broken:
        outcome = serial["outcomes"][test_id]
        print(
            "- {} [{}]".format(test_id.replace("odoo.addons.", ""), outcome["status"])
        )
        for line in failure_summary(outcome["message"]):
            print("      " + line)
    if unstable:
        print()
        print(
            "Unstable (failed with our modules, then passed on both when run again): %d"
            % len(unstable)
        )
        for test_id in unstable:
            print("- " + test_id.replace("odoo.addons.", ""))
    if mended:
        print()
        print("Fail without our modules, pass with them: %d" % len(mended))
        for test_id in mended:
            print(
                "- {} [{} without]".format(
                    test_id.replace("odoo.addons.", ""),
                    base["outcomes"][test_id]["status"],
                )
            )
    print()
    print(
        "total {:.0f}s; every outcome in {}".format(
            time.time() - t0,
            ", ".join(
                os.path.join(args.work_dir, f"{db}.json")
                for db in (base["db"], serial["db"])
            ),
        )
    )
    return 0


if __name__ == "__main__":
    ARGS = parse_args()
    if ARGS.child_db:
        sys.exit(run_child(ARGS))
    sys.exit(main(ARGS))
