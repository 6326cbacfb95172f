"""Each module's tests run under Odoo's own runner too, as OCA's CI runs them.

Odoo's runner (odoo -i ... --test-enable) only runs the test files that the
module's tests/__init__.py imports, where pytest collects every test_*.py: a
file missing from __init__.py would pass here and never run there.
"""

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_every_module_imports_all_its_test_files_in_tests_init():
    modules = sorted(p.parent for p in REPO.glob("*/__manifest__.py"))
    assert modules, "no module found"
    for module in modules:
        tests = module / "tests"
        if not tests.is_dir():
            continue
        files = {p.stem for p in tests.glob("test_*.py")}
        tree = ast.parse((tests / "__init__.py").read_text())
        imported = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.level == 1
            for alias in node.names
        }
        assert files <= imported, (
            f"{module.name}/tests/__init__.py does not import "
            f"{sorted(files - imported)}: Odoo's runner would not run them"
        )
