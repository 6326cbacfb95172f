from werkzeug.exceptions import NotFound

from odoo.http import content_disposition, request, route

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.serial_lifecycle.tools.lifecycle_rules import CUSTOMER_STATES

CERTIFICATE_REPORT = "serial_warranty.stock_lot_warranty_certificate_action"


class SerialWarrantyPortal(CustomerPortal):
    """My Devices: the serials at the customer's company, and their warranty certificates.

    Portal users have no access to serials: every read is done as superuser,
    on a domain built here from the logged-in user's company, never from an
    id the request sends alone.
    """

    def _device_domain(self):
        partner = request.env.user.partner_id.commercial_partner_id
        return [("lifecycle_partner_id", "child_of", partner.id), ("lifecycle_state", "in", CUSTOMER_STATES)]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "device_count" in counters:
            values["device_count"] = request.env["stock.lot"].sudo().search_count(self._device_domain())
        return values

    @route(["/my/devices"], type="http", auth="user", website=True)
    def portal_my_devices(self, **kwargs):
        devices = request.env["stock.lot"].sudo().search(self._device_domain(), order="product_id, name")
        values = self._prepare_portal_layout_values()
        values.update(devices=devices, page_name="devices")
        return request.render("serial_warranty.portal_my_devices", values)

    @route(["/my/devices/<int:lot_id>/certificate"], type="http", auth="user", website=True)
    def portal_device_certificate(self, lot_id, **kwargs):
        # The id is checked against the customer's own devices: another's is "not found".
        lot = request.env["stock.lot"].sudo().search(self._device_domain() + [("id", "=", lot_id)])
        if not lot:
            raise NotFound()
        pdf, __ = request.env["ir.actions.report"].sudo()._render_qweb_pdf(CERTIFICATE_REPORT, lot.ids)
        filename = "Warranty Certificate - %s.pdf" % lot.name
        return request.make_response(pdf, headers=[
            ("Content-Type", "application/pdf"),
            ("Content-Length", len(pdf)),
            ("Content-Disposition", content_disposition(filename)),
        ])
