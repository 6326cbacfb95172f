#!/usr/bin/env python3
"""Bad input over JSON-RPC, against Odoo served the way it runs in production.

Not a test (pytest collects test_*.py only): a script, because it serves a
copy of a database with ``--workers`` and calls it from outside, as any
client of ``/web/dataset/call_kw`` can. It

1. copies ``--source-db`` (default serial_test, which ``setup/test`` leaves
   with our modules and their demo data) to ``--db`` (default fuzz_inputs);
2. serves it with ``odoo --workers=N`` on a free port;
3. sends every value of the tables below to every field and method of ours
   that takes input, as admin (bad input must be refused even for admin)
   and the scan screen as a plain Inventory user;
4. sorts each answer: *refused* (a UserError, ValidationError or
   AccessError, as Odoo shows them in a dialog) naming the value or not,
   *accepted*, or *crash* (any other exception: a raw Python or database
   error);

prints one line per input and a summary, exits 1 when an input crashed or
was accepted where the table says it must be refused, and drops the copy
unless ``--keep``.

    PY=$(head -1 "$(command -v odoo)" | sed 's/^#!//')   # the Python that runs Odoo
    # options: --source-db, --db, --workers, --keep
    $PY tests/fuzz_inputs.py --config .local/odoo.conf
"""

# A command-line script: its report is printed.
# pylint: disable=print-used

import argparse
import itertools
import os
import shutil
import socket
import subprocess
import sys
import threading
import time

import requests

REFUSALS = {
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.AccessError",
    "odoo.exceptions.MissingError",
    "odoo.exceptions.RedirectWarning",
}
REFUSE, ANY = "refuse", "any"

# (value, what must happen): ANY means "anything but a crash".
SERIAL_TEXT = [
    ("SN\x00001", REFUSE),
    ("\x00", REFUSE),
    ("SN\x07B", REFUSE),
    ("SN\u200bX", REFUSE),
    ("", REFUSE),
    ("   ", REFUSE),
    ("X" * 21, REFUSE),
    ("x" * 10000, REFUSE),
    ("SN 1", REFUSE),
    ("SN#1", REFUSE),
    ("É-001", REFUSE),
    (12345, ANY),
    (1.5, ANY),
    (True, ANY),
    ([], ANY),
    ({"a": 1}, ANY),
]
FREE_TEXT = [
    ("A\x00B", REFUSE),
    ("x" * 100000, ANY),
    (123, ANY),
    ({"a": 1}, ANY),
    ("<script>alert(1)</script>", ANY),
    ("' OR 1=1 --", ANY),
]
RECORD_ID = [
    (-1, REFUSE),
    (999999999, REFUSE),
    ("abc", REFUSE),
    (2**31, REFUSE),
    ({"x": 1}, REFUSE),
    (1.5, ANY),
]
CLAIM_DATE = [
    ("0001-01-01", REFUSE),
    ("9999-12-31", REFUSE),
    ("abc", REFUSE),
    ("2026-02-30", REFUSE),
    (12345, REFUSE),
]
# Months; 0 is "no warranty", the most is 100 years.
DURATION = [
    (-5, REFUSE),
    (0, ANY),
    (1200, ANY),
    (1201, REFUSE),
    (10**5, REFUSE),
    (2**31, REFUSE),
    ("abc", REFUSE),
]
WINDOW_DAYS = [(-1, REFUSE), (3700, REFUSE), (2**31, REFUSE), ("abc", REFUSE)]
GENERATE_COUNT = [
    (0, REFUSE),
    (-5, REFUSE),
    (200000, REFUSE),
    ("abc", REFUSE),
    (None, REFUSE),
    (1.5, REFUSE),
    (True, REFUSE),
]
PATTERN = [("(", REFUSE), ("[a-", REFUSE), ("A\x00", REFUSE), ("x" * 1000, ANY)]
MAX_LENGTH = [(-1, REFUSE), (0, ANY), (10**6, ANY), ("abc", REFUSE)]
LIFECYCLE_ACTION = [("bogus", REFUSE), (123, REFUSE), (None, REFUSE)]


