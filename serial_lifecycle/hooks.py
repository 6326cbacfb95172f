"""Install on a database that already holds serials.

Everything here is set-based SQL: a consultant installs the module on a
database with years of history, and one query per serial would take hours.
"""
import logging

from .tools.serial_numbers import NUMERIC_KEY_WIDTH, SPLIT_PATTERN

_logger = logging.getLogger(__name__)


def post_init_hook(env):
    backfill_serial_keys(env.cr)
    count = backfill_lifecycle(env)
    _logger.info("serial_lifecycle: %s serials got their state from their history", count)


def backfill_serial_keys(cr, lot_ids=None):
    """Fill prefix, numeric key and suffix of lots that have none, like split_serial().

    One UPDATE on the table alone: a self-join would let a planner with stale
    statistics pick a nested loop, quadratic on a large table.
    """
    digits = "ltrim((regexp_match(name, %(pattern)s))[2], '0')"
    number = f"COALESCE(NULLIF({digits}, ''), '0')"
    cr.execute(f"""
        UPDATE stock_lot
           SET serial_prefix = CASE WHEN name ~ %(pattern)s
                                    THEN COALESCE((regexp_match(name, %(pattern)s))[1], '')
                                    ELSE name END,
               serial_suffix = CASE WHEN name ~ %(pattern)s
                                    THEN COALESCE((regexp_match(name, %(pattern)s))[3], '') END,
               serial_numeric_key = CASE WHEN name ~ %(pattern)s
                                         THEN lpad({number}, greatest({NUMERIC_KEY_WIDTH}, length({number})), '0') END
         WHERE serial_prefix IS NULL AND (%(lot_ids)s IS NULL OR id = ANY(%(lot_ids)s))
    """, {"pattern": SPLIT_PATTERN, "lot_ids": lot_ids})


# The state a serial is in, read from where it is now (its single location, or
# the destination of its last done move line) and how it got there.
_BACKFILL_QUERY = """
    WITH serial_lot AS (
        SELECT lot.id, lot.product_id, lot.company_id, lot.location_id, lot.create_date
          FROM stock_lot lot
          JOIN product_product pp ON pp.id = lot.product_id
          JOIN product_template pt ON pt.id = pp.product_tmpl_id
         WHERE pt.tracking = 'serial'
           AND (%(lot_ids)s IS NULL OR lot.id = ANY(%(lot_ids)s))
           AND NOT EXISTS (SELECT 1 FROM stock_lot_lifecycle_event e WHERE e.lot_id = lot.id)
    ), last_line AS (
        SELECT DISTINCT ON (ml.lot_id)
               ml.lot_id, ml.move_id, ml.picking_id, ml.location_id, ml.location_dest_id, ml.date
          FROM stock_move_line ml
          JOIN serial_lot ON serial_lot.id = ml.lot_id
         WHERE ml.state = 'done'
      ORDER BY ml.lot_id, ml.date DESC, ml.id DESC
    ), last_delivery AS (
        SELECT DISTINCT ON (ml.lot_id)
               ml.lot_id, COALESCE(picking.partner_id, move.partner_id) AS partner_id
          FROM stock_move_line ml
          JOIN serial_lot ON serial_lot.id = ml.lot_id
          JOIN stock_location dest ON dest.id = ml.location_dest_id
          JOIN stock_move move ON move.id = ml.move_id
     LEFT JOIN stock_picking picking ON picking.id = ml.picking_id
         WHERE ml.state = 'done' AND dest.usage = 'customer'
      ORDER BY ml.lot_id, ml.date DESC, ml.id DESC
    ), reserved AS (
        SELECT DISTINCT ml.lot_id
          FROM stock_move_line ml
          JOIN serial_lot ON serial_lot.id = ml.lot_id
          JOIN stock_move move ON move.id = ml.move_id
          JOIN stock_location dest ON dest.id = move.location_dest_id
     LEFT JOIN stock_picking_type ptype ON ptype.id = move.picking_type_id
         WHERE ml.state NOT IN ('done', 'cancel') AND ml.quantity > 0
           AND (ptype.code = 'outgoing' OR dest.usage IN ('customer', 'supplier'))
    ), situation AS (
        SELECT serial_lot.*, here.usage, here.scrap_location, came_from.usage AS came_from_usage,
               last_line.move_id, last_line.picking_id, last_line.location_id AS from_id,
               last_line.location_dest_id AS to_id, last_line.date AS last_date,
               reserved.lot_id IS NOT NULL AS is_reserved, last_delivery.partner_id AS customer_id
          FROM serial_lot
     LEFT JOIN last_line ON last_line.lot_id = serial_lot.id
     LEFT JOIN stock_location here ON here.id = COALESCE(serial_lot.location_id, last_line.location_dest_id)
     LEFT JOIN stock_location came_from ON came_from.id = last_line.location_id
     LEFT JOIN reserved ON reserved.lot_id = serial_lot.id
     LEFT JOIN last_delivery ON last_delivery.lot_id = serial_lot.id
    )
    SELECT id, product_id, company_id, move_id, picking_id, from_id, to_id,
           COALESCE(last_date, create_date, now() AT TIME ZONE 'UTC') AS event_date,
           CASE
               WHEN usage IS NULL THEN 'draft'
               WHEN scrap_location THEN 'scrapped'
               WHEN usage IN ('internal', 'transit') THEN
                   CASE WHEN is_reserved THEN 'allocated'
                        WHEN came_from_usage = 'customer' THEN 'returned'
                        ELSE 'available' END
               WHEN usage = 'customer' THEN 'shipped'
               WHEN usage = 'supplier' THEN 'vendor_returned'
               WHEN usage = 'inventory' THEN 'lost'
               WHEN usage = 'production' THEN 'consumed'
               ELSE 'draft'
           END AS state,
           CASE WHEN usage = 'customer' THEN customer_id END AS partner_id
      FROM situation
"""


def backfill_lifecycle(env, lot_ids=None):
    """Give every serial without history its current state and one backfill event.

    Returns the number of serials backfilled. Serials that already have
    events are left alone, so running it again is harmless.
    """
    cr = env.cr
    env.flush_all()
    cr.execute("DROP TABLE IF EXISTS serial_lifecycle_backfill")
    cr.execute(
        "CREATE TEMP TABLE serial_lifecycle_backfill AS " + _BACKFILL_QUERY,
        {"lot_ids": lot_ids},
    )
    # A new temporary table has no statistics; without them the joins below
    # may be planned as nested loops over every serial.
    cr.execute("ANALYZE serial_lifecycle_backfill")
    cr.execute("""
        INSERT INTO stock_lot_lifecycle_event (
            lot_id, product_id, company_id, event_date, event_type, state_after,
            move_id, picking_id, partner_id, location_id, location_dest_id, user_id, note,
            create_uid, create_date, write_uid, write_date)
        SELECT id, product_id, company_id, event_date, 'backfill', state,
               move_id, picking_id, partner_id, from_id, to_id, %(uid)s,
               'State read from the stock history when serial_lifecycle was installed',
               %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
          FROM serial_lifecycle_backfill
    """, {"uid": env.uid})
    cr.execute("""
        UPDATE stock_lot lot
           SET lifecycle_state = backfill.state, lifecycle_partner_id = backfill.partner_id
          FROM serial_lifecycle_backfill backfill
         WHERE backfill.id = lot.id
    """)
    count = cr.rowcount
    cr.execute("DROP TABLE serial_lifecycle_backfill")
    env.invalidate_all()
    return count
