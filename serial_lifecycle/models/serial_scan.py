"""serial.scan: the server side of the scan screen (no table).

The screen keeps its session in the browser ({"location_id", "picking_id",
"scanned": [keys]}) and sends it with every scan; each call answers with
what to show and the new session. Everything a scan changes goes through
Odoo's normal stock flow, so the lifecycle ledger records it.
"""

from odoo import _, api, models
from odoo.exceptions import AccessError, UserError

from ..tools import gs1
from ..tools.input_values import value_problem


class SerialScan(models.AbstractModel):
    _name = "serial.scan"
    _description = "Serial Scan Screen"

    @api.model
    def scan(self, text, session=None):
        """Answer one scan: {"kind", "message", "card", "session"}, or {"kind": "error",
        "message"}.

        Errors are answered, not raised, so that the screen plays its error
        sound and keeps the session; nothing is written on an error.
        """
        if not self.env.user.has_group("serial_lifecycle.group_serial_lifecycle_user"):
            raise AccessError(_("Only Serial Lifecycle users can use the scan screen."))
        if not isinstance(text, str) or not isinstance(session or {}, dict):
            # The browser sends text and the session it was given; anything
            # else comes from another client, and is answered, not crashed on.
            return {
                "kind": "error",
                "session": {},
                "message": _(
                    "%(scan)r is not a scan: send the scanned text and the session.",
                    scan=text,
                ),
            }
        session = dict(session or {})
        if not isinstance(session.get("scanned", []), list):
            session["scanned"] = []
        session.setdefault("scanned", [])
        return self._answer(self._scan, session, text, session)

    @api.model
    def _answer(self, method, session, *args):
        """``method(*args)``'s answer, or its refusal answered with nothing written."""
        try:
            with self.env.cr.savepoint():
                return method(*args)
        except UserError as error:
            # The savepoint undid the writes; the cache must forget them too.
            self.env.invalidate_all()
            return {"kind": "error", "message": error.args[0], "session": session}

    @api.model
    def _scan(self, text, session):
        element_string, is_gs1 = gs1.normalize_element_string(text)
        if not is_gs1 and element_string:
            error = self.env["stock.lot"]._serial_input_error(element_string)
            if error:
                raise UserError(error)
            document = self._scan_document(element_string, session)
            if document:
                return document
        picking = self.env["stock.picking"].browse(session.get("picking_id"))
        product = (
            picking.move_ids.product_id.filtered(lambda p: p.tracking == "serial")
            if picking
            else None
        )
        parsed = self.env["stock.lot"]._serial_scan_parse(
            text,
            product=product if product and len(product) == 1 else None,
            require_serial=True,
        )
        product = parsed["product"]
        key = "{}:{}".format(product.id, parsed["serial"])
        if key in session["scanned"]:
            raise UserError(
                _(
                    "Serial %(serial)s was already scanned in this session.",
                    serial=parsed["serial"],
                )
            )
        if picking:
            message = self._scan_into_picking(picking, parsed)
        elif not parsed["lot"]:
            raise UserError(_("Serial %(serial)s is unknown.", serial=parsed["serial"]))
        elif session.get("location_id"):
            message = self._scan_move_to(
                parsed["lot"], self._scan_session_location(session["location_id"])
            )
        else:
            message = _("Serial %(serial)s", serial=parsed["lot"].name)
        session["scanned"].append(key)
        lot = parsed["lot"] or self.env["stock.lot"].search(
            [("product_id", "=", product.id), ("name", "=", parsed["serial"])], limit=1
        )
        return {
            "kind": "serial",
            "message": message,
            "card": self._scan_card(lot),
            "session": session,
        }

    @api.model
    def _scan_card(self, lot):
        """The scanned serial's card, with its plan's checks while it waits for them."""
        if not lot:
            return False
        card = lot._serial_scan_card()[lot.id]
        card["quality_status"] = lot.quality_status or False
        card["quality_label"] = lot.quality_status and lot._quality_status_label()
        card["inspection"] = lot._quality_scan_checks()
        return card

    # ------------------------------------------------------------------
    # Inspection: the results of a scanned serial's checks
    # ------------------------------------------------------------------

    @api.model
    def record_inspection(self, lot_id, results, session=None):
        """Record the results of the scanned serial's checks; answer as a scan does.

        ``results``: [{"check_id", "result" ("pass"/"fail") or "value" (the
        measured value as typed)}]. Recorded by stock.lot._quality_record, as
        from the Record Inspection dialogs: who, when, the values, and the
        verdict on the serial's timeline once its checks decide it.
        """
        if not self.env.user.has_group("serial_lifecycle.group_serial_lifecycle_user"):
            raise AccessError(_("Only Serial Lifecycle users can use the scan screen."))
        session = session if isinstance(session, dict) else {}
        return self._answer(self._record_inspection, session, lot_id, results, session)

    @api.model
    def _record_inspection(self, lot_id, results, session):
        lot = self.env["stock.lot"]
        if not value_problem("many2one", lot_id):
            lot = lot.browse(lot_id).exists()
        if not lot:
            raise UserError(_("%(lot)r is no serial: scan it again.", lot=lot_id))
        if not isinstance(results, list) or not all(
            isinstance(row, dict)
            and row.get("check_id")
            and not value_problem("many2one", row["check_id"])
            for row in results
        ):
            raise UserError(
                _(
                    "%(results)r are no inspection results: send a list of "
                    '{"check_id", "result" or "value"}.',
                    results=results,
                )
            )
        checks = self.env["serial.inspection.check"].browse(
            [row["check_id"] for row in results]
        )
        unknown = set(checks.ids) - set(checks.exists().ids)
        if unknown:
            raise UserError(
                _(
                    "%(checks)s: no such inspection check.",
                    checks=", ".join(map(str, sorted(unknown))),
                )
            )
        entries = lot._quality_entries_from_input(
            [
                (lot, check, row.get("result"), row.get("value"))
                for check, row in zip(checks, results, strict=True)
            ]
        )
        events = lot._quality_record(entries)
        verdict = events.filtered(lambda event: event.lot_id == lot)[:1]
        if verdict.event_type == "quality_passed":
            message = _("Serial %(serial)s passed its inspection.", serial=lot.name)
        elif verdict.event_type == "quality_failed":
            message = _(
                "Serial %(serial)s failed its inspection: %(note)s.",
                serial=lot.name,
                note=verdict.note,
            )
        else:
            message = _(
                "Results of %(serial)s recorded; its required checks are not all done.",
                serial=lot.name,
            )
        return {
            "kind": "inspection",
            "message": message,
            "warning": verdict.event_type == "quality_failed",
            "card": self._scan_card(lot),
            "session": session,
        }

    @api.model
    def _scan_document(self, text, session):
        """A transfer name or a location barcode (or full name) switches what serials
        do."""
        picking = self.env["stock.picking"].search_fetch(
            [("name", "=", text), ("state", "not in", ("done", "cancel"))],
            ["name", "picking_type_code"],
            limit=1,
        )
        if picking:
            session.update(picking_id=picking.id, location_id=False, scanned=[])
            return {
                "kind": "picking",
                "session": session,
                "message": _("%(picking)s: scan its serials.", picking=picking.name),
            }
        location = self.env["stock.location"].search_fetch(
            self._scan_location_domain()
            + ["|", ("barcode", "=", text), ("complete_name", "=", text)],
            ["complete_name"],
            limit=1,
        )
        if location:
            session.update(location_id=location.id, picking_id=False, scanned=[])
            return {
                "kind": "location",
                "session": session,
                "message": _(
                    "Scan serials to move them to %(location)s.",
                    location=location.complete_name,
                ),
            }
        return None

    @api.model
    def _scan_location_domain(self):
        """Where the scan screen may move serials: internal locations of the user's
        company."""
        return [
            ("usage", "=", "internal"),
            ("company_id", "in", (False, self.env.company.id)),
        ]

    @api.model
    def _scan_session_location(self, location_id):
        """The session's location, which the browser sends back: checked again on every
        scan."""
        location = self.env["stock.location"]
        if location_id and not value_problem("many2one", location_id):
            location = location.search(
                self._scan_location_domain() + [("id", "=", location_id)]
            )
        if not location:
            raise UserError(
                _(
                    "%(location)r is not a stock location of %(company)s: "
                    "scan a location again.",
                    location=location_id,
                    company=self.env.company.name,
                )
            )
        return location

    @api.model
    def _scan_move_to(self, lot, destination):
        """Move one serial to ``destination`` by a validated internal transfer."""
        source = lot._serial_stock_locations().get(lot.id)
        if not source:
            raise UserError(
                _(
                    "Serial %(serial)s is not in stock (%(state)s).",
                    serial=lot.name,
                    state=lot._lifecycle_state_label(lot.lifecycle_state),
                )
            )
        if source == destination:
            raise UserError(
                _(
                    "Serial %(serial)s is already in %(location)s.",
                    serial=lot.name,
                    location=destination.complete_name,
                )
            )
        picking = lot._serial_relocate(destination, _("Scan screen"))
        return _(
            "Serial %(serial)s moved from %(origin)s to %(destination)s (%(picking)s).",
            serial=lot.name,
            origin=source.complete_name,
            destination=destination.complete_name,
            picking=picking.name,
        )

    @api.model
    def _scan_into_picking(self, picking, parsed):
        """Put the scanned serial on the receipt or delivery, on a free line of its
        product."""
        product = parsed["product"]
        if not product:
            raise UserError(
                _(
                    "Serial %(serial)s is unknown: scan its GS1 label.",
                    serial=parsed["serial"],
                )
            )
        move = picking.move_ids.filtered(
            lambda m: m.product_id == product and m.state not in ("done", "cancel")
        )[:1]
        if not move:
            raise UserError(
                _(
                    "%(product)s is not on %(picking)s.",
                    product=product.display_name,
                    picking=picking.name,
                )
            )
        lines = move.move_line_ids
        if picking.picking_type_code == "incoming":
            refusal = parsed["lot"] and move._serial_pick_refusal(parsed["lot"])
            if refusal:
                raise UserError(refusal)
            vals = {"lot_name": parsed["serial"], "quantity": 1, "picked": True}
            if parsed["production_date"]:
                vals["production_date"] = parsed["production_date"]
            line = (
                lines.filtered(lambda ml: ml.lot_name == parsed["serial"])
                or lines.filtered(lambda ml: not ml.lot_name and not ml.lot_id)[:1]
            )
        else:
            if not parsed["lot"]:
                raise UserError(
                    _("Serial %(serial)s is unknown.", serial=parsed["serial"])
                )
            # A blocked serial (state or quality status) is refused by the
            # move line itself (_serial_check_blocked_picks), as any pick.
            vals = {"lot_id": parsed["lot"].id, "quantity": 1, "picked": True}
            line = (
                lines.filtered(lambda ml: ml.lot_id == parsed["lot"])
                or lines.filtered(lambda ml: not ml.picked)[:1]
            )
        if line:
            line.write(vals)
        else:
            self.env["stock.move.line"].create(
                dict(
                    vals,
                    move_id=move.id,
                    picking_id=picking.id,
                    product_id=product.id,
                    location_id=move.location_id.id,
                    location_dest_id=move.location_dest_id.id,
                )
            )
        done = len(move.move_line_ids.filtered("picked"))
        return _(
            "Serial %(serial)s added to %(picking)s (%(done)s of %(total)s "
            "%(product)s).",
            serial=parsed["serial"],
            picking=picking.name,
            done=done,
            total=int(move.product_uom_qty),
            product=product.display_name,
        )

    @api.model
    def open_picking(self, picking_id):
        """The form of the session's transfer, to validate it."""
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking",
            "res_id": picking_id,
            "views": [[False, "form"]],
        }