def odoo_bin():
    path = (
        os.environ.get("ODOO_BIN") or shutil.which("odoo") or shutil.which("odoo-bin")
    )
    if not path:
        sys.exit("no odoo executable: put it on PATH or set ODOO_BIN")
    return path


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Client:
    """A logged-in JSON-RPC client, as the web client is."""

    def __init__(self, url, db, login, password):
        self.url, self.session = url, requests.Session()
        answer = self.session.post(
            url + "/web/session/authenticate",
            json={
                "jsonrpc": "2.0",
                "params": {"db": db, "login": login, "password": password},
            },
        ).json()
        if not answer.get("result", {}).get("uid"):
            sys.exit("cannot log in as {}: {}".format(login, answer.get("error")))

    def call(self, model, method, *args, **kwargs):
        """Return ("result", value) or ("error", (exception name, message))."""
        answer = self.session.post(
            self.url + "/web/dataset/call_kw",
            json={
                "jsonrpc": "2.0",
                "params": {
                    "model": model,
                    "method": method,
                    "args": list(args),
                    "kwargs": kwargs,
                },
            },
        ).json()
        if "error" in answer:
            data = answer["error"].get("data", {})
            # Where it was raised: in one of our modules, or in Odoo before
            # any of our code ran (the ORM converting a value to its field).
            ours = "/serial_" in data.get("debug", "")
            return "error", (
                data.get("name", "?"),
                data.get("message", answer["error"].get("message", "")),
                ours,
            )
        return "result", answer.get("result")

    def save(self, model, vals):
        """Create a record as the web client's form does (``web_save``).

        Not ``create``: Odoo 18.0's stock_account overrides ``stock.lot.create``
        without ``@api.model_create_multi``, so ``create`` over RPC fails there
        with a TypeError, with or without our modules.
        """
        return self.call(model, "web_save", [], vals, specification={})

    def ok(self, model, method, *args, **kwargs):
        kind, value = self.call(model, method, *args, **kwargs)
        if kind == "error":
            sys.exit(f"setting up the inputs, {model}.{method} failed: {value}")
        return value


def named(value, message):
    """Does the refusal name the value the user sent?"""
    if isinstance(value, str):
        shown = value.strip()
        return (
            not shown
            or repr(value) in message
            or shown[:20] in message
            or "empty" in message
            or "control characters" in message
        )
    return str(value) in message or repr(value) in message


def judge(value, expected, kind, answer):
    if kind == "result" and isinstance(answer, dict) and answer.get("kind") == "error":
        # The scan screen answers its errors rather than raising them.
        kind, answer = (
            "error",
            ("odoo.exceptions.UserError", answer.get("message", ""), True),
        )
    if kind == "result":
        return "accepted" if expected == ANY else "ACCEPTED, MUST BE REFUSED"
    name, message, ours = answer
    if name not in REFUSALS:
        return f"CRASH ({name})" if ours else f"odoo orm ({name})"
    return "refused, named" if named(value, message) else "refused"


class Fixture:
    """Records the inputs are sent against, found or made through RPC as admin."""

    def __init__(self, admin):
        self.admin = admin
        self.product = admin.ok(
            "product.product",
            "search_read",
            [("tracking", "=", "serial"), ("is_storable", "=", True)],
            ["id", "product_tmpl_id", "categ_id"],
            limit=1,
        )[0]
        self.shipped_lot = admin.ok(
            "stock.lot",
            "search_read",
            [
                # Under warranty: its claims are approved, and an approved claim is
                # open.
                ("lifecycle_state", "in", ["shipped", "installed"]),
                ("warranty_state", "=", "active"),
            ],
            ["name", "product_id", "lifecycle_partner_id"],
            limit=1,
        )[0]
        open_claims = admin.ok(
            "serial.warranty.claim",
            "search",
            [
                ("lot_id", "=", self.shipped_lot["id"]),
                ("state", "in", ["draft", "approved", "in_repair"]),
            ],
        )
        if open_claims:
            admin.ok("serial.warranty.claim", "action_close", open_claims)
        self.customer = admin.ok(
            "res.partner", "search", [("customer_rank", ">", 0)], limit=1
        )[0]
        self.campaign = admin.ok(
            "serial.recall.campaign",
            "create",
            {"name": "Fuzz campaign", "title": "Fuzz campaign"},
        )
        self.stock_location = admin.ok(
            "stock.warehouse", "search_read", [], ["lot_stock_id"], limit=1
        )[0]["lot_stock_id"][0]
        self.serial = iter("FUZZ%04d" % n for n in itertools.count(1))

    def new_lot(self):
        return self.admin.ok(
            "stock.lot",
            "web_save",
            [],
            {"name": next(self.serial), "product_id": self.product["id"]},
            specification={},
        )[0]["id"]

    def claim(self, **vals):
        """The values of a claim on a shipped serial with no claim yet, as the claim
        form sends them."""
        lot = self.shipped_lot
        return dict(
            {
                "serial_name": lot["name"],
                "product_id": lot["product_id"][0],
                "partner_id": lot["lifecycle_partner_id"][0],
                "symptom": "fuzz",
            },
            **vals,
        )


