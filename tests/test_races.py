"""Races, settled by the database (issue 10).

Each test runs real concurrent transactions: every ``registry.cursor()`` of a
TransactionCase is a connection of its own (an HttpCase would hand out the
test cursor instead). The data a race needs is committed through a cursor of
its own first, so that both transactions see it; everything committed is
deleted again by SQL in a ``finally`` (lifecycle events cannot be deleted
through the ORM), so the shared test database is left as it was found.

The races are forced, not hoped for: both transactions take their snapshot
(REPEATABLE READ, Odoo's isolation level) before either writes, then the
winner writes and commits before the loser writes, which is the worst
interleaving two users clicking at the same second can produce. The threaded
test lines its threads up on a barrier after their snapshots.

When PostgreSQL settles a race with a serialization failure, Odoo's RPC layer
(``odoo.service.model.retrying``) rolls the loser back and runs its request
again on a fresh snapshot; the tests assert the failure, then retry once the
same way and assert what the user is told.
"""

import re
import threading
from contextlib import contextmanager

from psycopg2 import IntegrityError
from psycopg2.errors import SerializationFailure

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.service.model import _as_validation_error
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


def _ids(values):
    return list({value for value in values if value})


def _purge(
    cr, product_ids=(), partner_ids=(), campaign_ids=(), location_ids=(), bus_after=None
):
    """Delete by SQL what a race committed: the products and all their stock, history
    and documents."""
    product_ids, partner_ids, campaign_ids, location_ids = map(
        list, (product_ids, partner_ids, campaign_ids, location_ids)
    )
    cr.execute("SELECT id FROM stock_lot WHERE product_id = ANY(%s)", (product_ids,))
    lot_ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        "SELECT DISTINCT picking_id FROM stock_move WHERE product_id = "
        "ANY(%s) AND picking_id IS NOT NULL",
        (product_ids,),
    )
    picking_ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        "SELECT product_tmpl_id FROM product_product WHERE id = ANY(%s)", (product_ids,)
    )
    template_ids = [row[0] for row in cr.fetchall()]
    if campaign_ids:
        cr.execute(
            "DELETE FROM serial_recall_unit WHERE campaign_id = ANY(%s)",
            (campaign_ids,),
        )
        cr.execute(
            "DELETE FROM serial_recall_notice WHERE campaign_id = ANY(%s)",
            (campaign_ids,),
        )
        cr.execute(
            "SELECT id FROM stock_picking WHERE recall_campaign_id = ANY(%s)",
            (campaign_ids,),
        )
        picking_ids = _ids(picking_ids + [row[0] for row in cr.fetchall()])
    cr.execute(
        "DELETE FROM stock_lot_lifecycle_event WHERE lot_id = ANY(%s) OR "
        "product_id = ANY(%s)",
        (lot_ids, product_ids),
    )
    cr.execute("SELECT to_regclass('stock_valuation_layer') IS NOT NULL")
    if cr.fetchone()[0]:
        cr.execute(
            "DELETE FROM stock_valuation_layer WHERE product_id = ANY(%s)",
            (product_ids,),
        )
    cr.execute(
        "DELETE FROM stock_move_line WHERE product_id = ANY(%s) OR "
        "picking_id = ANY(%s)",
        (product_ids, picking_ids),
    )
    cr.execute(
        "DELETE FROM stock_move WHERE product_id = ANY(%s) OR picking_id = ANY(%s)",
        (product_ids, picking_ids),
    )
    cr.execute("DELETE FROM stock_picking WHERE id = ANY(%s)", (picking_ids,))
    cr.execute("DELETE FROM stock_quant WHERE product_id = ANY(%s)", (product_ids,))
    if campaign_ids:
        cr.execute(
            "DELETE FROM serial_recall_campaign WHERE id = ANY(%s)", (campaign_ids,)
        )
    cr.execute("DELETE FROM stock_lot WHERE id = ANY(%s)", (lot_ids,))
    for model, res_ids in (
        ("stock.picking", picking_ids),
        ("stock.lot", lot_ids),
        ("serial.recall.campaign", campaign_ids),
        ("product.template", template_ids),
        ("product.product", product_ids),
        ("res.partner", partner_ids),
    ):
        cr.execute(
            "DELETE FROM mail_message WHERE model = %s AND res_id = ANY(%s)",
            (model, res_ids),
        )
        cr.execute(
            "DELETE FROM mail_followers WHERE res_model = %s AND res_id = ANY(%s)",
            (model, res_ids),
        )
    cr.execute("DELETE FROM product_product WHERE id = ANY(%s)", (product_ids,))
    cr.execute("DELETE FROM product_template WHERE id = ANY(%s)", (template_ids,))
    cr.execute("DELETE FROM stock_location WHERE id = ANY(%s)", (location_ids,))
    cr.execute("DELETE FROM res_partner WHERE id = ANY(%s)", (partner_ids,))
    if bus_after is not None:
        # Notes posted on a campaign notify the web clients through the bus.
        cr.execute("DELETE FROM bus_bus WHERE id > %s", (bus_after,))


