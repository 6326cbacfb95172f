from urllib.parse import urlencode

from odoo.http import Controller, request, route

from odoo.addons.serial_lifecycle.tools.labels import gtin14


class SerialCheck(Controller):
    """The public serial check: is this a genuine serial of this product, stolen, under
    warranty?

    Nothing else is ever shown (no customer, address, price or history), an
    unknown serial and a serial of another product get the same answer, and
    each address has a number of checks per hour (Settings), so serials
    cannot be listed by trying them.
    """

    @route(["/serial/check"], type="http", auth="public", website=True, sitemap=False)
    def serial_check(self, product=None, serial=None, **kwargs):
        Check = request.env["serial.check.attempt"].sudo()
        products = Check._checkable_products()
        values = {
            "products": products,
            "product": None,
            "serial": (serial or "").strip()[:64],
            "answer": None,
        }
        if product and product.isdigit():
            values["product"] = products.filtered(
                lambda record: record.id == int(product)
            )
        if values["product"] and values["serial"]:
            values["answer"] = Check._check(
                request.httprequest.remote_addr, values["product"], values["serial"]
            )
        return request.render("serial_warranty.serial_check_page", values)

    @route(
        ["/01/<string:gtin>/21/<path:serial>"],
        type="http",
        auth="public",
        website=True,
        sitemap=False,
    )
    def serial_digital_link(self, gtin, serial, **kwargs):
        """A label's QR Code (GS1 Digital Link): the check of that serial of the product
        with that GTIN."""
        products = request.env["serial.check.attempt"].sudo()._checkable_products()
        product = products.filtered(
            lambda record: record.barcode and gtin14(record.barcode) == gtin14(gtin)
        )[:1]
        query = {"serial": serial}
        if product:
            query["product"] = product.id
        return request.redirect(f"/serial/check?{urlencode(query)}")