def cases(fixture, user):  # noqa: C901 (one table of inputs, one branch per kind)
    """(target, value, expected, client, model, method, args, kwargs) for every
    input."""
    product_id, template_id = (
        fixture.product["id"],
        fixture.product["product_tmpl_id"][0],
    )
    category_id = fixture.product["categ_id"][0]
    admin = fixture.admin
    # What the receipt's "Generate Serials" dialog sends.
    generate_context = {
        "default_product_id": product_id,
        "default_tracking": "serial",
        "default_quantity": 1,
        "default_location_id": fixture.stock_location,
        "default_location_dest_id": fixture.stock_location,
    }
    for value, expected in SERIAL_TEXT:
        yield (
            "stock.lot create name",
            value,
            expected,
            admin,
            "stock.lot",
            "web_save",
            [[], {"name": value, "product_id": product_id}],
            {"specification": {}},
        )
        yield (
            "stock.lot write name",
            value,
            expected,
            admin,
            "stock.lot",
            "write",
            [[fixture.new_lot()], {"name": value}],
            {},
        )
        yield (
            "serial.scan scan",
            value,
            expected if isinstance(value, str) else ANY,
            user,
            "serial.scan",
            "scan",
            [value],
            {},
        )
        yield (
            "recall range from",
            value,
            expected,
            admin,
            "serial.recall.criterion",
            "create",
            [
                {
                    "campaign_id": fixture.campaign,
                    "criterion_type": "range",
                    "product_id": product_id,
                    "serial_from": value,
                    "serial_to": "SN-999999",
                }
            ],
            {},
        )
        # A claim on a serial we do not know is taken, and rejected by its decision.
        unusable = (
            not isinstance(value, str)
            or not value.strip()
            or any(ord(char) < 32 for char in value)
        )
        yield (
            "claim serial",
            value,
            REFUSE if unusable else ANY,
            admin,
            "serial.warranty.claim",
            "create",
            [
                {
                    "serial_name": value,
                    "symptom": "fuzz",
                    "product_id": product_id,
                    "partner_id": fixture.customer,
                }
            ],
            {},
        )
        yield (
            "generate first serial",
            value,
            expected,
            admin,
            "stock.move",
            "action_generate_lot_line_vals",
            [generate_context, "generate", value, 2, ""],
            {},
        )
        if isinstance(value, str):
            yield (
                "import serial list",
                value,
                expected if value.strip() else ANY,
                admin,
                "stock.move",
                "action_generate_lot_line_vals",
                [generate_context, "import", "", 0, f"GOOD1\n{value}"],
                {},
            )
    for value, expected in FREE_TEXT:
        yield (
            "claim symptom",
            value,
            expected,
            admin,
            "serial.warranty.claim",
            "create",
            [fixture.claim(symptom=value)],
            {},
        )
        yield (
            "recall reason",
            value,
            expected,
            admin,
            "serial.recall.campaign",
            "create",
            [{"name": "Fuzz", "title": "Fuzz", "reason": value}],
            {},
        )
        yield (
            "lifecycle wizard reason",
            value,
            expected,
            admin,
            "stock.lot.lifecycle.wizard",
            "create",
            [
                {
                    "lot_ids": [(6, 0, [fixture.new_lot()])],
                    "action": "lost",
                    "reason": value,
                }
            ],
            {},
        )
    for value, expected in RECORD_ID:
        yield (
            "stock.lot create product_id",
            value,
            expected,
            admin,
            "stock.lot",
            "web_save",
            [[], {"name": next(fixture.serial), "product_id": value}],
            {"specification": {}},
        )
        yield (
            "scan session location",
            value,
            expected,
            user,
            "serial.scan",
            "scan",
            ["FUZZ0001", {"location_id": value}],
            {},
        )
        yield (
            "claim customer",
            value,
            expected,
            admin,
            "serial.warranty.claim",
            "create",
            [fixture.claim(partner_id=value)],
            {},
        )
        yield (
            "count location",
            value,
            expected,
            admin,
            "stock.serial.count",
            "create",
            [{"location_id": value}],
            {},
        )
        yield (
            "lifecycle wizard serials",
            value,
            expected,
            admin,
            "stock.lot.lifecycle.wizard",
            "create",
            [{"lot_ids": [(6, 0, [value])], "action": "lost"}],
            {},
        )
    for value, expected in CLAIM_DATE:
        yield (
            "claim date",
            value,
            expected,
            admin,
            "serial.warranty.claim",
            "create",
            [fixture.claim(claim_date=value)],
            {},
        )
    for model, record in (
        ("product.template", template_id),
        ("product.category", category_id),
    ):
        custom = {"warranty_custom_terms": True} if model == "product.template" else {}
        for value, expected in DURATION:
            yield (
                f"{model} warranty duration (months)",
                value,
                expected,
                admin,
                model,
                "write",
                [
                    [record],
                    dict(custom, warranty_duration=value, warranty_unit="months"),
                ],
                {},
            )
        for field in ("warranty_return_days", "warranty_install_fallback_days"):
            for value, expected in WINDOW_DAYS:
                yield (
                    f"{model} {field}",
                    value,
                    expected,
                    admin,
                    model,
                    "write",
                    [[record], dict(custom, **{field: value})],
                    {},
                )
        custom = {"serial_custom_format": True} if model == "product.template" else {}
        for value, expected in PATTERN:
            yield (
                f"{model} serial pattern",
                value,
                expected,
                admin,
                model,
                "write",
                [[record], dict(custom, serial_pattern=value)],
                {},
            )
        for value, expected in MAX_LENGTH:
            yield (
                f"{model} serial max length",
                value,
                expected,
                admin,
                model,
                "write",
                [[record], dict(custom, serial_max_length=value)],
                {},
            )
    for value, expected in GENERATE_COUNT:
        yield (
            "generate count",
            value,
            expected,
            admin,
            "stock.move",
            "action_generate_lot_line_vals",
            [generate_context, "generate", "GEN0001", value, ""],
            {},
        )
    for value, expected in LIFECYCLE_ACTION:
        yield (
            "lifecycle wizard action",
            value,
            expected,
            admin,
            "stock.lot.lifecycle.wizard",
            "create",
            [{"lot_ids": [(6, 0, [fixture.new_lot()])], "action": value}],
            {},
        )
    # Serial picking rules and vendor serial patterns.
    rule = {
        "name": "Fuzz rule",
        "product_id": product_id,
        "mode": "exclude",
        "serial_from": "FUZZRULE-1",
        "serial_to": "FUZZRULE-9",
    }
    for value, expected in SERIAL_TEXT:
        yield (
            "picking rule first serial",
            value,
            expected,
            admin,
            "stock.serial.picking.rule",
            "create",
            [dict(rule, serial_from=value)],
            {},
        )
    for value, expected in RECORD_ID:
        yield (
            "picking rule product",
            value,
            expected,
            admin,
            "stock.serial.picking.rule",
            "create",
            [dict(rule, product_id=value)],
            {},
        )
        yield (
            "picking rule operation type",
            value,
            expected,
            admin,
            "stock.serial.picking.rule",
            "create",
            [dict(rule, picking_type_id=value)],
            {},
        )
    for value, expected in LIFECYCLE_ACTION:
        yield (
            "picking rule mode",
            value,
            expected,
            admin,
            "stock.serial.picking.rule",
            "create",
            [dict(rule, mode=value)],
            {},
        )
    for value, expected in PATTERN + [(12, REFUSE), ({"a": 1}, REFUSE)]:
        yield (
            "vendor serial pattern",
            value,
            expected,
            admin,
            "product.supplierinfo",
            "create",
            [
                {
                    "partner_id": fixture.customer,
                    "product_tmpl_id": template_id,
                    "serial_pattern": value,
                }
            ],
            {},
        )