class RaceCase(TransactionCase):
    """Helpers for races between real transactions."""

    CONTEXT = {"tracking_disable": True}

    def _env(self, cr):
        return self.env(cr=cr, context=self.CONTEXT)

    @contextmanager
    def _committed(self):
        """An environment on a new cursor, committed when the block ends."""
        with self.env.registry.cursor() as cr:
            yield self._env(cr)

    @contextmanager
    def _two_transactions(self, snapshot_model="stock.lot"):
        """Two transactions on two connections, both holding their snapshot before
        either writes."""
        with self.env.registry.cursor() as cr_a, self.env.registry.cursor() as cr_b:
            try:
                env_a, env_b = self._env(cr_a), self._env(cr_b)
                for cr, env in ((cr_a, env_a), (cr_b, env_b)):
                    cr.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                    env[snapshot_model].search_count([])
                yield env_a, env_b
            finally:
                # Nothing a loser did is kept, whatever the test asserted.
                cr_b.rollback()
                cr_a.rollback()

    @staticmethod
    def _retry_as_odoo(env):
        """What odoo.service.model.retrying does before running a request again."""
        env.cr.rollback()
        env.reset()
        env.registry.reset_changes()

    def _bus_last_id(self):
        with self.env.registry.cursor() as cr:
            cr.execute("SELECT COALESCE(MAX(id), 0) FROM bus_bus")
            return cr.fetchone()[0]

    def _cleanup(self, **ids):
        with self.env.registry.cursor() as cr:
            _purge(cr, **ids)

    def _new_serial_product(self, env, name):
        return env["product.product"].create(
            {"name": name, "is_storable": True, "tracking": "serial"}
        )

    def _picking(
        self, env, picking_type, partner, product, destination=None, confirm=True
    ):
        source = picking_type.default_location_src_id or env.ref(
            "stock.stock_location_suppliers"
        )
        destination = (
            destination
            or picking_type.default_location_dest_id
            or env.ref("stock.stock_location_customers")
        )
        picking = env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": partner.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.display_name,
                            "product_id": product.id,
                            "product_uom_qty": 1,
                            "product_uom": product.uom_id.id,
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                        }
                    )
                ],
            }
        )
        if confirm:
            picking.action_confirm()
        return picking

    def _receipt(self, env, warehouse, partner, product, serial):
        """A confirmed receipt of one new serial, typed on its line and picked: ready to
        validate."""
        receipt = self._picking(env, warehouse.in_type_id, partner, product)
        receipt.move_line_ids.lot_name = serial
        receipt.move_ids.picked = True
        return receipt

    def _warehouse(self, env):
        return env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )

    def _read(self, query, params):
        """Rows read by a new transaction: what is committed now."""
        with self.env.registry.cursor() as cr:
            cr.execute(query, params)
            return cr.fetchall()

    def _events(self, lot_id):
        return [
            event_type
            for (event_type,) in self._read(
                "SELECT event_type FROM stock_lot_lifecycle_event WHERE "
                "lot_id = %s ORDER BY id",
                (lot_id,),
            )
        ]


