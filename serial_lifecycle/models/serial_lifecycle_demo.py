from odoo import api, fields, models


class SerialLifecycleDemo(models.AbstractModel):
    """Runs the demo flows through Odoo's own pickings and wizards.

    Demo XML cannot drive a return wizard or a validation with serials, so
    this loader does it. It is called only from demo/serial_lifecycle_demo.xml.
    """

    _name = "serial.lifecycle.demo"
    _description = "Serial Lifecycle Demo Loader"

    @api.model
    def _load_demo_flows(self):
        laptop = self.env.ref("serial_lifecycle.product_laptop")
        pump = self.env.ref("serial_lifecycle.product_infusion_pump")
        vendor = self.env.ref("serial_lifecycle.partner_vendor")
        clinic = self.env.ref("serial_lifecycle.partner_customer_clinic")
        lab = self.env.ref("serial_lifecycle.partner_customer_lab")
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )

        self._validate(
            self._picking(warehouse.in_type_id, vendor, {laptop: 10, pump: 5}),
            {
                laptop: ["LAP-%06d" % number for number in range(1, 11)],
                pump: ["IP2%06d" % number for number in range(1, 6)],
            },
        )
        to_clinic = self._picking(warehouse.out_type_id, clinic, {laptop: 3, pump: 2})
        self._validate(to_clinic)
        self._validate(self._picking(warehouse.out_type_id, lab, {laptop: 2}))

        # The clinic sends one laptop back through the standard return wizard.
        returned_move = to_clinic.move_ids.filtered(
            lambda move: move.product_id == laptop
        )
        wizard = (
            self.env["stock.return.picking"]
            .with_context(
                active_id=to_clinic.id,
                active_model="stock.picking",
            )
            .create({})
        )
        wizard.product_return_moves.filtered(
            lambda line: line.move_id == returned_move
        ).quantity = 1
        self._validate(
            self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        )

        pumps_at_clinic = to_clinic.move_line_ids.lot_id.filtered(
            lambda lot: lot.product_id == pump
        )
        pumps_at_clinic[:1]._lifecycle_apply_manual_action(
            "installed",
            fields.Datetime.now(),
            "Installed in the intensive care unit by our technician.",
            partner=clinic,
            site="Lyon, ICU room 4",
        )
        in_stock = self.env["stock.lot"].search(
            [("product_id", "=", pump.id), ("lifecycle_state", "=", "available")]
        )
        in_stock[:1]._lifecycle_apply_manual_action(
            "quarantine",
            fields.Datetime.now(),
            "Dented casing found at the incoming inspection.",
        )

    def _picking(self, picking_type, partner, quantities):
        source = picking_type.default_location_src_id or partner.property_stock_supplier
        destination = (
            picking_type.default_location_dest_id or partner.property_stock_customer
        )
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": partner.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "move_ids": [
                    fields.Command.create(
                        {
                            "name": product.display_name,
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                            "product_id": product.id,
                            "product_uom_qty": quantity,
                            "product_uom": product.uom_id.id,
                        }
                    )
                    for product, quantity in quantities.items()
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        return picking

    def _validate(self, picking, serials_by_product=None):
        for product, serials in (serials_by_product or {}).items():
            lines = picking.move_line_ids.filtered(
                lambda line, product=product: line.product_id == product
            )
            for line, serial in zip(lines, serials, strict=False):
                line.lot_name = serial
        picking.move_ids.picked = True
        picking.button_validate()
