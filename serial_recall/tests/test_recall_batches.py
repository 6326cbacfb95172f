from .common import SerialRecallCase


class TestRecallBatches(SerialRecallCase):
    """Large campaigns open and notify in committed batches (cron or queue_job)."""

    def _set_batch(self, key, size):
        self.env["ir.config_parameter"].sudo().set_param(
            f"serial_recall.{key}_batch_size", size
        )

    def _opened_campaign(self):
        campaign = self._campaign(self._range("SN-000100", "SN-000119"))
        campaign.action_preview()
        campaign.action_open()
        return campaign

    def _opening_result(self, campaign):
        """What opening did, as users see it: units, serials, transfers."""
        self.env.invalidate_all()
        units = {
            unit.lot_id.name: (
                unit.status,
                unit.partner_id.name,
                unit.warehouse_id.name,
                unit.lifecycle_state_at_open,
                unit.lot_id.lifecycle_state,
            )
            for unit in campaign.unit_ids
        }
        quarantine_events = {
            lot.name: len(
                self._events(lot).filtered(
                    lambda event: event.event_type == "quarantine"
                    and event.res_id == campaign.id
                )
            )
            for lot in campaign.unit_ids.lot_id
        }
        transfers = campaign.transfer_ids
        return {
            "state": campaign.state,
            "units": units,
            "quarantine events": quarantine_events,
            "serials to move": sorted(transfers.move_line_ids.lot_id.mapped("name")),
            "transfer states": set(transfers.mapped("state")),
            "reserved instead": self.pending_delivery.move_line_ids.lot_id.name,
        }

    def _run_cron(self, limit=20):
        """Run the cron's batches as Odoo's cron does, counting them."""
        Campaign = self.env["serial.recall.campaign"]
        runs = 0
        while Campaign.search_count(
            ["|", ("state", "=", "opening"), ("notify_pending", "=", True)]
        ):
            Campaign._cron_recall_batches()
            runs += 1
            self.assertLess(runs, limit, "the batches come to an end")
        return runs

    def test_batched_opening_yields_the_units_of_the_request(self):
        savepoint = self.env.cr.savepoint()
        in_request = self._opened_campaign()
        self.assertEqual(in_request.state, "open", "20 units open in the request")
        expected = self._opening_result(in_request)
        savepoint.close(rollback=True)
        self.env.invalidate_all()

        self._set_batch("open", 3)
        campaign = self._opened_campaign()
        self.assertEqual(campaign.state, "opening")
        self.assertEqual((campaign.open_done, campaign.open_total), (0, 20))
        self.assertFalse(campaign.unit_ids, "nothing is done in the request")
        self.assertIn("Opening in the background", campaign.message_ids[0].body)

        # The cron reports its progress to Odoo, which runs it again while some is left.
        cron = self.env.ref("serial_recall.ir_cron_recall_batches")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        self.env["serial.recall.campaign"].with_context(
            ir_cron_progress_id=progress.id
        )._cron_recall_batches()
        self.assertEqual((progress.done, progress.remaining), (3, 17))
        self.assertEqual((campaign.open_done, campaign.open_total), (3, 20))
        self.assertEqual(round(campaign.open_percent), 15)
        self.assertEqual(len(campaign.unit_ids), 3)
        self.assertEqual(campaign.state, "opening")

        self.assertEqual(self._run_cron(), 6, "17 units left: 6 batches of 3")
        self.assertEqual(campaign.state, "open")
        self.assertEqual(campaign.open_done, 20)
        self.assertTrue(campaign.date_opened)
        self.assertFalse(campaign.open_lot_ids, "the frozen selection is let go")
        self.assertEqual(self._opening_result(campaign), expected)
        self.assertIn(
            "Campaign opened: 20 units, 15 quarantined in stock, 4 at customers.",
            campaign.message_ids[0].body,
        )

    def test_interrupted_opening_resumes_without_duplicates(self):
        self._set_batch("open", 3)
        campaign = self._opened_campaign()
        self.env["serial.recall.campaign"]._cron_recall_batches()
        after_first = set(campaign.unit_ids.lot_id.mapped("name"))
        self.assertEqual(len(after_first), 3)

        # The second batch dies half-way (a worker killed at its time limit):
        # its transaction is rolled back, and nothing of it stays.
        with self.assertRaises(InterruptedError):
            with self.env.cr.savepoint():
                campaign._open_batch(3)
                self.assertEqual(len(campaign.unit_ids), 6)
                raise InterruptedError
        self.env.invalidate_all()
        self.assertEqual(set(campaign.unit_ids.lot_id.mapped("name")), after_first)
        self.assertEqual(campaign.open_done, 3)

        # Resumed by the manager: the cron goes on from the first unit not done.
        campaign.action_resume_open()
        cron = self.env.ref("serial_recall.ir_cron_recall_batches")
        self.assertTrue(
            self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]),
            "resuming asks the cron to run now",
        )
        self._run_cron()
        self.assertEqual(campaign.state, "open")
        names = campaign.unit_ids.lot_id.mapped("name")
        self.assertEqual(len(names), 20)
        self.assertEqual(
            sorted(names), ["SN-%06d" % number for number in range(100, 120)]
        )
        outcome = self._opening_result(campaign)
        self.assertEqual(
            {name for name, count in outcome["quarantine events"].items() if count},
            {
                name
                for name, unit in outcome["units"].items()
                if unit[0] in ("to_quarantine", "quarantined")
            },
        )
        self.assertEqual(
            set(outcome["quarantine events"].values()),
            {0, 1},
            "each serial in stock is quarantined once",
        )
        self.assertEqual(len(outcome["serials to move"]), 15)
        self.assertEqual(len(set(outcome["serials to move"])), 15)
        with self.assertRaisesRegex(Exception, "being opened"):
            campaign.action_resume_open()

    def test_notifications_in_batches_reach_each_customer_once(self):
        campaign = self._opened_campaign()
        self._set_batch("notify", 1)
        campaign.action_notify_customers()
        self.assertTrue(campaign.notify_pending)
        self.assertFalse(campaign.notice_ids)
        self.env["serial.recall.campaign"]._cron_recall_batches()
        self.assertEqual(len(campaign.notice_ids), 1)
        self.assertEqual(campaign.reached_percent, 50.0)
        self._run_cron()
        self.assertFalse(campaign.notify_pending)
        self.assertEqual(
            sorted(campaign.notice_ids.partner_id.mapped("name")),
            sorted((self.customer | self.other_customer).mapped("name")),
        )
        self.assertEqual(campaign.reached_percent, 100.0)
        self.assertEqual(
            set(campaign.unit_ids.filtered("partner_id").mapped("status")),
            {"notified"},
        )

    def test_queue_job_runs_the_batches_when_installed(self):
        if "queue.job" not in self.env:
            self.skipTest("OCA queue_job is not installed in this database")
        from odoo.addons.queue_job.tests.common import trap_jobs

        self._set_batch("open", 8)
        with trap_jobs() as trap:
            campaign = self._opened_campaign()
            campaign.action_resume_open()
            trap.assert_jobs_count(1)  # resumed while waiting: not queued twice
            rounds = 0
            while trap.enqueued_jobs:
                trap.perform_enqueued_jobs()
                rounds += 1
                self.assertLess(rounds, 10)
        self.assertEqual(rounds, 3, "20 units, 8 a job")
        self.assertEqual(campaign.state, "open")
        self.assertEqual(
            sorted(campaign.unit_ids.lot_id.mapped("name")),
            ["SN-%06d" % number for number in range(100, 120)],
        )
