"""Component links under concurrency: the database settles who wins (see test_races.py).

Two users fitting the same battery into two units at once, and two users
fitting two units into each other at once: the loser's transaction fails
with a serialization error (the rows of the serials concerned are written by
both), Odoo runs it again, and it is then refused by name.
"""

from psycopg2.errors import SerializationFailure
from test_races import RaceCase  # tests/ is no package: pytest puts it on the path

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestComponentLinkRaces(RaceCase):
    def _setup_serials(self, *names):
        with self._committed() as env:
            product = self._new_serial_product(env, "Race Genealogy Part")
            lots = env["stock.lot"].create(
                [{"name": name, "product_id": product.id} for name in names]
            )
            return product.id, lots.ids

    def _cleanup_links(self, product_id, lot_ids):
        with self.env.registry.cursor() as cr:
            cr.execute(
                "DELETE FROM stock_lot_component WHERE parent_lot_id = "
                "ANY(%s) OR component_lot_id = ANY(%s)",
                (lot_ids, lot_ids),
            )
            cr.execute(
                "DELETE FROM stock_lot_lifecycle_event WHERE linked_lot_id = ANY(%s)",
                (lot_ids,),
            )
        self._cleanup(product_ids=[product_id])

    def _race(self, lot_ids, first_pair, second_pair, refusal):
        with self._two_transactions() as (env_a, env_b):
            env_a["stock.lot"]._component_install(
                [
                    {
                        "parent_lot_id": lot_ids[first_pair[0]],
                        "component_lot_id": lot_ids[first_pair[1]],
                    }
                ]
            )
            env_a.cr.commit()
            second = [
                {
                    "parent_lot_id": lot_ids[second_pair[0]],
                    "component_lot_id": lot_ids[second_pair[1]],
                }
            ]
            with self.assertRaises(SerializationFailure), mute_logger("odoo.sql_db"):
                env_b["stock.lot"]._component_install(second)
            self._retry_as_odoo(env_b)
            with self.assertRaisesRegex(UserError, refusal):
                env_b["stock.lot"]._component_install(second)

    def test_one_battery_fitted_into_two_units_at_once(self):
        product_id, lot_ids = self._setup_serials("RG-U1", "RG-U2", "RG-B1")
        try:
            self._race(
                lot_ids,
                (0, 2),
                (1, 2),
                "RG-B1 is inside RG-U1: remove it from there first",
            )
            rows = self._read(
                "SELECT parent_lot_id FROM stock_lot_component WHERE "
                "component_lot_id = %s",
                (lot_ids[2],),
            )
            self.assertEqual(rows, [(lot_ids[0],)])
        finally:
            self._cleanup_links(product_id, lot_ids)

    def test_two_units_fitted_into_each_other_at_once(self):
        product_id, lot_ids = self._setup_serials("RG-A", "RG-B")
        try:
            self._race(
                lot_ids, (0, 1), (1, 0), "RG-A cannot go into RG-B: RG-B is inside RG-A"
            )
            rows = self._read(
                "SELECT parent_lot_id, component_lot_id FROM stock_lot_component "
                "WHERE component_lot_id = ANY(%s)",
                (lot_ids,),
            )
            self.assertEqual(rows, [(lot_ids[0], lot_ids[1])])
        finally:
            self._cleanup_links(product_id, lot_ids)
