"""What a recall manager sees on the campaign screens (issues 10 and 17)."""

import re

from lxml import etree

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import SerialRecallCase


@tagged("post_install", "-at_install")
class TestRecallScreens(SerialRecallCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.email = "recalls@example.com"
        cls.manager = cls.env["res.users"].create(
            {
                "name": "Recall Manager Without Mail",
                "login": "recall_manager_no_mail",
                "email": False,
                "groups_id": [
                    Command.set(
                        [
                            cls.env.ref(
                                "serial_lifecycle.group_serial_lifecycle_manager"
                            ).id,
                            cls.env.ref("stock.group_stock_manager").id,
                        ]
                    )
                ],
            }
        )

    def _opened(self, *criteria, title="Overheating battery"):
        campaign = self._campaign(*criteria, title=title)
        campaign.action_preview()
        campaign.action_open()
        return campaign

    def _confirmation(self, campaign, action):
        """The confirmation dialog a button of ``campaign`` opens, as its user sees
        it."""
        self.assertEqual(
            (action["type"], action["target"]), ("ir.actions.act_window", "new")
        )
        return Form(campaign.env[action["res_model"]].with_context(**action["context"]))

    def _form_button(self, string):
        arch = self.env["serial.recall.campaign"].get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        buttons = etree.fromstring(arch).xpath(f"//header/button[@string='{string}']")
        self.assertEqual(len(buttons), 1)
        return buttons[0]

    # ------------------------------------------------------------------
    # 1. Confirmations that say what will happen
    # ------------------------------------------------------------------

    def test_open_asks_first_saying_how_many_units_and_customers(self):
        button = self._form_button("Open Campaign")
        self.assertEqual(button.get("name"), "action_confirm_open")
        self.assertIsNone(
            button.get("confirm"),
            "the dialog with the counts replaces the generic question",
        )
        campaign = self._campaign(self._range("SN-000100", "SN-000105"))
        campaign.action_preview()
        dialog = self._confirmation(campaign, campaign.action_confirm_open())
        self.assertEqual(
            dialog.summary,
            "This will quarantine 2 units in stock at 1 warehouse and record "
            "3 units held by 2 customers, "
            "to notify next.\n1 unit is closed at once: gone before the recall.",
        )
        # Nothing happened yet: the dialog only counts (Cancel leaves everything as it
        # was).
        self.assertEqual(campaign.state, "draft")
        self.assertFalse(campaign.unit_ids)
        self.assertEqual(self._lots("SN-000105").lifecycle_state, "available")
        dialog.save().action_confirm()
        self.assertEqual(campaign.state, "open")
        self.assertEqual(
            set(self._lots("SN-000103", "SN-000105").mapped("lifecycle_state")),
            {"quarantined"},
        )

    def test_notify_asks_first_saying_how_many_customers_are_mailed(self):
        button = self._form_button("Notify Customers")
        self.assertEqual(button.get("name"), "action_confirm_notify")
        self.other_customer.email = False
        campaign = self._opened(self._range("SN-000100", "SN-000110"))
        dialog = self._confirmation(campaign, campaign.action_confirm_notify())
        self.assertEqual(
            dialog.summary,
            "This will notify 2 customers about their 4 units, by e-mail "
            f"from {self.env.company.email_formatted}.\n"
            "1 customer has no e-mail address and will find the notice in "
            "their history only: Customer Bob.",
        )
        self.assertFalse(
            campaign.notice_ids, "nobody is mailed before the confirmation"
        )
        dialog.save().action_confirm()
        self.assertEqual(
            campaign.notice_ids.partner_id, self.customer | self.other_customer
        )

    def test_the_confirmations_keep_the_manager_check(self):
        clerk = self.env["res.users"].create(
            {
                "name": "Recall Clerk",
                "login": "recall_screens_clerk",
                "groups_id": [
                    Command.set(
                        [
                            self.env.ref(
                                "serial_lifecycle.group_serial_lifecycle_user"
                            ).id,
                            self.env.ref("stock.group_stock_user").id,
                        ]
                    )
                ],
            }
        )
        campaign = self._campaign(self._range("SN-000105", "SN-000105"))
        campaign.action_preview()
        with self.assertRaisesRegex(AccessError, "Only a Serial Lifecycle manager"):
            campaign.with_user(clerk).action_confirm_open()
        wizard = self.env["serial.recall.confirm.wizard"].create(
            {"campaign_id": campaign.id, "action": "open"}
        )
        with self.assertRaisesRegex(AccessError, "Only a Serial Lifecycle manager"):
            wizard.with_user(clerk).action_confirm()
        self.assertEqual(campaign.state, "draft")

    # ------------------------------------------------------------------
    # 2. Quarantine transfers ready to process, shown on the campaign
    # ------------------------------------------------------------------

    def test_quarantine_transfers_are_ready_and_listed_on_the_campaign(self):
        campaign = self._opened(self._range("SN-000103", "SN-000106"))
        transfer = campaign.transfer_ids
        self.assertEqual(len(transfer), 1)
        self.assertEqual(
            transfer.state,
            "assigned",
            "confirmed and reserved: the warehouse only validates it",
        )
        self.assertEqual(
            transfer.move_line_ids.lot_id,
            self._lots("SN-000103", "SN-000105", "SN-000106"),
        )
        form = Form(campaign)
        self.assertEqual(form.transfer_count, 1)
        self.assertEqual(len(form.transfer_ids), 1)
        arch = etree.fromstring(
            campaign.get_views([(False, "form")])["views"]["form"]["arch"]
        )
        page = arch.xpath("//page[@name='transfers']")
        self.assertEqual(len(page), 1)
        self.assertEqual(
            [
                field.get("name")
                for field in page[0].xpath(".//field[@name='transfer_ids']/list/field")
            ],
            ["name", "location_id", "location_dest_id", "scheduled_date", "state"],
        )

    def test_a_backorder_of_a_quarantine_transfer_stays_with_the_campaign(self):
        campaign = self._opened(self._range("SN-000105", "SN-000107"))
        transfer = campaign.transfer_ids
        (
            transfer.move_line_ids
            - transfer.move_line_ids.filtered(
                lambda line: line.lot_id.name == "SN-000105"
            )
        ).unlink()
        transfer.move_ids.picked = True
        result = transfer.button_validate()
        self.assertEqual(result["res_model"], "stock.backorder.confirmation")
        Form.from_action(self.env, result).save().process()
        backorder = transfer.backorder_ids
        self.assertEqual(backorder.recall_campaign_id, campaign)
        self.assertEqual(campaign.transfer_ids, transfer | backorder)
        self.assertEqual(backorder.state, "assigned")
        self.assertEqual(
            backorder.move_line_ids.lot_id,
            self._lots("SN-000106", "SN-000107"),
            "the backorder reserves the recalled serials, not any unit of the product",
        )
        self._validate(backorder)
        self.assertEqual(set(campaign.unit_ids.mapped("status")), {"quarantined"})

    # ------------------------------------------------------------------
    # 3. A unit's status follows its serial
    # ------------------------------------------------------------------

    def test_a_serial_already_in_quarantine_is_a_quarantined_unit_at_once(self):
        first = self._opened(self._range("SN-000105", "SN-000105"))
        self._validate(first.transfer_ids)
        quarantine = self._lots("SN-000105").location_id
        first.action_release()
        first.action_close()
        self.assertEqual(
            self._lots("SN-000105").location_id,
            quarantine,
            "released, still on the quarantine shelf",
        )
        second = self._opened(
            self._range("SN-000105", "SN-000107"), title="Loose screen"
        )
        status = {unit.lot_id.name: unit.status for unit in second.unit_ids}
        self.assertEqual(
            status,
            {
                "SN-000105": "quarantined",
                "SN-000106": "to_quarantine",
                "SN-000107": "to_quarantine",
            },
        )
        self.assertEqual(self._units(second, "SN-000105").warehouse_id, self.warehouse)
        self.assertEqual(
            second.transfer_ids.move_ids.product_uom_qty,
            2,
            "nothing to move for SN-000105",
        )
        self.assertEqual(
            second.transfer_ids.move_line_ids.lot_id,
            self._lots("SN-000106", "SN-000107"),
        )
        self.assertEqual(second.transfer_ids.state, "assigned")

    def test_units_follow_serials_lost_found_and_returned(self):
        self._lots("SN-000102")._lifecycle_apply_manual_action(
            "lost", fields.Datetime.now(), "Bob lost it"
        )
        campaign = self._opened(
            self._range("SN-000102", "SN-000102"), self._range("SN-000107", "SN-000108")
        )
        self.assertEqual(
            {unit.lot_id.name: unit.status for unit in campaign.unit_ids},
            {
                "SN-000102": "not_found",
                "SN-000107": "to_quarantine",
                "SN-000108": "to_quarantine",
            },
        )
        unit_107, unit_108 = (
            self._units(campaign, "SN-000107"),
            self._units(campaign, "SN-000108"),
        )

        # A count finds SN-000108 missing, then finds it again.
        quant = self._lots("SN-000108").quant_ids.filtered(
            lambda quant: quant.location_id == self.stock_location
        )
        quant.with_context(inventory_mode=True).write({"inventory_quantity": 0})
        quant.action_apply_inventory()
        self.assertEqual(self._lots("SN-000108").lifecycle_state, "lost")
        self.assertEqual(unit_108.status, "not_found")
        self.assertEqual(
            campaign.transfer_ids.move_line_ids.lot_id, self._lots("SN-000107")
        )
        self.env["stock.quant"].with_context(inventory_mode=True).create(
            {
                "product_id": self.product.id,
                "lot_id": self._lots("SN-000108").id,
                "location_id": self.stock_location.id,
                "inventory_quantity": 1,
            }
        ).action_apply_inventory()
        self.assertEqual(self._lots("SN-000108").lifecycle_state, "quarantined")
        self.assertEqual(
            unit_108.status, "to_quarantine", "back on a shelf: to move to quarantine"
        )
        self.assertEqual(
            len(campaign.transfer_ids), 2, "a ready transfer takes the unit found again"
        )
        found_transfer = campaign.transfer_ids.filtered(
            lambda picking: picking.state == "assigned"
            and picking.move_line_ids.lot_id.name == "SN-000108"
        )
        self.assertTrue(found_transfer)

        # The quarantine transfers are done (without the lost unit): the units are
        # quarantined.
        for transfer in campaign.transfer_ids:
            transfer.move_ids.picked = True
            result = transfer.button_validate()
            if result is not True:
                Form.from_action(self.env, result).save().process_cancel_backorder()
            self.assertEqual(transfer.state, "done")
        self.assertEqual(
            (unit_107.status, unit_108.status), ("quarantined", "quarantined")
        )

        # Bob finds SN-000102 and sends it back: it lands quarantined, the unit is
        # returned.
        returned = self._return(self.to_bob, self._lots("SN-000102"))
        self.assertEqual(self._lots("SN-000102").lifecycle_state, "quarantined")
        unit_102 = self._units(campaign, "SN-000102")
        self.assertEqual(
            (unit_102.status, unit_102.return_picking_id), ("returned", returned)
        )
        self.assertEqual(unit_102.warehouse_id, self.warehouse)

    # ------------------------------------------------------------------
    # 4. Empty values in the summary and the customer mail
    # ------------------------------------------------------------------

    def test_summary_prints_no_none_and_the_mail_subject_is_complete(self):
        campaign = self._opened(self._range("SN-000100", "SN-000105"))
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "serial_recall.serial_recall_campaign_report", campaign.ids
            )[0]
            .decode()
        )
        self.assertNotIn("None", html)
        by_warehouse = [
            label for label, _counts, _total in campaign._report_counts("warehouse_id")
        ]
        self.assertEqual(
            by_warehouse,
            [self.warehouse.display_name, "-"],
            "units in no warehouse come last, as a dash",
        )
        by_customer = [
            label for label, _counts, _total in campaign._report_counts("partner_id")
        ]
        self.assertEqual(by_customer, ["Customer Ada", "Customer Bob", "-"])

        campaign.title = " "
        campaign.action_notify_customers()
        subjects = set(campaign.notice_ids.message_id.mapped("subject"))
        self.assertEqual(subjects, {f"Product recall {campaign.name}: Tracked Phone"})
        self.assertEqual(campaign.headline, f"{campaign.name}: Tracked Phone")
        campaign.title = "Overheating battery"
        self.assertEqual(campaign.headline, f"{campaign.name}: Overheating battery")

    # ------------------------------------------------------------------
    # 5. Opening and notifying do not depend on the user's e-mail address
    # ------------------------------------------------------------------

    def test_a_manager_without_email_opens_and_notifies_from_the_company(self):
        campaign = self._campaign(self._range("SN-000100", "SN-000105")).with_user(
            self.manager
        )
        campaign.action_preview()
        self._confirmation(
            campaign, campaign.action_confirm_open()
        ).save().action_confirm()
        self.assertEqual(campaign.state, "open")
        opened = campaign.message_ids.filtered(
            lambda message: "Campaign opened" in (message.body or "")
        )
        self.assertEqual(opened.author_id, self.env.company.partner_id)
        self.assertEqual(opened.email_from, self.env.company.email_formatted)

        campaign.action_notify_customers()
        for notice in campaign.notice_ids:
            self.assertEqual(notice.message_id.author_id, self.env.company.partner_id)
            self.assertEqual(
                notice.message_id.email_from,
                self.env.company.email_formatted,
                "customers get the notice from the company's address",
            )
            self.assertIn(notice.partner_id, notice.message_id.partner_ids)

    def test_notices_need_an_address_to_come_from(self):
        campaign = self._opened(self._range("SN-000100", "SN-000102"))
        self.env.company.email = False
        with self.assertRaisesRegex(
            UserError, re.escape(f"{self.env.company.name} has no e-mail address")
        ):
            campaign.with_user(self.manager).action_notify_customers()
        self.assertFalse(campaign.notice_ids)
        self.assertEqual(set(campaign.unit_ids.mapped("status")), {"at_customer"})

    # ------------------------------------------------------------------
    # 6. Control characters in a range or a list
    # ------------------------------------------------------------------

    def test_control_characters_in_a_range_or_list_are_refused_by_name(self):
        campaign = self._campaign(self._range("SN-000100", "SN-000105"))
        criterion = campaign.criterion_ids
        with self.assertRaisesRegex(
            UserError, r"Last Serial: 'SN-0001\\x0005' contains control characters"
        ):
            criterion.write({"serial_to": "SN-0001\x0005"})
        self.assertEqual(criterion.serial_to, "SN-000105", "nothing written")
        listed = self._campaign(
            {
                "criterion_type": "list",
                "product_id": self.product.id,
                "serial_list": "SN-000100",
            }
        )
        with self.assertRaisesRegex(
            UserError, r"Serials: 'SN-0001\\x0101' contains control characters"
        ):
            listed.criterion_ids.write({"serial_list": "SN-000100\nSN-0001\x0101"})
        self.assertEqual(listed.criterion_ids.serial_list, "SN-000100")
        with self.assertRaisesRegex(
            UserError, r"First Serial: 'SN\\x00' contains control characters"
        ):
            campaign.write(
                {"criterion_ids": [Command.create(self._range("SN\x00", "SN-000105"))]}
            )
        self.assertEqual(campaign.criterion_ids, criterion, "no line added")
        # Separators of a pasted list (tabs, new lines) are not control characters of a
        # serial.
        listed.criterion_ids.write({"serial_list": "SN-000100\tSN-000101\r\n"})
        listed.action_preview()
        self.assertEqual(listed.preview_total, 2)
