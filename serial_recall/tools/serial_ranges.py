"""Serial ranges and pasted lists: the helpers live in serial_lifecycle (picking rules
use them too)."""

from odoo.addons.serial_lifecycle.tools.serial_ranges import (  # noqa: F401
    SerialRangeError,
    parse_serial_list,
    parse_serial_range,
    range_domain,
    serial_in_range,
)