@tagged("post_install", "-at_install")
class TestReceiptRace(RaceCase):
    def test_two_receipts_of_the_same_new_serial_make_one_serial(self):
        """Two receipts typed with the same new serial, validated at the same moment:
        one serial, one receipt."""
        with self._committed() as env:
            warehouse = self._warehouse(env)
            product = self._new_serial_product(env, "Race Receipt Phone")
            vendor = env["res.partner"].create({"name": "Race Receipt Vendor"})
            receipts = [
                self._receipt(env, warehouse, vendor, product, "RACE-IN-0001")
                for _index in range(2)
            ]
            ids = {"product_ids": [product.id], "partner_ids": [vendor.id]}
            receipt_ids = [receipt.id for receipt in receipts]
        try:
            with self._two_transactions() as (env_a, env_b):
                first, second = (
                    env["stock.picking"].browse(receipt_id)
                    for env, receipt_id in zip(
                        (env_a, env_b), receipt_ids, strict=False
                    )
                )
                self.assertIs(first.button_validate(), True)
                env_a.cr.commit()
                # The loser's snapshot does not see the serial: Odoo's check
                # in Python passes, the unique index refuses it, by name.
                with (
                    self.assertRaisesRegex(
                        ValidationError,
                        "Serial number RACE-IN-0001 of Race Receipt Phone "
                        "already exists: another "
                        "user saved it a moment ago",
                    ),
                    mute_logger("odoo.sql_db"),
                ):
                    second.button_validate()
                    env_b.flush_all()
            lots = self._read(
                "SELECT id, lifecycle_state FROM stock_lot WHERE product_id = %s",
                (ids["product_ids"][0],),
            )
            self.assertEqual(len(lots), 1, "one serial RACE-IN-0001")
            self.assertEqual(lots[0][1], "available")
            self.assertEqual(self._events(lots[0][0]), ["receipt"])
            self.assertEqual(
                self._read(
                    "SELECT id, state FROM stock_picking WHERE id = ANY(%s) "
                    "ORDER BY id",
                    (receipt_ids,),
                ),
                [(receipt_ids[0], "done"), (receipt_ids[1], "assigned")],
            )
            self.assertEqual(
                self._read(
                    "SELECT location.complete_name, quant.quantity FROM "
                    "stock_quant quant "
                    "JOIN stock_location location ON location.id = quant.location_id "
                    "WHERE quant.lot_id = %s AND location.usage = 'internal'",
                    (lots[0][0],),
                ),
                [("WH/Stock", 1.0)],
            )
        finally:
            self._cleanup(**ids)


