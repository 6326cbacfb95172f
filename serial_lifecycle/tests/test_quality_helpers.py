from odoo.tests import BaseCase, tagged

from ..tools.quality import (
    check_passes,
    parse_measured_value,
    quality_after,
    sampled_positions,
    verdict,
)


@tagged("post_install", "-at_install")
class TestQualityHelpers(BaseCase):
    """The quality status rules and the verdict of a serial's checks, without a
    database."""

    def test_receipt_makes_inspected_serials_pending(self):
        self.assertEqual(quality_after("receipt", False, True), "pending")
        self.assertEqual(quality_after("receipt", "failed", True), "pending")
        self.assertIs(quality_after("receipt", False, False), False)

    def test_verdict_events_set_the_status_other_events_keep_it(self):
        self.assertEqual(quality_after("quality_passed", "pending", True), "passed")
        self.assertEqual(quality_after("quality_failed", "pending", True), "failed")
        self.assertEqual(quality_after("quality_reset", "failed", True), "pending")
        self.assertEqual(quality_after("delivery", "passed", True), "passed")
        self.assertEqual(quality_after("vendor_return", "failed", True), "failed")
        self.assertIs(quality_after("internal", False, True), False)

    def test_check_passes(self):
        self.assertTrue(check_passes("passfail", result="pass"))
        self.assertFalse(check_passes("passfail", result="fail"))
        self.assertTrue(
            check_passes("measure", value=5.0, min_value=4.5, max_value=5.5)
        )
        self.assertTrue(
            check_passes("measure", value=4.5, min_value=4.5, max_value=5.5)
        )
        self.assertFalse(
            check_passes("measure", value=5.6, min_value=4.5, max_value=5.5)
        )
        self.assertFalse(check_passes("measure", value=1, min_value=2))
        self.assertTrue(check_passes("measure", value=1000, min_value=2))
        with self.assertRaisesRegex(
            ValueError, "a pass/fail check needs 'pass' or 'fail', not None"
        ):
            check_passes("passfail")
        with self.assertRaisesRegex(
            ValueError, "a measured check needs a number, not '5'"
        ):
            check_passes("measure", value="5")

    def test_parse_measured_value(self):
        for entered, number in [
            ("5.1", 5.1),
            (" 5,1 ", 5.1),
            ("-0.5", -0.5),
            (4, 4.0),
            (4.75, 4.75),
            (None, None),
            (False, None),
            ("  ", None),
        ]:
            with self.subTest(entered=entered):
                self.assertEqual(parse_measured_value(entered), number)
        for entered in ["5 V", "abc", "nan", "inf", True, [5], {"v": 5}]:
            with self.subTest(entered=entered), self.assertRaises(ValueError):
                parse_measured_value(entered)

    def test_verdict(self):
        self.assertIsNone(verdict([1, 2], []))
        self.assertIsNone(verdict([1, 2], [(1, True)]))
        self.assertEqual(verdict([1, 2], [(1, True), (2, True)]), "passed")
        self.assertEqual(verdict([1, 2], [(1, False)]), "failed")
        # An optional check that fails fails the serial too; one that is missing does
        # not matter.
        self.assertEqual(verdict([1], [(1, True), (3, False)]), "failed")
        self.assertEqual(verdict([1], [(1, True)]), "passed")
        # The latest result of a check counts.
        self.assertEqual(verdict([1], [(1, False), (1, True)]), "passed")

    def test_sampled_positions(self):
        self.assertEqual(sampled_positions(5), [0, 1, 2, 3, 4])
        self.assertEqual(sampled_positions(7, every_nth=3), [0, 3, 6])
        self.assertEqual(sampled_positions(7, per_receipt=2), [0, 1])
        self.assertEqual(sampled_positions(1, per_receipt=2), [0])
