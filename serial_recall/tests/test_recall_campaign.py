from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import SerialRecallCase


@tagged("post_install", "-at_install")
class TestRecallCampaign(SerialRecallCase):
    def test_preview_counts_the_range_by_situation(self):
        campaign = self._campaign(self._range("SN-000100", "SN-000105"))
        self.assertTrue(campaign.name.startswith("RCL/"))
        campaign.action_preview()
        self.assertEqual(
            (
                campaign.preview_total,
                campaign.preview_in_stock,
                campaign.preview_reserved,
                campaign.preview_at_customer,
                campaign.preview_scrapped,
                campaign.preview_other,
            ),
            (6, 1, 1, 3, 1, 0),
        )
        self.assertEqual(
            sorted(campaign.preview_lot_ids.mapped("name")),
            ["SN-%06d" % n for n in range(100, 106)],
        )
        self.assertFalse(campaign.unit_ids, "a preview changes nothing")
        self.assertEqual(self._lots("SN-000105").lifecycle_state, "available")

    def test_selection_by_supplier_purchase_order_production_date_and_list(self):
        by_supplier = self._campaign(
            {"criterion_type": "supplier", "partner_id": self.second_vendor.id}
        )
        by_supplier.action_preview()
        self.assertEqual(
            sorted(by_supplier.preview_lot_ids.mapped("name")),
            ["SN-%06d" % n for n in range(110, 120)],
        )
        by_order = self._campaign(
            {
                "criterion_type": "purchase",
                "purchase_ids": [Command.set(self.purchase.ids)],
            }
        )
        by_order.action_preview()
        self.assertEqual(
            sorted(by_order.preview_lot_ids.mapped("name")),
            ["SN-%06d" % n for n in range(100, 110)],
        )
        by_date = self._campaign(
            {
                "criterion_type": "production_date",
                "date_from": "2026-02-01",
                "date_to": "2026-03-31",
            },
            {
                "criterion_type": "list",
                "product_id": self.product.id,
                "serial_list": "SN-000100\nSN-000101, SN-000100",
            },
        )
        by_date.action_preview()
        self.assertEqual(
            by_date.preview_total,
            12,
            "the union of the criteria: ten from March and two listed",
        )
        self.assertEqual(by_date.preview_at_customer, 3)

    def test_selection_by_component_climbs_every_level(self):
        """Serials built from a component serial, through the links manufacturing
        writes.

        mrp is not a dependency, so the links it records when a production is
        done (finished move line -> consumed move lines) are written here on
        the receipt lines: a cell inside a battery pack inside phone SN-000105.
        """
        cell_product = self.env["product.product"].create(
            {"name": "Cell", "is_storable": True, "tracking": "serial"}
        )
        pack_product = self.env["product.product"].create(
            {"name": "Pack", "is_storable": True, "tracking": "serial"}
        )
        cell_line = self._receive(["CELL-1"], product=cell_product).move_line_ids
        pack_line = self._receive(["PACK-1"], product=pack_product).move_line_ids
        phone_line = self.purchase.picking_ids.move_line_ids.filtered(
            lambda line: line.lot_id.name == "SN-000105"
        )
        pack_line.consume_line_ids = cell_line
        phone_line.consume_line_ids = pack_line
        campaign = self._campaign(
            {
                "criterion_type": "component",
                "component_lot_ids": [Command.set(cell_line.lot_id.ids)],
            }
        )
        campaign.action_preview()
        self.assertEqual(
            set(campaign.preview_lot_ids.mapped("name")), {"PACK-1", "SN-000105"}
        )
        narrowed = self._campaign(
            {
                "criterion_type": "component",
                "product_id": self.product.id,
                "component_lot_ids": [Command.set(cell_line.lot_id.ids)],
            }
        )
        narrowed.action_preview()
        self.assertEqual(narrowed.preview_lot_ids.mapped("name"), ["SN-000105"])

    def test_open_quarantines_exactly_the_units_in_stock_and_refuses_to_ship_them(self):
        campaign = self._campaign(self._range("SN-000100", "SN-000105"))
        campaign.action_preview()
        campaign.action_open()
        self.assertEqual(campaign.state, "open")
        status = {unit.lot_id.name: unit.status for unit in campaign.unit_ids}
        self.assertEqual(
            status,
            {
                "SN-000100": "at_customer",
                "SN-000101": "at_customer",
                "SN-000102": "at_customer",
                "SN-000103": "to_quarantine",
                "SN-000104": "closed",
                "SN-000105": "to_quarantine",
            },
        )
        self.assertEqual(self._units(campaign, "SN-000100").partner_id, self.customer)
        in_stock = self._lots("SN-000103", "SN-000105")
        self.assertEqual(set(in_stock.mapped("lifecycle_state")), {"quarantined"})
        event = self._events(self._lots("SN-000105"))[-1]
        self.assertEqual(
            (event.event_type, event.res_model, event.res_id),
            ("quarantine", campaign._name, campaign.id),
        )
        self.assertIn(campaign.name, event.note)
        flags = self._lots("SN-000101")._serial_status_flags()[
            self._lots("SN-000101").id
        ]
        self.assertIn(
            ("recall", "danger"), [(flag["code"], flag["level"]) for flag in flags]
        )
        self.assertIn(campaign.name, flags[-1]["label"])
        self.assertEqual(self._lots("SN-000101").recall_count, 1)
        self.assertEqual(self._lots("SN-000107").recall_count, 0)
        self.assertEqual(
            self.env["serial.recall.unit"].search(
                self._lots("SN-000101").action_view_recall_units()["domain"]
            ),
            self._units(campaign, "SN-000101"),
        )
        self.assertEqual(
            self.env["stock.picking"].search(
                campaign.action_view_transfers()["domain"]
            ),
            campaign.transfer_ids,
        )
        self.assertEqual(
            len(
                self.env["serial.recall.unit"].search(
                    campaign.action_view_units()["domain"]
                )
            ),
            6,
        )
        # Outside the range nothing changed.
        self.assertEqual(
            self._lots("SN-000106").lifecycle_state,
            "allocated",
            "the delivery that had reserved SN-000103 took another unit",
        )
        self.assertEqual(
            self.pending_delivery.move_line_ids.lot_id, self._lots("SN-000106")
        )
        self.assertEqual(self._lots("SN-000107").lifecycle_state, "available")

        # The warehouse gets one transfer to its quarantine location, and it takes the
        # recalled serials.
        transfer = campaign.transfer_ids
        self.assertEqual(len(transfer), 1)
        self.assertEqual(transfer.state, "assigned")
        self.assertTrue(transfer.location_dest_id.recall_quarantine)
        self.assertEqual(transfer.location_dest_id.warehouse_id, self.warehouse)
        self.assertEqual(transfer.move_line_ids.lot_id, in_stock)
        # A line removed by hand comes back as the same serial, never another unit of
        # the product.
        transfer.move_line_ids.filtered(
            lambda line: line.lot_id.name == "SN-000103"
        ).unlink()
        transfer.action_assign()
        self.assertEqual(transfer.move_line_ids.lot_id, in_stock)
        self._validate(transfer)
        self.assertEqual(
            set(self._units(campaign, "SN-000103", "SN-000105").mapped("status")),
            {"quarantined"},
        )
        self.assertEqual(in_stock.location_id, transfer.location_dest_id)
        self.assertEqual(set(in_stock.mapped("lifecycle_state")), {"quarantined"})

        # Shipping a recalled unit is refused as soon as it is chosen, naming it.
        delivery = self._deliver(
            1, partner=self.other_customer, lots=self.env["stock.lot"]
        )
        with self.assertRaisesRegex(UserError, "SN-000105.*Quarantined"):
            self._pick_serials(delivery, self._lots("SN-000105"))

    def test_notification_per_customer_lists_their_serials(self):
        campaign = self._campaign(self._range("SN-000100", "SN-000119"))
        campaign.action_preview()
        campaign.action_open()
        campaign.action_notify_customers()
        notices = campaign.notice_ids
        self.assertEqual(notices.partner_id, self.customer | self.other_customer)
        ada = notices.filtered(lambda notice: notice.partner_id == self.customer)
        bob = notices - ada
        self.assertEqual(
            set(ada.unit_ids.lot_id.mapped("name")), {"SN-000100", "SN-000101"}
        )
        self.assertEqual(
            set(bob.unit_ids.lot_id.mapped("name")), {"SN-000102", "SN-000110"}
        )
        for notice in notices:
            self.assertEqual(set(notice.unit_ids.mapped("status")), {"notified"})
            self.assertTrue(all(notice.unit_ids.mapped("notified_date")))
            message = notice.message_id
            self.assertEqual(message.model, "res.partner")
            self.assertEqual(message.res_id, notice.partner_id.id)
            self.assertIn(campaign.name, message.subject)
            self.assertIn(notice.partner_id, message.partner_ids)
            for serial in notice.unit_ids.lot_id.mapped("name"):
                self.assertIn(serial, message.body)
        self.assertEqual(campaign.reached_percent, 100.0)
        with self.assertRaisesRegex(UserError, "notified already"):
            campaign.action_notify_customers()
        self.assertEqual(len(campaign.notice_ids), 2, "nobody is mailed twice")
        self.assertEqual(campaign.customer_count, 2)

    def test_returns_remedies_release_and_closing(self):
        campaign = self._campaign(self._range("SN-000100", "SN-000105"))
        campaign.action_preview()
        campaign.action_open()
        campaign.action_notify_customers()
        reasons = self._lots(
            "SN-000101", "SN-000107"
        )._lifecycle_return_acceptance_reasons()
        self.assertIn(campaign.name, reasons[self._lots("SN-000101").id])
        self.assertNotIn(self._lots("SN-000107").id, reasons)

        # Ada sends SN-000100 back through the standard return wizard.
        returned = self._return(self.to_ada, self._lots("SN-000100"))
        unit_100 = self._units(campaign, "SN-000100")
        self.assertEqual(unit_100.status, "returned")
        self.assertEqual(unit_100.return_picking_id, returned)
        self.assertEqual(
            self._lots("SN-000100").lifecycle_state,
            "quarantined",
            "a recalled unit that comes back stays blocked",
        )

        with self.assertRaisesRegex(UserError, r"cannot close: 5 units.*SN-000100"):
            campaign.action_close()

        wizard = self.env["serial.recall.unit.wizard"].create(
            {
                "unit_ids": [Command.set(unit_100.ids)],
                "action": "remedy",
                "remedy": "repair",
                "note": "New cells fitted",
            }
        )
        wizard.action_apply()
        self.assertEqual((unit_100.status, unit_100.remedy), ("remedied", "repair"))
        self.assertEqual(campaign.remedied_percent, 100.0 / 6)

        others = self._units(campaign, "SN-000101", "SN-000102")
        with self.assertRaisesRegex(UserError, "Say why"):
            self.env["serial.recall.unit.wizard"].create(
                {"unit_ids": [Command.set(others.ids)], "action": "write_off"}
            ).action_apply()
        self.assertEqual(
            set(others.mapped("status")),
            {"notified"},
            "nothing written off without a reason",
        )
        self.env["serial.recall.unit.wizard"].create(
            {
                "unit_ids": [Command.set(others.ids)],
                "action": "write_off",
                "note": "Customer closed down",
            }
        ).action_apply()
        self.assertEqual(set(others.mapped("status")), {"closed"})
        self.assertTrue(all(others.mapped("written_off")))

        # Releasing lifts the quarantine of the sound units in stock, not of the
        # repaired one.
        campaign.action_release()
        self.assertEqual(self._lots("SN-000103").lifecycle_state, "available")
        self.assertEqual(self._lots("SN-000105").lifecycle_state, "available")
        self.assertEqual(self._lots("SN-000100").lifecycle_state, "quarantined")
        self.assertEqual(
            self._events(self._lots("SN-000105"))[-1].event_type, "release"
        )
        self.assertEqual(
            campaign.transfer_ids.state,
            "cancel",
            "nothing is left to move to quarantine",
        )

        campaign.action_close()
        self.assertEqual(campaign.state, "closed")
        self.assertEqual(set(campaign.unit_ids.mapped("status")), {"closed"})

    def test_release_lifts_only_the_quarantines_the_campaign_put(self):
        self._lots("SN-000106")._lifecycle_apply_manual_action(
            "quarantine", fields.Datetime.now(), "Dented box"
        )
        first = self._campaign(self._range("SN-000105", "SN-000107"))
        first.action_preview()
        first.action_open()
        second = self._campaign(
            self._range("SN-000107", "SN-000108"), title="Loose screen"
        )
        second.action_preview()
        second.action_open()
        first.action_release()
        self.assertEqual(self._lots("SN-000105").lifecycle_state, "available")
        self.assertEqual(
            self._lots("SN-000106").lifecycle_state,
            "quarantined",
            "quarantined by hand before the recall: still blocked",
        )
        self.assertEqual(
            self._lots("SN-000107").lifecycle_state,
            "quarantined",
            "still held by the second campaign",
        )
        second.action_release()
        self.assertEqual(
            self._lots("SN-000107", "SN-000108").mapped("lifecycle_state"),
            ["available"] * 2,
        )

    def test_bad_ranges_are_refused_before_anything_is_written(self):
        with self.assertRaisesRegex(
            ValidationError, "'SN-000200' to 'SN-000100' is reversed"
        ):
            self._campaign(self._range("SN-000200", "SN-000100"))
        with self.assertRaisesRegex(
            ValidationError, "'SN-000100' and 'AB-000200' have different prefixes"
        ):
            self._campaign(self._range("SN-000100", "AB-000200"))
        campaign = self._campaign(
            self._range("SN-000900", "SN-000999"), self._range("SN-000100", "SN-000101")
        )
        with self.assertRaisesRegex(
            UserError, "SN-000900 to SN-000999 matches no serial"
        ):
            campaign.action_preview()
        with self.assertRaisesRegex(
            UserError, "SN-000900 to SN-000999 matches no serial"
        ):
            campaign.action_open()
        self.assertEqual(campaign.state, "draft")
        self.assertFalse(campaign.unit_ids)
        self.assertEqual(self._lots("SN-000100").lifecycle_state, "shipped")
        listed = self._campaign(
            {
                "criterion_type": "list",
                "product_id": self.product.id,
                "serial_list": "SN-000100 SN-777777",
            }
        )
        with self.assertRaisesRegex(UserError, "unknown serials SN-777777"):
            listed.action_preview()
        with self.assertRaisesRegex(UserError, "Add at least one selection criterion"):
            self._campaign().action_open()

    def test_lost_serials_are_not_found_and_must_be_written_off(self):
        self._lots("SN-000108")._lifecycle_apply_manual_action(
            "lost", fields.Datetime.now(), "Stolen from the van"
        )
        campaign = self._campaign(self._range("SN-000107", "SN-000108"))
        campaign.action_preview()
        self.assertEqual((campaign.preview_in_stock, campaign.preview_other), (1, 1))
        campaign.action_open()
        lost = self._units(campaign, "SN-000108")
        self.assertEqual(lost.status, "not_found")
        self.assertEqual(
            self._lots("SN-000108").lifecycle_state,
            "lost",
            "a lost serial is not quarantined",
        )
        campaign.action_release()
        with self.assertRaisesRegex(UserError, "1 units are neither.*SN-000108"):
            campaign.action_close()
        lost._recall_write_off("Reported stolen before the recall")
        campaign.action_close()
        self.assertEqual(campaign.state, "closed")

    def test_campaigns_stay_in_their_company(self):
        other_company = self.env["res.company"].create({"name": "Recall Other Co"})
        campaign = (
            self.env["serial.recall.campaign"]
            .with_company(other_company)
            .create(
                {
                    "title": "Elsewhere",
                    "company_id": other_company.id,
                }
            )
        )
        user = self.env["res.users"].create(
            {
                "name": "Local Manager",
                "login": "recall_local_manager",
                "company_id": self.env.company.id,
                "company_ids": [Command.set(self.env.company.ids)],
                "groups_id": [
                    Command.set([self.env.ref("stock.group_stock_manager").id])
                ],
            }
        )
        Campaign = self.env["serial.recall.campaign"].with_user(user)
        self.assertFalse(Campaign.search([("id", "=", campaign.id)]))
        mine = self._campaign(self._range("SN-000105", "SN-000105"))
        self.assertEqual(Campaign.search([("id", "in", (campaign | mine).ids)]), mine)

    def test_only_managers_open_campaigns(self):
        user = self.env["res.users"].create(
            {
                "name": "Stock Clerk",
                "login": "recall_clerk",
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
        self.assertEqual(
            campaign.with_user(user).title,
            "Overheating battery",
            "users read campaigns",
        )
        with self.assertRaises(AccessError):
            campaign.with_user(user).action_open()
        self.assertEqual(self._lots("SN-000105").lifecycle_state, "available")

    def test_a_campaign_selects_only_serials_whose_history_is_in_its_company(self):
        """The test product is shared by all companies: a serial received before
        serial_lifecycle gave serials the receiving company has none."""
        self._lots("SN-000105").flush_recordset()
        self.env.cr.execute(
            "UPDATE stock_lot SET company_id = NULL WHERE id = %s",
            (self._lots("SN-000105").id,),
        )
        self.env.invalidate_all()
        other_company = self.env["res.company"].create({"name": "Recall Elsewhere Co"})
        self.env.user.company_ids |= other_company
        elsewhere = (
            self.env["serial.recall.campaign"]
            .with_company(other_company)
            .create(
                {
                    "title": "Not ours",
                    "company_id": other_company.id,
                    "reason": "Test",
                    "criterion_ids": [
                        Command.create(self._range("SN-000105", "SN-000105"))
                    ],
                }
            )
        )
        with self.assertRaisesRegex(UserError, "select no serial"):
            elsewhere.with_company(other_company).action_preview()
        mine = self._campaign(self._range("SN-000105", "SN-000105"))
        mine.action_preview()
        self.assertEqual(
            self.env["stock.lot"].search(mine._lot_domain()), self._lots("SN-000105")
        )