def restore_formats(admin, fixture):
    """Accepted format changes would refuse the serials the next cases make."""
    admin.call(
        "product.template",
        "write",
        [fixture.product["product_tmpl_id"][0]],
        {"serial_custom_format": False, "serial_pattern": False},
    )
    admin.call(
        "product.category",
        "write",
        [fixture.product["categ_id"][0]],
        {"serial_pattern": False, "serial_max_length": 20},
    )


def race(label, clients, check, model, method, *args):
    """The same call from several clients at once, each served by a worker of its own.

    ``check()`` counts what must exist once afterwards (the serial, the open
    claim); every other client must have been refused or answered, none crashed.
    """
    barrier, answers = threading.Barrier(len(clients)), []

    def one(client):
        barrier.wait()
        answers.append(client.call(model, method, *args))

    threads = [threading.Thread(target=one, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    saved = sum(kind == "result" for kind, _answer in answers)
    refused = [
        " ".join(answer[1].split())
        for kind, answer in answers
        if kind == "error" and answer[0] in REFUSALS
    ]
    crashed = [
        answer
        for kind, answer in answers
        if kind == "error" and answer[0] not in REFUSALS
    ]
    kept = check()
    verdict = "one holds" if kept == 1 and not crashed else "BROKEN"
    print(
        "race: %-34s %d clients: %d saved, %d refused, %d crashed, %d kept: %s%s"
        % (
            label,
            len(clients),
            saved,
            len(refused),
            len(crashed),
            kept,
            verdict,
            (f" ({refused[0][:100]})") if refused else "",
        )
    )
    for answer in crashed:
        print(f"   crash: {answer[0]} {answer[1].splitlines()[0][:120]}")
    return verdict != "one holds"


def run(url, db):
    admin = Client(url, db, "admin", "admin")
    login = "fuzz_user_%d" % os.getpid()
    admin.ok(
        "res.users",
        "create",
        {
            "name": "Fuzz user",
            "login": login,
            "password": login,
            "groups_id": [
                (
                    4,
                    admin.ok(
                        "ir.model.data",
                        "check_object_reference",
                        "stock",
                        "group_stock_user",
                    )[1],
                )
            ],
        },
    )
    user = Client(url, db, login, login)
    fixture = Fixture(admin)
    counts, bad = {}, 0
    for target, value, expected, client, model, method, args, kwargs in cases(
        fixture, user
    ):
        kind, answer = client.call(model, method, *args, **kwargs)
        verdict = judge(value, expected, kind, answer)
        counts[verdict.split(" (")[0]] = counts.get(verdict.split(" (")[0], 0) + 1
        bad += verdict.startswith(("CRASH", "ACCEPTED"))
        message = (
            " ".join(answer[1].split())[:150] if kind == "error" and answer[1] else ""
        )
        if (
            kind == "result"
            and isinstance(answer, dict)
            and answer.get("kind") == "error"
        ):
            message = " ".join(answer.get("message", "").split())[:150]
        print("%-48s %-22.22r %-26s %s" % (target, value, verdict, message), flush=True)
        if "pattern" in target or "max length" in target:
            restore_formats(admin, fixture)
        if model == "serial.warranty.claim" and kind == "result":
            # One open claim per serial: close it, so the next case may claim the serial
            # again.
            admin.ok(model, "action_close", [answer])
    racers = [Client(url, db, "admin", "admin") for _n in range(4)]
    print()
    bad += race(
        "one new serial saved by four",
        racers,
        lambda: len(admin.ok("stock.lot", "search", [("name", "=", "RACE0001")])),
        "stock.lot",
        "web_save",
        [],
        {"name": "RACE0001", "product_id": fixture.product["id"]},
        {},
    )
    # The claims that lose are refused, or saved rejected ("already has an open claim").
    bad += race(
        "four claims on one serial",
        racers,
        lambda: len(
            admin.ok(
                "serial.warranty.claim",
                "search",
                [
                    ("lot_id", "=", fixture.shipped_lot["id"]),
                    ("state", "in", ["draft", "approved", "in_repair"]),
                ],
            )
        ),
        "serial.warranty.claim",
        "create",
        fixture.claim(symptom="race"),
    )
    total = sum(counts.values())
    print(
        "\n%d inputs: %s"
        % (total, ", ".join("%s %d" % item for item in sorted(counts.items())))
    )
    return bad


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--config",
        required=True,
        help="Odoo configuration file (setup/test writes .local/odoo.conf)",
    )
    parser.add_argument("--source-db", default="serial_test")
    parser.add_argument("--db", default="fuzz_inputs")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the copy afterwards")
    options = parser.parse_args()
    odoo = odoo_bin()
    subprocess.run(
        [
            odoo,
            "db",
            "-c",
            options.config,
            "duplicate",
            "-f",
            options.source_db,
            options.db,
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    port = free_port()
    server = subprocess.Popen(
        [
            odoo,
            "-c",
            options.config,
            "-d",
            options.db,
            "--db-filter",
            f"^{options.db}$",
            "--workers",
            str(options.workers),
            "--max-cron-threads",
            "0",
            "--http-port",
            str(port),
            "--gevent-port",
            str(free_port()),
            "--log-level",
            "warn",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = "http://127.0.0.1:%d" % port
    try:
        for _attempt in range(120):
            try:
                if requests.get(url + "/web/login", timeout=30).status_code == 200:
                    break
            except requests.RequestException:
                # Not listening yet: try again in a second.
                time.sleep(1)
                continue
            time.sleep(1)
        else:
            sys.exit(f"Odoo did not answer on {url}")
        print(
            "serving %s with --workers=%d on %s\n" % (options.db, options.workers, url)
        )
        bad = run(url, options.db)
    finally:
        server.terminate()
        server.wait(30)
        if not options.keep:
            subprocess.run(
                [odoo, "db", "-c", options.config, "drop", options.db],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
