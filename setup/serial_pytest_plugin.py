"""pytest plugin loaded by setup/test (``-p serial_pytest_plugin``) on top of
pytest-odoo, so that Odoo 18 tests behave under pytest as under Odoo's own
test runner:

* ``odoo.modules.module.current_test`` is set for the whole session, as
  odoo/tests/loader.py ``run_suite`` does (pytest-odoo 2.3 only does it for
  Odoo >= 19). Without it mail sending commits the test transaction
  (mail/models/mail_mail.py), real SMTP connections are attempted, and the
  bus opens websockets from tours.
* Before the first browser test, the web client's asset bundles are
  generated (odoo/service/server.py ``preload_registries`` generates all
  bundles), so the first tour does not spend its timeout compiling assets.
* Odoo test classes outside odoo.addons.* (the top-level tests/ folder) get
  Odoo's default test tags, without which they crash in setUpClass.
* pytest-odoo's false "Importing test framework" ERROR is silenced.
* A browser test (``HttpCase``) that is skipped -- no Chrome, no
  websocket-client, no HTTP server -- is reported as FAILED: Odoo only
  skips those silently.
"""

import logging

import pytest


class _DropFalseImportAlarm(logging.Filter):
    # pytest-odoo imports odoo.tests before test mode is on, and Odoo logs an
    # ERROR ("Importing test framework, avoid importing from business
    # modules...") with a stack trace: a false alarm under pytest.
    def filter(self, record):
        return not str(record.msg).startswith(
            "Importing test framework, avoid importing"
        )


# Installed when pytest loads this plugin, before pytest-odoo's import.
logging.getLogger("odoo.tests.common").addFilter(_DropFalseImportAlarm())


# Asset bundles generated before the first browser test.
TOUR_BUNDLES = ("web.assets_web", "web.assets_tests")


def _is_http_case(item):
    from odoo.tests.common import HttpCase

    cls = getattr(item, "cls", None)
    return isinstance(cls, type) and issubclass(cls, HttpCase)


@pytest.fixture(scope="session", autouse=True)
def _odoo_current_test(load_registry):
    from odoo.modules import module

    previous = module.current_test
    module.current_test = True
    yield
    module.current_test = previous


@pytest.fixture(scope="session", autouse=True)
def _pregenerate_assets(request, load_registry):
    if any(_is_http_case(item) for item in request.session.items):
        import odoo
        from odoo.tests.common import get_db_name

        registry = odoo.modules.registry.Registry(get_db_name())
        with registry.cursor() as cr:
            qweb = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})["ir.qweb"]
            # Only what a backend tour loads (the web client and the tours):
            # Odoo's _pregenerate_assets_bundles() builds every bundle of
            # every installed app, ~25 s more on a 2-core machine.
            for bundle in TOUR_BUNDLES:
                qweb._get_asset_bundle(bundle, css=False, js=True).js()
                qweb._get_asset_bundle(bundle, css=True, js=False).css()
    yield


def pytest_collection_modifyitems(session, config, items):
    # Odoo's MetaCase gives test classes their default tags only inside
    # odoo.addons.*; a TransactionCase in the top-level tests/ folder would
    # crash in BaseCase.setUpClass ("no attribute 'test_tags'"). Give it the
    # same defaults.
    from odoo.tests.common import BaseCase

    for item in items:
        cls = getattr(item, "cls", None)
        if (
            isinstance(cls, type)
            and issubclass(cls, BaseCase)
            and getattr(cls, "test_tags", None) is None
        ):
            cls.test_tags = {"standard", "at_install"}
            cls.test_module = cls.__module__.split(".")[0]
            cls.test_class = cls.__name__
            cls.test_sequence = 0


def pytest_collection_finish(session):
    # session.items is final here (after -k / -m deselection)
    session.config._serial_browser_tests = sum(
        1 for item in session.items if _is_http_case(item)
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail") and _is_http_case(item):
        reason = (
            report.longrepr[2]
            if isinstance(report.longrepr, tuple)
            else str(report.longrepr)
        )
        report.outcome = "failed"
        report.longrepr = (
            f"browser test skipped, which setup/test counts as a failure: {reason}"
        )


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    count = getattr(config, "_serial_browser_tests", 0)
    terminalreporter.write_line(f"browser (HttpCase) tests selected: {count}")
