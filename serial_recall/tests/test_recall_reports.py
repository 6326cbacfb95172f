import csv
import io

import openpyxl

from odoo.tests import tagged

from .common import SerialRecallCase


@tagged("post_install", "-at_install")
class TestRecallReports(SerialRecallCase):
    def setUp(self):
        super().setUp()
        self.campaign = self._campaign(self._range("SN-000100", "SN-000119"))
        self.campaign.regulatory_reference = "FSCA-2026-0042"
        self.campaign.action_preview()
        self.campaign.action_open()
        self.campaign.action_notify_customers()

    def _expected_rows(self):
        return [
            ("Customer Ada", "SN-000100"),
            ("Customer Ada", "SN-000101"),
            ("Customer Bob", "SN-000102"),
            ("Customer Bob", "SN-000110"),
        ]

    def test_customers_csv_lists_each_customer_with_their_serials(self):
        action = self.campaign.action_export_customers_csv()
        attachment = self.env["ir.attachment"].search(
            [
                ("res_model", "=", self.campaign._name),
                ("res_id", "=", self.campaign.id),
                ("mimetype", "=", "text/csv"),
            ]
        )
        self.assertIn(f"/web/content/{attachment.id}", action["url"])
        rows = list(csv.reader(io.StringIO(attachment.raw.decode("utf-8-sig"))))
        self.assertEqual(rows[0][:2], ["Customer", "Email"])
        self.assertEqual([(row[0], row[6]) for row in rows[1:]], self._expected_rows())
        self.assertEqual(
            {row[1] for row in rows[1:]}, {"ada@example.com", "bob@example.com"}
        )
        self.assertEqual({row[7] for row in rows[1:]}, {"Notified"})

    def test_customers_xlsx_has_the_same_rows(self):
        self.campaign.action_export_customers_xlsx()
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", self.campaign._name), ("res_id", "=", self.campaign.id)]
        )
        self.assertTrue(attachment.name.endswith("-customers.xlsx"))
        sheet = openpyxl.load_workbook(io.BytesIO(attachment.raw)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0][6], "Serial Number")
        self.assertEqual([(row[0], row[6]) for row in rows[1:]], self._expected_rows())

    def test_summary_report_for_the_regulator(self):
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "serial_recall.serial_recall_campaign_report", self.campaign.ids
            )[0]
            .decode()
        )
        for text in (
            self.campaign.name,
            "FSCA-2026-0042",
            "Customer Ada",
            "Customer Bob",
            "SN-000100 to SN-000119",
            ">100.0<",
            "of the units at customers reached",
        ):
            self.assertIn(text, html)
        by_customer = dict(
            (label, total)
            for label, _counts, total in self.campaign._report_counts("partner_id")
        )
        self.assertEqual(by_customer, {"Customer Ada": 2, "Customer Bob": 2, "-": 16})
        by_warehouse = {
            label: counts
            for label, counts, _total in self.campaign._report_counts("warehouse_id")
        }
        self.assertEqual(
            by_warehouse,
            {
                self.warehouse.display_name: {"to_quarantine": 15},
                "-": {"notified": 4, "closed": 1},
            },
        )
