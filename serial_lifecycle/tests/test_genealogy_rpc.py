"""A plain Inventory user writes component links only through the wizard, over JSON-RPC
too."""

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ACCESS_ERROR, USER_ERROR, JsonRpcMixin, SerialLifecycleCase


@tagged("post_install", "-at_install")
class TestGenealogyOverRpc(JsonRpcMixin, HttpCase, SerialLifecycleCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = new_test_user(
            cls.env,
            "genealogy_clerk",
            password="genealogy_clerk",
            groups="stock.group_stock_user",
        )

    def setUp(self):
        super().setUp()
        self._receive(["RPC-L1", "RPC-L2", "RPC-B1", "RPC-B2"])
        self.unit, self.unit2, self.part, self.part2 = self._lots(
            "RPC-L1", "RPC-L2", "RPC-B1", "RPC-B2"
        )
        self.env["stock.lot"]._component_install(
            [{"parent_lot_id": self.unit.id, "component_lot_id": self.part.id}]
        )
        self.link = self.unit.component_link_ids
        self.authenticate("genealogy_clerk", "genealogy_clerk")

    def test_links_cannot_be_created_written_or_deleted_over_rpc(self):
        Link = "stock.lot.component"
        answer = self._call(
            Link,
            "create",
            [{"parent_lot_id": self.unit2.id, "component_lot_id": self.part2.id}],
        )
        self.assertRefused(answer, "", ACCESS_ERROR)
        answer = self._call(
            Link, "write", [self.link.ids, {"date_end": "2026-01-01 00:00:00"}]
        )
        self.assertRefused(answer, "", ACCESS_ERROR)
        answer = self._call(Link, "unlink", [self.link.ids])
        self.assertRefused(answer, "", ACCESS_ERROR)
        # Nor with a context asking to be let in.
        answer = self._call(
            Link,
            "create",
            [{"parent_lot_id": self.unit2.id, "component_lot_id": self.part2.id}],
            context={"links_unlocked": True},
        )
        self.assertRefused(answer, "", ACCESS_ERROR)
        # The private writers are not callable from outside.
        answer = self._call(
            "stock.lot",
            "_component_install",
            [[{"parent_lot_id": self.unit2.id, "component_lot_id": self.part2.id}]],
        )
        self.assertRefused(answer, "[Pp]rivate", ACCESS_ERROR)
        self.assertFalse(self.unit2.component_link_ids)
        self.assertFalse(self.link.date_end)
        # Reading is allowed.
        answer = self._call(
            Link, "search_read", [[("id", "=", self.link.id)], ["component_lot_id"]]
        )
        self.assertEqual(answer["result"][0]["component_lot_id"][0], self.part.id)

    def test_the_wizard_is_the_way_and_refuses_by_name(self):
        answer = self._call(
            "stock.lot.component.wizard",
            "create",
            [
                {
                    "parent_lot_id": self.unit2.id,
                    "mode": "install",
                    "component_lot_ids": [Command.set(self.part.ids)],
                }
            ],
        )
        answer = self._call(
            "stock.lot.component.wizard", "action_confirm", [[answer["result"]]]
        )
        self.assertRefused(
            answer, "RPC-B1 is inside RPC-L1: remove it from there first", USER_ERROR
        )
        answer = self._call(
            "stock.lot.component.wizard",
            "create",
            [
                {
                    "parent_lot_id": self.unit2.id,
                    "mode": "install",
                    "component_lot_ids": [Command.set(self.part2.ids)],
                }
            ],
        )
        answer = self._call(
            "stock.lot.component.wizard", "action_confirm", [[answer["result"]]]
        )
        self.assertNotIn("error", answer, answer)
        self.assertEqual(self.part2.parent_lot_id, self.unit2)
        self.assertEqual(self.unit2.component_link_ids.user_id, self.clerk)
