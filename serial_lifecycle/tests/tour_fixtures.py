"""Records the browser tours start from: a receipt, serials received on it, a plan.

Built in the test's environment before the tour opens the screen, so that each
tour reads as what the user does, not as its set-up.
"""

from odoo import Command


def confirmed_receipt(env, product, quantity):
    """A confirmed receipt of ``quantity`` units of ``product`` from the vendor
    into the stock of the company's first warehouse."""
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", env.company.id)], limit=1
    )
    supplier = env.ref("stock.stock_location_suppliers")
    receipt = env["stock.picking"].create(
        {
            "picking_type_id": warehouse.in_type_id.id,
            "location_id": supplier.id,
            "location_dest_id": warehouse.lot_stock_id.id,
            "move_ids": [
                Command.create(
                    {
                        "name": product.name,
                        "product_id": product.id,
                        "product_uom_qty": quantity,
                        "product_uom": product.uom_id.id,
                        "location_id": supplier.id,
                        "location_dest_id": warehouse.lot_stock_id.id,
                    }
                )
            ],
        }
    )
    receipt.action_confirm()
    return receipt


def validated_receipt(env, product, serials):
    """A validated receipt of ``serials`` of ``product``, one per line, in order."""
    receipt = confirmed_receipt(env, product, len(serials))
    for line, serial in zip(receipt.move_line_ids.sorted("id"), serials, strict=True):
        line.lot_name = serial
    receipt.move_ids.picked = True
    receipt.button_validate()
    return receipt


def voltage_plan(env, name):
    """An inspection plan of two checks: Visual (pass/fail), then Voltage
    (4.5 to 5.5 V)."""
    return env["serial.inspection.plan"].create(
        {
            "name": name,
            "check_ids": [
                Command.create(
                    {"name": "Visual", "check_type": "passfail", "sequence": 1}
                ),
                Command.create(
                    {
                        "name": "Voltage",
                        "check_type": "measure",
                        "sequence": 2,
                        "has_min": True,
                        "min_value": 4.5,
                        "has_max": True,
                        "max_value": 5.5,
                        "unit": "V",
                    }
                ),
            ],
        }
    )
