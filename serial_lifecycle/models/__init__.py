from . import serial_input_mixin
from . import barcode_rule
from . import res_company
from . import res_config_settings
from . import serial_inspection_plan
from . import serial_inspection_check
from . import serial_inspection_result
from . import product_category
from . import product_template
from . import product_supplierinfo
from . import stock_lot
from . import stock_lot_naming
from . import stock_lot_ledger
from . import stock_lot_quality
from . import stock_lot_scan
from . import stock_lot_component
from . import stock_lot_genealogy
from . import stock_lot_revision
from . import stock_lot_service_history
from . import stock_lot_reserialize
from . import serial_scan
from . import serial_report_cube_mark
from . import stock_lot_lifecycle_event

# Before stock_move: their overrides run inside ours (the reservation's
# serial rules and blocked states are set around them).
from . import stock_quant_batch
from . import stock_move_batch
from . import stock_move_line_batch
from . import stock_move
from . import stock_move_line
from . import stock_picking_asn_line
from . import stock_picking
from . import stock_quant
from . import stock_serial_count
from . import stock_serial_count_line
from . import stock_serial_picking_rule
from . import serial_lifecycle_demo