@tagged("post_install", "-at_install")
class TestDeliveryRace(RaceCase):
    def _two_deliveries_of_one_serial(self, name, second_destination=None):
        """Commit a serial in stock and two ready deliveries carrying it on a hand-made
        line."""
        with self._committed() as env:
            warehouse = self._warehouse(env)
            product = self._new_serial_product(env, name)
            vendor = env["res.partner"].create({"name": "Race Delivery Vendor"})
            customer = env["res.partner"].create({"name": "Race Delivery Customer"})
            locations = []
            if second_destination:
                locations = env["stock.location"].create(
                    {
                        "name": second_destination,
                        "usage": "customer",
                        "location_id": env.ref("stock.stock_location_customers").id,
                    }
                )
            receipt = self._receipt(env, warehouse, vendor, product, "RACE-OUT-0001")
            self.assertIs(receipt.button_validate(), True)
            lot = receipt.move_line_ids.lot_id
            deliveries = env["stock.picking"]
            for destination in (None, locations or None):
                delivery = self._picking(
                    env,
                    warehouse.out_type_id,
                    customer,
                    product,
                    destination=destination,
                )
                # Whatever the operation type reserves by itself, the serial is
                # put on the line by hand, as on the detailed operations.
                delivery.do_unreserve()
                env["stock.move.line"].create(
                    {
                        "move_id": delivery.move_ids.id,
                        "picking_id": delivery.id,
                        "product_id": product.id,
                        "lot_id": lot.id,
                        "quantity": 1,
                        "location_id": delivery.location_id.id,
                        "location_dest_id": delivery.location_dest_id.id,
                    }
                )
                delivery.move_ids.picked = True
                deliveries |= delivery
            self.assertEqual(deliveries.mapped("state"), ["assigned", "assigned"])
            self.assertEqual(lot.lifecycle_state, "allocated")
            ids = {
                "product_ids": [product.id],
                "partner_ids": [vendor.id, customer.id],
                "location_ids": locations.ids if locations else [],
            }
        return ids, lot.id, deliveries.ids

    def _race(self, ids, lot_id, delivery_ids):
        with self._two_transactions() as (env_a, env_b):
            first, second = (
                env["stock.picking"].browse(delivery_id)
                for env, delivery_id in zip((env_a, env_b), delivery_ids, strict=False)
            )
            self.assertIs(first.button_validate(), True)
            env_a.cr.commit()
            # The loser still sees the serial allocated on the shelf: the
            # database refuses to let it take the quant the winner has just
            # emptied. That is a serialization failure, which Odoo retries.
            with self.assertRaises(SerializationFailure), mute_logger("odoo.sql_db"):
                second.button_validate()
                env_b.flush_all()
            self._retry_as_odoo(env_b)
            second = env_b["stock.picking"].browse(delivery_ids[1])
            self.assertEqual(
                second.move_line_ids.lot_id.lifecycle_state,
                "shipped",
                "the retry sees the winner",
            )
            # Run again on a fresh snapshot, the serial is gone: it must be refused.
            try:
                with mute_logger("odoo.sql_db"):
                    result = second.button_validate()
                    env_b.flush_all()
            except UserError as error:
                refusal = str(error)
            else:
                # Rolled back here; through RPC, retrying() would commit it.
                self.fail(
                    "the retried second delivery of RACE-OUT-0001 went "
                    "through (button_validate returned {!r}; "
                    "events of the serial in that transaction: {})".format(
                        result,
                        ", ".join(
                            second.move_line_ids.lot_id.lifecycle_event_ids.sorted(
                                "id"
                            ).mapped("event_type")
                        ),
                    )
                )
        self.assertEqual(
            self._read(
                "SELECT id, state FROM stock_picking WHERE id = ANY(%s) ORDER BY id",
                (delivery_ids,),
            ),
            [(delivery_ids[0], "done"), (delivery_ids[1], "assigned")],
        )
        self.assertEqual(
            self._read(
                "SELECT lifecycle_state FROM stock_lot WHERE id = %s", (lot_id,)
            ),
            [("shipped",)],
        )
        self.assertEqual(
            self._events(lot_id).count("delivery"), 1, "one delivery event"
        )
        self.assertEqual(
            self._read(
                "SELECT location.usage, SUM(quant.quantity) FROM stock_quant quant "
                "JOIN stock_location location ON location.id = quant.location_id "
                "WHERE quant.lot_id = %s AND location.usage IN ('internal', "
                "'customer') "
                "GROUP BY location.usage ORDER BY location.usage",
                (lot_id,),
            ),
            [("customer", 1.0), ("internal", 0.0)],
        )
        # The user reads which serial and why: the ledger's refusal.
        self.assertRegex(refusal, r"RACE-OUT-0001 \(Race [^)]*\) is Shipped")

    def test_two_deliveries_of_one_serial_ship_it_once(self):
        """Two deliveries of the same serial validated at the same moment: one ships it,
        the other is refused."""
        ids, lot_id, delivery_ids = self._two_deliveries_of_one_serial(
            "Race Delivery Phone"
        )
        try:
            self._race(ids, lot_id, delivery_ids)
        finally:
            self._cleanup(**ids)

    def test_two_deliveries_to_two_customer_locations_ship_it_once(self):
        """The same race, the second delivery going to another customer location (a
        customer's own)."""
        ids, lot_id, delivery_ids = self._two_deliveries_of_one_serial(
            "Race Delivery Pump", second_destination="Race Customer Site"
        )
        try:
            self._race(ids, lot_id, delivery_ids)
        finally:
            self._cleanup(**ids)


