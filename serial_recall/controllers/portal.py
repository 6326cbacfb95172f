from werkzeug.exceptions import NotFound

from odoo.http import request, route

from odoo.addons.portal.controllers.portal import CustomerPortal

# Units whose customer still has something to do: notified or at customer.
CUSTOMER_UNIT_STATUSES = ("at_customer", "notified")


class SerialRecallPortal(CustomerPortal):
    """Recall notices in the portal: which of the customer's units are recalled, and
    what to do.

    Portal users have no access to recall records: every read is done as
    superuser on a domain built here from the logged-in user's company.
    """

    def _recalled_unit_domain(self):
        partner = request.env.user.partner_id.commercial_partner_id
        return [
            ("partner_id", "child_of", partner.id),
            ("campaign_id.state", "=", "open"),
            ("status", "in", CUSTOMER_UNIT_STATUSES),
        ]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "recall_count" in counters:
            values["recall_count"] = (
                request.env["serial.recall.unit"]
                .sudo()
                .search_count(self._recalled_unit_domain())
            )
        return values

    @route(["/my/recalls"], type="http", auth="user", website=True)
    def portal_my_recalls(self, **kwargs):
        units = (
            request.env["serial.recall.unit"]
            .sudo()
            .search(self._recalled_unit_domain())
        )
        values = self._prepare_portal_layout_values()
        values.update(units=units, page_name="recalls")
        return request.render("serial_recall.portal_my_recalls", values)

    @route(
        ["/my/recalls/<int:unit_id>/confirm"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_confirm_recall_return(self, unit_id, **kwargs):
        unit = (
            request.env["serial.recall.unit"]
            .sudo()
            .search(self._recalled_unit_domain() + [("id", "=", unit_id)])
        )
        if not unit:
            raise NotFound()
        unit._portal_confirm_return(request.env.user.partner_id)
        return request.redirect("/my/recalls")
