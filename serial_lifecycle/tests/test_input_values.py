from datetime import date, datetime

from odoo.tests import BaseCase, tagged

from ..tools.input_values import MAX_INTEGER, value_problem


@tagged("post_install", "-at_install")
class TestInputValues(BaseCase):
    """What a JSON-RPC client may send that no widget of the web client would."""

    def test_values_the_orm_would_pass_to_the_database_raw(self):
        cases = [
            ("char", "A\x00B", "nul"),
            ("text", "\x00", "nul"),
            ("html", "<p>\x00</p>", "nul"),
            ("char", "A\x07B", None),
            ("char", 12, None),
            ("many2one", "abc", "not_id"),
            ("many2one", -1, "not_id"),
            ("many2one", 0, "not_id"),
            ("many2one", MAX_INTEGER + 1, "not_id"),
            ("many2one", True, "not_id"),
            ("many2one", {"x": 1}, "not_id"),
            ("many2one", 1.5, "not_id"),
            ("many2one", MAX_INTEGER, None),
            ("many2one", 7, None),
            ("integer", "abc", "not_integer"),
            ("integer", 2**40, "not_integer"),
            ("integer", -5, None),
            ("date", "abc", "not_date"),
            ("date", "2026-02-30", "not_date"),
            ("date", 12345, "not_date"),
            ("date", "2028-02-29", None),
            ("datetime", "2026-12-02 25:00:00", "not_datetime"),
            ("datetime", "2026-12-02", None),
            ("datetime", "2026-12-02 10:00:00", None),
            ("datetime", date(2026, 12, 2), None),
            ("date", datetime(2026, 12, 2, 10, 0), None),
            ("selection", "bogus", "not_choice"),
            ("selection", 123, "not_choice"),
            ("selection", "lost", None),
            ("many2many", [(6, 0, [1, 2])], None),
            ("many2many", [(6, 0, ["abc"])], "not_ids"),
            ("many2many", [(4, -1)], "not_ids"),
            ("many2many", [(0, 0, {"name": "x"})], None),
            ("many2many", [3, 2**31], "not_ids"),
            ("one2many", "abc", "not_ids"),
        ]
        for field_type, value, problem in cases:
            with self.subTest(field_type=field_type, value=value):
                self.assertEqual(
                    value_problem(field_type, value, ("lost", "found")), problem
                )

    def test_empty_values_are_left_to_required(self):
        for field_type in ("char", "many2one", "integer", "date", "datetime"):
            self.assertIsNone(value_problem(field_type, False))
            self.assertIsNone(value_problem(field_type, None))