@tagged("post_install", "-at_install")
class TestRecallOpeningRace(RaceCase):
    def test_opening_one_campaign_twice_at_the_same_moment_opens_it_once(self):
        """Two managers open the same draft campaign at the same moment: units and
        quarantine once."""
        serials = ["RACE-RCL-%04d" % number for number in (1, 2, 3)]
        bus_after = self._bus_last_id()
        with self._committed() as env:
            warehouse = self._warehouse(env)
            quarantine_before = (
                env["stock.location"].search([("recall_quarantine", "=", True)]).ids
            )
            product = self._new_serial_product(env, "Race Recall Charger")
            vendor = env["res.partner"].create({"name": "Race Recall Vendor"})
            for serial in serials:
                self.assertIs(
                    self._receipt(
                        env, warehouse, vendor, product, serial
                    ).button_validate(),
                    True,
                )
            campaign = env["serial.recall.campaign"].create(
                {
                    "title": "Race: charger may overheat",
                    "criterion_ids": [
                        Command.create(
                            {
                                "criterion_type": "range",
                                "product_id": product.id,
                                "serial_from": serials[0],
                                "serial_to": serials[-1],
                            }
                        )
                    ],
                }
            )
            campaign.action_preview()
            self.assertEqual(campaign.preview_in_stock, 3)
            ids = {
                "product_ids": [product.id],
                "partner_ids": [vendor.id],
                "campaign_ids": [campaign.id],
            }
            campaign_id, campaign_name = campaign.id, campaign.name
        try:
            with self._two_transactions("serial.recall.campaign") as (env_a, env_b):
                first, second = (
                    env["serial.recall.campaign"].browse(campaign_id)
                    for env in (env_a, env_b)
                )
                self.assertIs(first.action_open(), True)
                env_a.cr.commit()
                # The loser still sees a draft campaign. Whatever the database
                # stops first, the user must be told the campaign is open
                # already, at once or when Odoo runs the request again.
                loser_problem = None
                try:
                    with mute_logger("odoo.sql_db"):
                        second.action_open()
                        env_b.flush_all()
                except SerializationFailure:
                    self._retry_as_odoo(env_b)
                    with self.assertRaisesRegex(
                        UserError,
                        f"Only a draft campaign can be opened; {campaign_name} is open",
                    ):
                        env_b["serial.recall.campaign"].browse(
                            campaign_id
                        ).action_open()
                except UserError as error:
                    if not re.search(
                        f"{re.escape(campaign_name)} (is|was) (already )?open",
                        str(error),
                    ):
                        loser_problem = (
                            f"the second opening was refused with {str(error)!r}"
                        )
                except IntegrityError as error:
                    # Not a concurrency error: Odoo does not run it again but
                    # shows the constraint's message (odoo.service.model.retrying).
                    env_b.cr.rollback()
                    loser_problem = (
                        f"the second opening of {campaign_name} hit the "
                        f"constraint {error.diag.constraint_name}; "
                        "through RPC the user reads "
                        f"{_as_validation_error(env_b, error).args[0]!r} "
                        "instead of "
                        "being told the campaign is open already"
                    )
                else:
                    self.fail(f"{campaign_name} was opened twice")
            self.assertEqual(
                self._read(
                    "SELECT state FROM serial_recall_campaign WHERE id = %s",
                    (campaign_id,),
                ),
                [("open",)],
            )
            units = self._read(
                "SELECT lot.name, unit.status FROM serial_recall_unit unit "
                "JOIN stock_lot lot ON lot.id = unit.lot_id WHERE "
                "unit.campaign_id = %s "
                "ORDER BY lot.name",
                (campaign_id,),
            )
            self.assertEqual(
                units,
                [(serial, "to_quarantine") for serial in serials],
                "one unit per serial",
            )
            events = self._read(
                "SELECT lot.name, COUNT(*) FROM stock_lot_lifecycle_event event "
                "JOIN stock_lot lot ON lot.id = event.lot_id "
                "WHERE lot.product_id = %s AND event.event_type = 'quarantine' "
                "GROUP BY lot.name ORDER BY lot.name",
                (ids["product_ids"][0],),
            )
            self.assertEqual(
                events,
                [(serial, 1) for serial in serials],
                "one quarantine event per serial",
            )
            self.assertEqual(
                self._read(
                    "SELECT lifecycle_state FROM stock_lot WHERE product_id = %s",
                    (ids["product_ids"][0],),
                ),
                [("quarantined",)] * 3,
            )
            self.assertEqual(
                self._read(
                    "SELECT COUNT(*) FROM stock_picking WHERE recall_campaign_id = %s",
                    (campaign_id,),
                ),
                [(1,)],
                "one quarantine transfer",
            )
            self.assertIsNone(loser_problem)
        finally:
            with self.env.registry.cursor() as cr:
                cr.execute(
                    "SELECT id FROM stock_location WHERE recall_quarantine "
                    "AND NOT id = ANY(%s)",
                    (quarantine_before,),
                )
                ids["location_ids"] = [row[0] for row in cr.fetchall()]
            self._cleanup(bus_after=bus_after, **ids)


