from odoo.http import Controller, request, route


class SerialCheck(Controller):
    """The public serial check: is this a genuine serial of this product, stolen, under warranty?

    Nothing else is ever shown (no customer, address, price or history), an
    unknown serial and a serial of another product get the same answer, and
    each address has a number of checks per hour (Settings), so serials
    cannot be listed by trying them.
    """

    @route(["/serial/check"], type="http", auth="public", website=True, sitemap=False)
    def serial_check(self, product=None, serial=None, **kwargs):
        Check = request.env["serial.check.attempt"].sudo()
        products = Check._checkable_products()
        values = {"products": products, "product": None, "serial": (serial or "").strip()[:64], "answer": None}
        if product and product.isdigit():
            values["product"] = products.filtered(lambda record: record.id == int(product))
        if values["product"] and values["serial"]:
            values["answer"] = Check._check(request.httprequest.remote_addr, values["product"], values["serial"])
        return request.render("serial_warranty.serial_check_page", values)
