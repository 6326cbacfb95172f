from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import SerialRecallCase


@tagged("post_install", "-at_install")
class TestRecallReachReport(SerialRecallCase):
    def test_reach_over_time_counts_each_milestone_on_its_day(self):
        campaign = self._campaign(self._range("SN-000100", "SN-000105"))
        with freeze_time("2027-01-04 09:00"):
            campaign.action_preview()
            campaign.action_open()
        with freeze_time("2027-01-05 09:00"):
            campaign.action_notify_customers()
        with freeze_time("2027-01-08 09:00"):
            self._return(self.to_ada, self._lots("SN-000100"))
        with freeze_time("2027-01-09 09:00"):
            self.env["serial.recall.unit.wizard"].create(
                {
                    "unit_ids": [Command.set(self._units(campaign, "SN-000100").ids)],
                    "action": "remedy",
                    "remedy": "repair",
                    "note": "New cells fitted",
                }
            ).action_apply()

        report = self.env["serial.recall.reach.report"]
        domain = [("campaign_id", "=", campaign.id)]
        by_milestone = report.read_group(
            domain, ["unit_count:sum"], ["milestone"], lazy=False
        )
        self.assertEqual(
            {row["milestone"]: row["unit_count"] for row in by_milestone},
            {"located": 6, "notified": 3, "returned": 1, "remedied": 1},
        )
        by_day = report.read_group(
            domain, ["unit_count:sum"], ["milestone", "date:day"], lazy=False
        )
        self.assertEqual(
            sorted(
                (row["milestone"], row["date:day"], row["unit_count"]) for row in by_day
            ),
            [
                ("located", "04 Jan 2027", 6),
                ("notified", "05 Jan 2027", 3),
                ("remedied", "09 Jan 2027", 1),
                ("returned", "08 Jan 2027", 1),
            ],
        )
        notified = report.search(domain + [("milestone", "=", "notified")])
        self.assertEqual(
            set(notified.partner_id.mapped("name")),
            {self.customer.name, self.other_customer.name},
        )
