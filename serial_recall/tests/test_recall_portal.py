import re

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.serial_lifecycle.tests.common import ACCESS_ERROR, JsonRpcMixin

from .common import SerialRecallCase


@tagged("post_install", "-at_install")
class TestRecallPortal(JsonRpcMixin, SerialRecallCase, HttpCase):
    """A customer reads the recall of their units in the portal, and promises their
    return."""

    def test_a_customer_sees_their_recalled_units_and_confirms_a_return(self):
        campaign = self._campaign(self._range("SN-000100", "SN-000110"))
        campaign.instructions = "<p>Stop charging the unit and send it back.</p>"
        campaign.action_preview()
        campaign.action_open()
        new_test_user(
            self.env,
            "recall_ada",
            groups="base.group_portal",
            partner_id=self.customer.id,
        )
        new_test_user(
            self.env,
            "recall_bob",
            groups="base.group_portal",
            partner_id=self.other_customer.id,
        )

        self.authenticate("recall_ada", "recall_ada")
        page = self.url_open("/my/recalls").text
        self.assertIn("Stop charging the unit and send it back.", page)
        self.assertIn("SN-000100", page)
        self.assertIn("SN-000101", page)
        self.assertNotIn("SN-000102", page, "Bob's unit")
        if "serial.device.registration" in self.env:
            # My Devices (serial_warranty) shows the recall beside each recalled device.
            devices = self.url_open("/my/devices").text
            self.assertIn("o_serial_device_recall", devices)
            self.assertIn("Overheating battery", devices)
        unit = self._units(campaign, "SN-000100")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        self.url_open(f"/my/recalls/{unit.id}/confirm", data={"csrf_token": token})
        self.assertTrue(unit.customer_confirmed_date)
        self.assertIn("will send back SN-000100", campaign.message_ids[0].body)
        self.assertIn("You will send it back", self.url_open("/my/recalls").text)

        # Bob can neither confirm Ada's unit nor read recall records.
        self.authenticate("recall_bob", "recall_bob")
        other = self._units(campaign, "SN-000101")
        page = self.url_open("/my/recalls").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        self.assertEqual(
            self.url_open(
                f"/my/recalls/{other.id}/confirm", data={"csrf_token": token}
            ).status_code,
            404,
        )
        self.assertFalse(other.customer_confirmed_date)
        self.assertRefused(
            self._call("serial.recall.unit", "search_read", [[], ["lot_id"]]),
            None,
            error=ACCESS_ERROR,
        )
