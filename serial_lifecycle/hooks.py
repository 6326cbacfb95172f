"""Install on a database that already holds serials.

Everything here is set-based SQL: a consultant installs the module on a
database with years of history, and one query per serial would take hours.
"""

import logging
import time

from odoo.tools import SQL

from .models.stock_lot import RANGE_INDEX, SCAN_NAME_INDEX, UNIQUE_INDEX
from .models.stock_lot_component import ONE_PARENT_INDEX
from .tools.lifecycle_rules import CUSTOMER_STATES, backfill_state
from .tools.serial_numbers import NUMERIC_KEY_WIDTH, SPLIT_PATTERN

_logger = logging.getLogger(__name__)


# Seconds of the install spent on the backfill: installing from the Apps
# screen runs in one HTTP request, which limit_time_real (120 s by default)
# kills; what is left then is done by a cron, in committed chunks.
INSTALL_BUDGET_SECONDS = 45
BACKFILL_CHUNK = 20000
# The last lot id backfilled while the backfill is not over; absent otherwise.
BACKFILL_CURSOR = "serial_lifecycle.backfill_cursor"


def post_init_hook(env):
    deadline = time.monotonic() + INSTALL_BUDGET_SECONDS
    done = remaining = 0
    while True:
        _looked, count, remaining = backfill_next_chunk(env, BACKFILL_CHUNK)
        done += count
        if not remaining or time.monotonic() > deadline:
            break
    _logger.info(
        "serial_lifecycle: %s serials got their state from their history", done
    )
    if remaining:
        cron = env.ref("serial_lifecycle.ir_cron_lifecycle_backfill")
        cron.active = True
        cron._trigger()
        _logger.warning(
            "serial_lifecycle: the install read the history of the serials up to "
            "lot id %s; the %s lots left are read in the background by the "
            "scheduled action %r, %s at a time. Meanwhile they show the state "
            "Draft, which every stock operation accepts: a serial moved before "
            "its turn gets its state from that move, and the cron leaves it be.",
            env["ir.config_parameter"].sudo().get_param(BACKFILL_CURSOR),
            remaining,
            cron.name,
            BACKFILL_CHUNK,
        )
    report_serial_formats(env)


def backfill_next_chunk(env, size):
    """Backfill serial keys and states of the next ``size`` lots after the cursor.

    Returns (lots looked at, serials backfilled, lots left); the cursor is
    kept while some are left, and removed at the end.
    """
    cr = env.cr
    params = env["ir.config_parameter"].sudo()
    cursor = int(params.get_param(BACKFILL_CURSOR) or 0)
    cr.execute(
        "SELECT id FROM stock_lot WHERE id > %s ORDER BY id LIMIT %s", (cursor, size)
    )
    lot_ids = [row[0] for row in cr.fetchall()]
    count = 0
    if lot_ids:
        backfill_serial_keys(cr, lot_ids)
        count = backfill_lifecycle(env, lot_ids)
        cursor = lot_ids[-1]
    remaining = 0
    if len(lot_ids) == size:
        cr.execute("SELECT count(*) FROM stock_lot WHERE id > %s", (cursor,))
        remaining = cr.fetchone()[0]
    params.set_param(BACKFILL_CURSOR, str(cursor) if remaining else False)
    return len(lot_ids), count, remaining


def report_serial_formats(env):
    """Report, not enforce, the format rules of categories whose serials break them.

    The default rule (GS1 set 82, at most 20 characters) refuses serials such
    as ``serial 1`` that Odoo accepts: on a live database, a category whose
    existing serials break it keeps accepting such serials, and lists those
    that break it, until someone ticks *Enforce Serial Format* on it. One
    query for every category (patterns, none at installation, are checked in
    batches). Returns {category: number of serials breaking its rules}.
    """
    categories = env["product.category"].search([])
    return categories._serial_format_report_breaking()


def uninstall_hook(env):
    """Drop the indexes made by hand in stock.lot's init(): Odoo drops only
    the columns and constraints it knows, and a unique index left behind would
    refuse serials that Odoo alone accepts. The component links' partial
    index goes with their table, dropped here too should the table stay."""
    for index in (UNIQUE_INDEX, RANGE_INDEX, SCAN_NAME_INDEX, ONE_PARENT_INDEX):
        env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(index)))
    # The analytics cubes' percentile over a histogram
    # (report/serial_report_cube_mixin.py).
    env.cr.execute(
        "DROP FUNCTION IF EXISTS serial_report_percentile(float8, float8[], bigint[])"
    )


def backfill_serial_keys(cr, lot_ids=None):
    """Fill prefix, numeric key and suffix of lots that have none, like split_serial().

    One UPDATE on the table alone: a self-join would let a planner with stale
    statistics pick a nested loop, quadratic on a large table.
    """
    digits = "ltrim((regexp_match(name, %(pattern)s))[2], '0')"
    number = f"COALESCE(NULLIF({digits}, ''), '0')"
    cr.execute(
        f"""
        UPDATE stock_lot
           SET serial_prefix = CASE
                   WHEN name ~ %(pattern)s
                   THEN COALESCE((regexp_match(name, %(pattern)s))[1], '')
                   ELSE name END,
               serial_suffix = CASE
                   WHEN name ~ %(pattern)s
                   THEN COALESCE((regexp_match(name, %(pattern)s))[3], '') END,
               serial_numeric_key = CASE
                   WHEN name ~ %(pattern)s
                   THEN lpad({number}, greatest({NUMERIC_KEY_WIDTH}, length({number})),
                             '0') END
         WHERE serial_prefix IS NULL AND (%(lot_ids)s IS NULL OR id = ANY(%(lot_ids)s))
    """,
        {"pattern": SPLIT_PATTERN, "lot_ids": lot_ids},
    )


