import contextlib
import json

from odoo import Command
from odoo.tests import TransactionCase

from ..messages import MESSAGES, render_message
from ..tools.messages import MessageError

USER_ERROR = "odoo.exceptions.UserError"
ACCESS_ERROR = "odoo.exceptions.AccessError"
VALIDATION_ERROR = "odoo.exceptions.ValidationError"


class JsonRpcMixin:
    """For HttpCase tests: call the server as the web client does, as the logged-in
    user."""

    def _call(self, model, method, args, kwargs=None, context=None):
        """Call ``model.method`` through /web/dataset/call_kw; return the JSON
        answer."""
        kwargs = dict(kwargs or {})
        if context is not None:
            kwargs["context"] = context
        # The request runs on the test cursor: what this test wrote must be in
        # the database, and what the request wrote must not be hidden by our cache.
        self.env.flush_all()
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {
                        "model": model,
                        "method": method,
                        "args": args,
                        "kwargs": kwargs,
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.env.invalidate_all()
        return response.json()

    def assertRefused(self, answer, regex, error=USER_ERROR):
        self.assertIn(
            "error",
            answer,
            "the call should have been refused, it answered {!r}".format(
                answer.get("result")
            ),
        )
        data = answer["error"]["data"]
        self.assertEqual(data["name"], error, data["message"])
        if regex:
            self.assertRegex(data["message"], regex)


class MessageCase(TransactionCase):
    """For the helpers of tools/, which return Messages: the tests read them
    as a user does, in English, through the module's message table."""

    messages = MESSAGES

    def words(self, message):
        return render_message(self.env, self.messages, message)

    @contextlib.contextmanager
    def assertRefusal(self, exception_class, pattern):
        """Like assertRaisesRegex, on the words of a MessageError's message."""
        assert issubclass(exception_class, MessageError)
        with self.assertRaises(exception_class) as refused:
            yield refused
        self.assertRegex(self.words(refused.exception.message), pattern)


class SerialLifecycleCase(TransactionCase):
    """Serial products, partners and helpers that run Odoo's real flows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        # Reserve when the test says so, as Odoo's own TestStockCommon does.
        cls.warehouse.out_type_id.reservation_method = "manual"
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.supplier_location = cls.env.ref("stock.stock_location_suppliers")
        cls.customer_location = cls.env.ref("stock.stock_location_customers")
        cls.shelf = cls.env["stock.location"].create(
            {"name": "Shelf Z", "location_id": cls.stock_location.id}
        )
        cls.category = cls.env["product.category"].create({"name": "Tracked Devices"})
        cls.product = cls.env["product.product"].create(
            {
                "name": "Tracked Phone",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": cls.category.id,
            }
        )
        cls.vendor = cls.env["res.partner"].create({"name": "Vendor Components Inc"})
        cls.customer = cls.env["res.partner"].create({"name": "Customer Ada"})
        cls.other_customer = cls.env["res.partner"].create({"name": "Customer Bob"})

    # -- flows -----------------------------------------------------------

    def _create_picking(
        self,
        picking_type,
        partner,
        product=None,
        quantity=1,
        source=None,
        destination=None,
    ):
        product = product or self.product
        source = (
            source or picking_type.default_location_src_id or self.supplier_location
        )
        destination = (
            destination
            or picking_type.default_location_dest_id
            or self.customer_location
        )
        picking = self.env["stock.picking"].create(
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
                            "product_uom_qty": quantity,
                            "product_uom": product.uom_id.id,
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        return picking

    def _receive(self, serials, product=None, partner=None):
        """Receive ``serials`` from the vendor; return the validated receipt."""
        receipt = self._create_picking(
            self.warehouse.in_type_id, partner or self.vendor, product, len(serials)
        )
        for line, serial in zip(receipt.move_line_ids, serials, strict=False):
            line.lot_name = serial
        receipt.move_ids.picked = True
        self._validate(receipt)
        return receipt

    def _deliver(self, count=1, partner=None, product=None, lots=None):
        """Create, confirm and reserve a delivery (of ``lots`` if given); not
        validated."""
        delivery = self._create_picking(
            self.warehouse.out_type_id, partner or self.customer, product, count
        )
        if lots is None:
            delivery.action_assign()
        else:
            self._pick_serials(delivery, lots)
        return delivery

    def _pick_serials(self, picking, lots):
        """Put ``lots`` on the picking's move by hand, as on the detailed operations."""
        self.env["stock.move.line"].create(
            [
                {
                    "move_id": picking.move_ids.id,
                    "picking_id": picking.id,
                    "product_id": lot.product_id.id,
                    "lot_id": lot.id,
                    "quantity": 1,
                    "location_id": picking.location_id.id,
                    "location_dest_id": picking.location_dest_id.id,
                }
                for lot in lots
            ]
        )

    def _lot_dialog_context(self, picking):
        """The context the "Generate Serials" / "Import Serials" dialogs of a receipt
        send."""
        move = picking.move_ids
        return {
            "default_product_id": move.product_id.id,
            "default_tracking": "serial",
            "default_company_id": self.env.company.id,
            "default_location_dest_id": move.location_dest_id.id,
            "default_picking_type_id": picking.picking_type_id.id,
            "default_quantity": 1,
        }

    def _lot_line_vals(self, picking, mode, first_lot=None, count=0, lot_text=None):
        """What the "Generate Serials" / "Import Serials" dialogs of a receipt ask the
        server."""
        context = self._lot_dialog_context(picking)
        return self.env["stock.move"].action_generate_lot_line_vals(
            context, mode, first_lot, count, lot_text
        )

    def _validate(self, picking):
        picking.move_ids.picked = True
        result = picking.button_validate()
        self.assertIs(result, True, f"validation should not need a wizard: {result}")
        self.assertEqual(picking.state, "done")
        return picking

    def _return(self, picking, lots):
        """Return ``lots`` of a done picking through the standard wizard, validated."""
        wizard = (
            self.env["stock.return.picking"]
            .with_context(
                active_id=picking.id,
                active_model="stock.picking",
            )
            .create({})
        )
        wizard.product_return_moves.quantity = len(lots)
        return_picking = self.env["stock.picking"].browse(
            wizard.action_create_returns()["res_id"]
        )
        return_picking.move_line_ids.unlink()
        self._pick_serials(return_picking, lots)
        return self._validate(return_picking)

    def _lots(self, *names, product=None):
        product = product or self.product
        lots = self.env["stock.lot"].search(
            [("product_id", "=", product.id), ("name", "in", names)]
        )
        self.assertEqual(len(lots), len(names), f"serials {names} should exist")
        return lots.sorted(key=lambda lot: names.index(lot.name))

    def _events(self, lot):
        return lot.lifecycle_event_ids.sorted("id")

    def _read_group_checked(self, model, domain, fields_, groupby, report=None):
        """``read_group`` of an analytics report as its pivot calls it, from
        its cube when it has one, checked against the same read from the
        report's own rows; returns the groups."""
        report = self.env[model] if report is None else report
        groups = report.read_group(domain, fields_, groupby, lazy=False)
        if report._serial_cube:
            rows = report.with_context(serial_report_rows=True).read_group(
                domain, fields_, groupby, lazy=False
            )
            self.assertEqual(
                [self._comparable_group(group) for group in groups],
                [self._comparable_group(group) for group in rows],
                f"{model} grouped by {groupby}: the cube and the rows differ",
            )
        return groups

    @staticmethod
    def _comparable_group(group):
        return {
            key: round(value, 9) if isinstance(value, float) else value
            for key, value in group.items()
            if key != "__domain"
        }
