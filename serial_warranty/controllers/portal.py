import base64

from werkzeug.exceptions import NotFound

from odoo import _, fields
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import content_disposition, request, route

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.serial_lifecycle.tools import ledger_guard
from odoo.addons.serial_lifecycle.tools.lifecycle_rules import CUSTOMER_STATES

CERTIFICATE_REPORT = "serial_warranty.stock_lot_warranty_certificate_action"
# Photos a customer may join to a claim: how many, how big, which kinds.
MAX_PHOTOS = 5
MAX_PHOTO_BYTES = 10 * 1024 * 1024
PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp", "image/heic")
PROOF_TYPES = PHOTO_TYPES + ("application/pdf",)


class SerialWarrantyPortal(CustomerPortal):
    """My Devices: the serials at the customer's company, and their warranty
    certificates.

    Portal users have no access to serials: every read is done as superuser,
    on a domain built here from the logged-in user's company, never from an
    id the request sends alone.
    """

    def _device_domain(self):
        partner = request.env.user.partner_id.commercial_partner_id
        return [
            ("lifecycle_partner_id", "child_of", partner.id),
            ("lifecycle_state", "in", CUSTOMER_STATES),
        ]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "device_count" in counters:
            values["device_count"] = (
                request.env["stock.lot"].sudo().search_count(self._device_domain())
            )
        if "claim_count" in counters:
            values["claim_count"] = request.env["serial.warranty.claim"].search_count(
                []
            )
        return values

    def _own_device(self, lot_id):
        """The customer's device of this id, as superuser; "not found" for any other."""
        lot = (
            request.env["stock.lot"]
            .sudo()
            .search(self._device_domain() + [("id", "=", lot_id)])
        )
        if not lot:
            raise NotFound()
        return lot

    @route(["/my/devices"], type="http", auth="user", website=True)
    def portal_my_devices(self, **kwargs):
        devices = (
            request.env["stock.lot"]
            .sudo()
            .search(self._device_domain(), order="product_id, name")
        )
        partner = request.env.user.partner_id.commercial_partner_id
        registrations = (
            request.env["serial.device.registration"]
            .sudo()
            .search(
                [("partner_id", "child_of", partner.id), ("state", "!=", "approved")]
            )
        )
        values = self._prepare_portal_layout_values()
        values.update(
            devices=devices,
            registrations=registrations,
            page_name="devices",
            recalls=self._open_recalls(devices),
        )
        return request.render("serial_warranty.portal_my_devices", values)

    def _open_recalls(self, devices):
        """{serial id: titles of the open recall campaigns that reach it}, when
        serial_recall is installed."""
        if "serial.recall.unit" not in request.env:
            return {}
        units = (
            request.env["serial.recall.unit"]
            .sudo()
            .search(
                [
                    ("lot_id", "in", devices.ids),
                    ("campaign_id.state", "=", "open"),
                    ("status", "not in", ("closed",)),
                ]
            )
        )
        recalls = {}
        for unit in units:
            recalls.setdefault(unit.lot_id.id, []).append(
                unit.campaign_id.headline or unit.campaign_id.title
            )
        return recalls

    @route(
        ["/my/devices/<int:lot_id>/certificate"], type="http", auth="user", website=True
    )
    def portal_device_certificate(self, lot_id, **kwargs):
        # The id is checked against the customer's own devices: another's is "not
        # found".
        lot = self._own_device(lot_id)
        pdf, __ = (
            request.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf(CERTIFICATE_REPORT, lot.ids)
        )
        filename = f"Warranty Certificate - {lot.name}.pdf"
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(pdf)),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )

    # -- claims ------------------------------------------------------------

    @route(["/my/claims"], type="http", auth="user", website=True)
    def portal_my_claims(self, **kwargs):
        # Searched with the portal user's rights (the record rule keeps them to
        # the customer's company), then shown as superuser (products, serials).
        claims = request.env["serial.warranty.claim"].search([]).sudo()
        values = self._prepare_portal_layout_values()
        values.update(claims=claims, page_name="claims")
        return request.render("serial_warranty.portal_my_claims", values)

    @route(["/my/claims/<int:claim_id>"], type="http", auth="user", website=True)
    def portal_my_claim(self, claim_id, access_token=None, **kwargs):
        try:
            claim_sudo = self._document_check_access(
                "serial.warranty.claim", claim_id, access_token
            )
        except (AccessError, MissingError):
            raise NotFound() from None
        service = (
            request.env["serial.warranty.service.report"]
            .sudo()
            .search([("claim_id", "=", claim_sudo.id)])
        )
        values = self._get_page_view_values(
            claim_sudo,
            access_token,
            {
                "claim": claim_sudo,
                "service": service,
                "page_name": "claims",
            },
            "my_claims_history",
            False,
        )
        return request.render("serial_warranty.portal_my_claim", values)

    @route(
        ["/my/devices/<int:lot_id>/claim"],
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_device_claim(self, lot_id, symptom="", **kwargs):
        lot = self._own_device(lot_id)
        values = self._prepare_portal_layout_values()
        values.update(device=lot, page_name="claims", symptom=symptom, error=None)
        if request.httprequest.method == "POST":
            photos = request.httprequest.files.getlist("photos")
            error = self._claim_input_error(symptom, photos)
            if not error:
                claim = self._create_portal_claim(lot, symptom.strip(), photos)
                return request.redirect(claim.access_url)
            values["error"] = error
        return request.render("serial_warranty.portal_device_claim", values)

    def _claim_input_error(self, symptom, photos):
        photos = [photo for photo in photos if photo.filename]
        if not symptom.strip():
            return _("Describe what is wrong with the device.")
        if len(photos) > MAX_PHOTOS:
            return _("Join at most %(count)s photos.", count=MAX_PHOTOS)
        for photo in photos:
            if photo.mimetype not in PHOTO_TYPES:
                return _(
                    "%(file)s is not a photo (JPEG, PNG, WebP or HEIC).",
                    file=photo.filename,
                )
            if photo.content_length and photo.content_length > MAX_PHOTO_BYTES:
                return _("%(file)s is larger than 10 MB.", file=photo.filename)
        return None

    def _create_portal_claim(self, lot, symptom, photos):
        """A claim on the customer's own device, checked as any claim, with its
        photos."""
        partner = request.env.user.partner_id
        claim = (
            request.env["serial.warranty.claim"]
            .sudo()
            .with_company(
                lot.first_delivery_event_id.company_id
                or lot.company_id
                or request.env.company
            )
            .create(
                {
                    "serial_name": lot.name,
                    "product_id": lot.product_id.id,
                    "partner_id": partner.id,
                    "symptom": symptom,
                }
            )
        )
        attachments = request.env["ir.attachment"].sudo()
        for photo in photos:
            if not photo.filename:
                continue
            data = photo.read(MAX_PHOTO_BYTES + 1)
            if len(data) > MAX_PHOTO_BYTES:
                raise UserError(
                    _("%(file)s is larger than 10 MB.", file=photo.filename)
                )
            attachments |= attachments.create(
                {
                    "name": photo.filename,
                    "datas": base64.b64encode(data),
                    "res_model": claim._name,
                    "res_id": claim.id,
                }
            )
        claim.message_post(
            body=_(
                "Claim opened by %(customer)s from the customer portal.",
                customer=partner.display_name,
            ),
            attachment_ids=attachments.ids,
            author_id=partner.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return claim

    # -- registration of a device bought from a reseller -------------------

    @route(
        ["/my/devices/register"],
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_register_device(
        self, product=None, serial="", purchase_date="", reseller="", **kwargs
    ):
        products = request.env["serial.check.attempt"].sudo()._checkable_products()
        values = self._prepare_portal_layout_values()
        values.update(
            products=products,
            product=product,
            serial=serial.strip()[:64],
            purchase_date=purchase_date,
            reseller=reseller.strip()[:128],
            page_name="devices",
            error=None,
        )
        if request.httprequest.method == "POST":
            proof = request.httprequest.files.get("proof")
            error, lot = self._registration_error(
                products, product, values["serial"], purchase_date, proof
            )
            if not error:
                self._create_registration(lot, purchase_date, values["reseller"], proof)
                return request.redirect("/my/devices")
            values["error"] = error
        return request.render("serial_warranty.portal_register_device", values)

    def _registration_error(self, products, product, serial, purchase_date, proof):
        """(error, lot): what is wrong with a registration form, or the serial it
        registers."""
        chosen = products.filtered(lambda record: str(record.id) == (product or ""))
        if not chosen or not serial:
            return _("Choose the product and type its serial number."), None
        try:
            date = fields.Date.to_date(purchase_date)
        except ValueError:
            date = None
        if not date or date > fields.Date.context_today(request.env.user):
            return _("Give the date you bought the device (not in the future)."), None
        if not proof or not proof.filename:
            return _("Join the proof of purchase (an invoice or a receipt)."), None
        if proof.mimetype not in PROOF_TYPES:
            return _("%(file)s is not a PDF or a photo.", file=proof.filename), None
        # The lookup tells a logged-in customer whether a serial exists: it
        # counts against the same hourly limit as the public serial check, per
        # user, so that serials cannot be listed by registering them in turn.
        attempts = request.env["serial.check.attempt"].sudo()
        if not attempts._take(f"registration:user:{request.env.uid}"):
            return _(
                "You have looked up too many serial numbers in the last hour: "
                "try again later."
            ), None
        lot = (
            request.env["stock.lot"]
            .sudo()
            .search(
                [
                    ("product_id", "=", chosen.id),
                    ("name", "=", serial),
                    ("lifecycle_state", "!=", "draft"),
                ],
                limit=1,
            )
        )
        if not lot:
            return _(
                "We cannot find %(serial)s among the serial numbers of %(product)s.",
                serial=serial,
                product=chosen.display_name,
            ), None
        return None, lot

    def _create_registration(self, lot, purchase_date, reseller, proof):
        data = proof.read(MAX_PHOTO_BYTES + 1)
        if len(data) > MAX_PHOTO_BYTES:
            raise UserError(_("%(file)s is larger than 10 MB.", file=proof.filename))
        company = (
            lot.first_delivery_event_id.company_id
            or lot.company_id
            or request.env.company
        )
        Registration = (
            request.env["serial.device.registration"].sudo().with_company(company)
        )
        with ledger_guard.unlocked():
            registration = Registration.create(
                {
                    "partner_id": request.env.user.partner_id.id,
                    "lot_id": lot.id,
                    "company_id": company.id,
                    "purchase_date": purchase_date,
                    "reseller": reseller,
                }
            )
            attachment = (
                request.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": proof.filename,
                        "datas": base64.b64encode(data),
                        "res_model": registration._name,
                        "res_id": registration.id,
                    }
                )
            )
            registration.proof_attachment_id = attachment
        return registration