# Where a serial is now (its single location, or the destination of its last
# done move line), how it got there and whether it is reserved; the state
# these facts give is asked of the transition table (backfill_state), once
# per distinct combination, so that the backfill and the live path agree.
_BACKFILL_QUERY = """
    WITH serial_lot AS (
        SELECT lot.id, lot.product_id, lot.company_id, lot.location_id, lot.create_date
          FROM stock_lot lot
          JOIN product_product pp ON pp.id = lot.product_id
          JOIN product_template pt ON pt.id = pp.product_tmpl_id
         WHERE pt.tracking = 'serial'
           AND (%(lot_ids)s IS NULL OR lot.id = ANY(%(lot_ids)s))
           AND NOT EXISTS (SELECT 1 FROM stock_lot_lifecycle_event e WHERE e.lot_id =
               lot.id)
    ), last_line AS (
        SELECT DISTINCT ON (ml.lot_id)
               ml.lot_id, ml.move_id, ml.picking_id, ml.location_id,
                   ml.location_dest_id, ml.date
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
        SELECT serial_lot.*, here.usage, here.scrap_location, came_from.usage AS
            came_from_usage,
               last_line.move_id, last_line.picking_id, last_line.location_id AS
                   from_id,
               last_line.location_dest_id AS to_id, last_line.date AS last_date,
               reserved.lot_id IS NOT NULL AS is_reserved, last_delivery.partner_id AS
                   customer_id
          FROM serial_lot
     LEFT JOIN last_line ON last_line.lot_id = serial_lot.id
     LEFT JOIN stock_location here ON here.id = COALESCE(serial_lot.location_id,
         last_line.location_dest_id)
     LEFT JOIN stock_location came_from ON came_from.id = last_line.location_id
     LEFT JOIN reserved ON reserved.lot_id = serial_lot.id
     LEFT JOIN last_delivery ON last_delivery.lot_id = serial_lot.id
    )
    SELECT id, product_id, company_id, move_id, picking_id, from_id, to_id,
           COALESCE(last_date, create_date, now() AT TIME ZONE 'UTC') AS event_date,
           usage, COALESCE(scrap_location, FALSE) AS scrap_location, came_from_usage,
               is_reserved,
           customer_id, NULL::varchar AS state
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
    _backfill_states_from_table(env)
    cr.execute(
        """
        INSERT INTO stock_lot_lifecycle_event (
            lot_id, product_id, company_id, event_date, event_type, state_after,
            move_id, picking_id, reference, partner_id, location_id, location_dest_id,
                user_id, note,
            create_uid, create_date, write_uid, write_date)
        SELECT backfill.id, backfill.product_id, backfill.company_id,
            backfill.event_date, 'backfill',
               backfill.state, backfill.move_id, backfill.picking_id, picking.name,
               CASE WHEN backfill.state IN %(customer_states)s THEN backfill.customer_id
                   END,
               backfill.from_id, backfill.to_id, %(uid)s,
               'State read from the stock history when serial_lifecycle was installed',
               %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
          FROM serial_lifecycle_backfill backfill
     LEFT JOIN stock_picking picking ON picking.id = backfill.picking_id
     RETURNING id
    """,
        {"uid": env.uid, "customer_states": CUSTOMER_STATES},
    )
    event_ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        """
        UPDATE stock_lot lot
           SET lifecycle_state = backfill.state,
               lifecycle_partner_id = CASE WHEN backfill.state IN %(customer_states)s
                   THEN backfill.customer_id END
          FROM serial_lifecycle_backfill backfill
         WHERE backfill.id = lot.id
    """,
        {"customer_states": CUSTOMER_STATES},
    )
    count = cr.rowcount
    cr.execute("DROP TABLE serial_lifecycle_backfill")
    env.invalidate_all()
    # A serial at a customer since before the install: its backfill event is its first
    # delivery. (Only the new events: the ledger may hold a million already.)
    env["stock.lot"]._lifecycle_set_first_events(event_ids)
    return count


def _backfill_states_from_table(env):
    """Fill the state of each backfilled serial from the transition table.

    The facts come in few distinct combinations (a dozen on a real
    database), so this costs two queries whatever the number of serials.
    """
    cr = env.cr
    cr.execute("""
        SELECT DISTINCT usage, scrap_location, came_from_usage, is_reserved FROM
            serial_lifecycle_backfill
    """)
    transitions = env["stock.lot.lifecycle.event"]._lifecycle_transitions()
    combinations = [
        (*facts, backfill_state(*facts, transitions)) for facts in cr.fetchall()
    ]
    if not combinations:
        return
    cr.execute(
        """
        UPDATE serial_lifecycle_backfill backfill
           SET state = facts.state
          FROM (VALUES {}) AS facts (usage, scrap_location, came_from_usage,
              is_reserved, state)
         WHERE backfill.usage IS NOT DISTINCT FROM facts.usage
           AND backfill.scrap_location = facts.scrap_location
           AND backfill.came_from_usage IS NOT DISTINCT FROM facts.came_from_usage
           AND backfill.is_reserved = facts.is_reserved
    """.format(
            ", ".join(
                ["(%s::varchar, %s::bool, %s::varchar, %s::bool, %s::varchar)"]
                * len(combinations)
            )
        ),
        [value for row in combinations for value in row],
    )
