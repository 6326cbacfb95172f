from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import SerialWarrantyCase


@tagged("post_install", "-at_install")
class TestWarrantyBatches(SerialWarrantyCase):
    """The nightly refresh works in committed batches under Odoo's cron."""

    def test_nightly_refresh_in_batches_reports_its_progress(self):
        self.category.write({"warranty_duration": 1, "warranty_unit": "months"})
        serials = ["WB-%03d" % number for number in range(1, 6)]
        with freeze_time("2024-01-10 10:00"):
            self._receive(serials)
            lots = self._lots(*serials)
            self._sell(lots)
            self.assertEqual(set(lots.mapped("warranty_end_date")), {date(2024, 2, 10)})
            self.assertEqual(set(lots.mapped("warranty_state")), {"active"})
        self.env["ir.config_parameter"].sudo().set_param(
            "serial_warranty.refresh_batch_size", 2
        )
        cron = self.env.ref("serial_warranty.ir_cron_refresh_warranty_state")
        Lot = self.env["stock.lot"]
        seen = []
        with freeze_time("2024-02-11 06:00"):
            for _run in range(5):
                progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
                done = Lot.with_context(
                    ir_cron_progress_id=progress.id
                )._cron_refresh_warranty_state()
                seen.append((len(done), progress.done, progress.remaining))
                if not progress.remaining:
                    break
        # Odoo's cron runs it again, in a new transaction, while some are left.
        self.assertEqual(seen, [(2, 2, 3), (2, 2, 1), (1, 1, 0)])
        self.assertEqual(set(lots.mapped("warranty_state")), {"expired"})
        self.assertFalse(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("serial_warranty.refresh_cursor"),
            "the pass is over: tomorrow starts from the first serial",
        )