@tagged("post_install", "-at_install")
class TestSerialTemplateRace(RaceCase):
    USERS = 4
    BLOCK = 5

    def test_four_users_generating_serials_at_once_get_different_serials(self):
        """Four transactions take 5 serials each from one serial template at the same
        moment."""
        with self._committed() as env:
            template = env["product.template"].create(
                {
                    "name": "Race Template Laptop",
                    "is_storable": True,
                    "tracking": "serial",
                    "serial_sequence_use": True,
                    "serial_sequence_prefix": "RACE-SEQ-",
                    "serial_sequence_padding": 6,
                    "serial_sequence_next": 41,
                }
            )
            ids = {"product_ids": template.product_variant_ids.ids}
            template_id = template.id
        registry = self.env.registry
        barrier = threading.Barrier(self.USERS, timeout=20)
        first_try = [None] * self.USERS  # what each user's first attempt met
        taken = [None] * self.USERS
        errors = []

        def user(index):
            try:
                with registry.cursor() as cr:
                    env = self._env(cr)
                    # The snapshot is taken before anyone writes...
                    env["product.template"].browse(template_id).read(
                        ["serial_sequence_prefix"]
                    )
                    barrier.wait()
                    # ... and all of them write at once. Under REPEATABLE READ
                    # the row lock lets one through; the others wait for it and
                    # then fail to serialize: Odoo runs their request again.
                    for attempt in range(self.USERS):
                        try:
                            serials = (
                                env["product.template"]
                                .browse(template_id)
                                ._serial_sequence_take(self.BLOCK)
                            )
                            # Each user's own cursor: the race needs real commits.
                            cr.commit()  # pylint: disable=invalid-commit
                        except SerializationFailure:
                            if attempt == 0:
                                first_try[index] = "serialization failure"
                            self._retry_as_odoo(env)
                            continue
                        if attempt == 0:
                            first_try[index] = "taken"
                        taken[index] = serials
                        break
            except Exception as error:  # reported by the main thread
                errors.append(error)
                barrier.abort()

        try:
            threads = [
                threading.Thread(
                    target=user, args=(index,), name=f"serial-user-{index}"
                )
                for index in range(self.USERS)
            ]
            with mute_logger("odoo.sql_db"):
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(30)
            self.assertFalse(
                [thread.name for thread in threads if thread.is_alive()],
                "threads still running",
            )
            self.assertFalse(errors)
            self.assertEqual(
                sorted(first_try),
                ["serialization failure"] * (self.USERS - 1) + ["taken"],
                "the database lets exactly one through at first",
            )
            self.assertTrue(all(taken), f"every user got serials: {taken}")
            every = [serial for block in taken for serial in block]
            self.assertEqual(
                len(set(every)), self.USERS * self.BLOCK, f"all different: {every}"
            )
            self.assertEqual(
                sorted(every),
                ["RACE-SEQ-%06d" % number for number in range(41, 61)],
                "consecutive, none skipped",
            )
            for block in taken:
                self.assertEqual(
                    block,
                    [
                        "RACE-SEQ-%06d" % number
                        for number in range(
                            int(block[0][-6:]), int(block[0][-6:]) + self.BLOCK
                        )
                    ],
                    "each user's block is consecutive",
                )
            self.assertEqual(
                self._read(
                    "SELECT serial_sequence_next FROM product_template WHERE id = %s",
                    (template_id,),
                ),
                [(61,)],
            )
        finally:
            self._cleanup(**ids)
