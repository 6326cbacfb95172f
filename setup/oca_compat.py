"""Adapt the pinned OCA add-ons in .local/oca-addons to the Odoo 18.0 running them.

Usage: python setup/oca_compat.py OCA_ADDONS_DIR

Idempotent; called by setup/lib.sh after installing setup/requirements-oca.txt.

stock_barcodes 18.0.1.6.0.4 puts a ``help`` attribute on list columns
(views/stock_move_line_views.xml), which Odoo 18.0 accepts only since its
view schema allows it on a field (odoo/addons/base/rng/common.rng); an older
18.0 refuses to install the module ("Invalid view stock.move.line list
definition"). There, the attribute, a tooltip, is taken out of those list
views; the form view keeps it.

queue_job 18.0 marks ``queue.job.create`` with ``@api.private`` (not callable
over RPC), a decorator of later 18.0 releases; an older 18.0 has no
``odoo.api.private`` and fails to load the module. There the decorator is
taken out: the method is still guarded by queue.job's access rights (only
its managers create jobs by hand), as every create of that Odoo.
"""

# pylint: disable=print-used
import os
import re
import sys

import odoo

COMMON_RNG = os.path.join(
    os.path.dirname(odoo.__file__), "addons", "base", "rng", "common.rng"
)
PATCHES = [
    # (file under the OCA addons directory, records (list views) to clean)
    (
        "stock_barcodes/views/stock_move_line_views.xml",
        (
            "view_stock_move_line_operation_tree",
            "view_stock_move_line_detailed_operation_tree",
        ),
    ),
]
HELP_ATTRIBUTE = re.compile(r'\s*<attribute\s+name="help"\s*>[^<]*</attribute>')


def list_columns_take_help():
    with open(COMMON_RNG) as rng:
        text = rng.read()
    field = text.find('<rng:define name="field">')
    end = text.find("</rng:define>", field)
    return field >= 0 and 'name="help"' in text[field:end]


PRIVATE_DECORATOR = re.compile(r"^[ \t]*@api\.private[ \t]*\n", re.M)
PRIVATE_FILES = ["queue_job/models/queue_job.py"]


def drop_private_decorators(oca_dir):
    if hasattr(odoo.api, "private"):
        return
    for path in PRIVATE_FILES:
        path = os.path.join(oca_dir, path)
        if not os.path.isfile(path):
            continue
        with open(path) as f:
            text = f.read()
        new = PRIVATE_DECORATOR.sub("", text)
        if new != text:
            with open(path, "w") as f:
                f.write(new)
            print(f"adapted to this Odoo 18.0 (no api.private): {path}")


def main(oca_dir):
    drop_private_decorators(oca_dir)
    if list_columns_take_help():
        return
    for path, records in PATCHES:
        path = os.path.join(oca_dir, path)
        if not os.path.isfile(path):
            continue
        with open(path) as f:
            text = f.read()
        new = text
        for record in records:
            start = new.find(f'id="{record}"')
            if start < 0:
                continue
            end = new.find("</record>", start)
            new = new[:start] + HELP_ATTRIBUTE.sub("", new[start:end]) + new[end:]
        if new != text:
            with open(path, "w") as f:
                f.write(new)
            print(f"adapted to this Odoo 18.0 (no help on list columns): {path}")


if __name__ == "__main__":
    main(sys.argv[1])
