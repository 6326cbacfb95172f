from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SerialRecallCase


@tagged("post_install", "-at_install")
class TestRecallReserialize(SerialRecallCase):
    """A unit under an open recall cannot escape it under a new serial number."""

    def test_a_recalled_unit_is_not_reserialized(self):
        campaign = self._campaign(self._range("SN-000105", "SN-000106"))
        campaign.action_preview()
        campaign.action_open()
        lot = self._lots("SN-000105")
        with self.assertRaisesRegex(
            UserError, r"SN-000105 is held \(an open recall, for example\)"
        ):
            lot._serial_reserialize("SN-000105-R", "Refurbished")
        self.assertFalse(self.env["stock.lot"].search([("name", "=", "SN-000105-R")]))
