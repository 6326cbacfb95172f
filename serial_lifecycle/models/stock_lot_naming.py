import contextvars

from odoo import _, api, models
from odoo.exceptions import ValidationError

from ..messages import render
from ..tools.messages import bullet_list
from ..tools.serial_numbers import (
    check_serial,
    find_duplicates,
    normalize_serial,
    split_serial,
    text_input_problem,
)

# Names taken from a product's serial template for the generation under way
# (set by stock.move, read by generate_lot_names): server-side, not a context
# key, so that a client cannot choose the names Odoo generates.
TEMPLATE_NAMES = contextvars.ContextVar("serial_lifecycle_template_names", default=None)


# The model is extended by concern, one file each: not merged on purpose.
# pylint: disable=consider-merging-classes-inherited
class StockLot(models.Model):
    """Serial numbers: format rules, duplicates, templates, prefix/number split."""

    _inherit = "stock.lot"

    # ------------------------------------------------------------------
    # Serial numbers: format rules, duplicates, prefix/number split
    # ------------------------------------------------------------------

    @api.model
    def generate_lot_names(self, first_lot, count):
        names = TEMPLATE_NAMES.get()
        if names is not None and len(names) == count:
            return [{"lot_name": name} for name in names]
        return super().generate_lot_names(first_lot, count)

    @api.model
    def _get_next_serial(self, company, product):
        # Manufacturing asks here for the serial of a finished product.
        if product.serial_sequence_use and product.tracking == "serial":
            return product.product_tmpl_id._serial_sequence_take(1)[0]
        return super()._get_next_serial(company, product)

    @api.model
    def _serial_input_error(self, value):
        """Why ``value`` cannot be a serial or lot number at all (in the user's words),
        or None."""
        problem = text_input_problem(value)
        if problem == "not_text":
            return _("%(value)r is not a serial number (text expected)", value=value)
        if problem == "empty":
            return _(
                "a serial or lot number cannot be empty (%(value)r)", value=value or ""
            )
        if problem == "control":
            return _(
                "%(value)r contains control characters, which no label carries",
                value=value,
            )
        return None

    @api.model
    def _prepare_serial_vals(self, vals_list, renamed_lot=None):
        """Normalise, check and split the names of lots about to be written.

        Every bad name is reported at once, with its reason, before anything
        is written, so a pasted list of 200 serials is refused or accepted
        whole.
        """
        products = self.env["product.product"].browse(
            {vals["product_id"] for vals in vals_list if vals.get("product_id")}
        )
        errors = []
        serial_keys = []
        for vals in vals_list:
            if "name" in vals:
                # Any lot, serial or not: an empty name or a NUL would reach
                # the database as '' or as a crash.
                if isinstance(vals["name"], str):
                    vals["name"] = normalize_serial(vals["name"])
                error = self._serial_input_error(vals["name"])
                if error:
                    errors.append(error)
                    continue
            name = vals.get("name")
            product = products.browse(vals.get("product_id")).with_prefetch(
                products._prefetch_ids
            )
            prefix, number_key, suffix = split_serial(name)
            vals.update(
                serial_prefix=prefix,
                serial_numeric_key=number_key,
                serial_suffix=suffix,
            )
            if not name or product.tracking != "serial":
                continue
            for reason in check_serial(
                name, *product.product_tmpl_id._serial_format_rules()
            ):
                errors.append(
                    _(
                        "%(serial)r %(reason)s",
                        serial=name,
                        reason=render(self.env, reason),
                    )
                )
            company_id = vals.get("company_id", product.company_id.id)
            serial_keys.append((product.id, company_id or False, name))
        for _product_id, _company_id, name in find_duplicates(serial_keys):
            errors.append(_("%(serial)r is given more than once", serial=name))
        errors += self._existing_serial_errors(serial_keys, renamed_lot)
        if errors:
            raise ValidationError(
                _(
                    "These serial numbers are refused; nothing was saved:\n%(lines)s",
                    lines=bullet_list(errors),
                )
            )

    @api.model
    def _check_serial_name_list(self, product, company_id, names):
        """Refuse a generated or pasted list of serials before it reaches the moves.

        Every bad line is named with its number and reason. Serials that exist
        already are accepted only if they may be received again (back from
        the vendor, or never received).
        """
        if product.tracking != "serial":
            return
        rules = product.product_tmpl_id._serial_format_rules()
        names = [normalize_serial(name) for name in names]
        errors = [
            _(
                "line %(line)s: %(serial)r %(reason)s",
                line=index,
                serial=name,
                reason=render(self.env, reason),
            )
            for index, name in enumerate(names, 1)
            for reason in check_serial(name, *rules)
        ]
        errors += [
            _("%(serial)r is given more than once", serial=name)
            for name in find_duplicates(names)
        ]
        existing = self.search(
            [
                ("product_id", "=", product.id),
                # A name PostgreSQL cannot even compare (a NUL) is refused above.
                (
                    "name",
                    "in",
                    [name for name in names if not text_input_problem(name)],
                ),
                ("company_id", "in", (False, company_id or False)),
                ("lifecycle_state", "not in", ("draft", "vendor_returned")),
            ]
        )
        errors += [
            _(
                "%(serial)r already exists and is %(state)s",
                serial=lot.name,
                state=self._lifecycle_state_label(lot.lifecycle_state),
            )
            for lot in existing
        ]
        if errors:
            raise ValidationError(
                _(
                    "These serial numbers for %(product)s are refused; "
                    "nothing was added:\n%(lines)s",
                    product=product.display_name,
                    lines=bullet_list(errors),
                )
            )

    @api.model
    def _existing_serial_errors(self, serial_keys, renamed_lot=None):
        """Name the serials that already exist for the same product and company
        (but ``renamed_lot`` itself, when a serial is being renamed)."""
        if not serial_keys:
            return []
        # Only what this user may see: a serial of another company is not
        # named to them (the unique index still settles the database-wide case).
        existing = self.with_context(active_test=False).search_fetch(
            [
                ("product_id", "in", list({key[0] for key in serial_keys})),
                ("name", "in", list({key[2] for key in serial_keys})),
                ("id", "!=", renamed_lot.id if renamed_lot else 0),
            ],
            ["name", "product_id", "company_id"],
        )
        taken = {
            (lot.product_id.id, lot.name): lot.company_id.id or False
            for lot in existing
        }
        errors = []
        for product_id, company_id, name in dict.fromkeys(serial_keys):
            if (product_id, name) not in taken:
                continue
            other_company = taken[(product_id, name)]
            # Same rule as Odoo's _check_unique_lot: a lot without company
            # clashes with every company.
            if not company_id or not other_company or company_id == other_company:
                errors.append(
                    _("%(serial)r already exists for this product", serial=name)
                )
        return errors
