from odoo import _, api, models
from odoo.exceptions import ValidationError

from ..tools.input_values import value_problem
from ..tools.messages import bullet_list


class SerialInputMixin(models.AbstractModel):
    """Refuse, by field and value, what a client sent that the database cannot take.

    Inherited by the models and wizards of our modules that users write to.
    Models whose ``create`` or ``write`` reads the values before calling
    ``super()`` call ``_serial_check_input_values`` first themselves.
    """

    _name = "serial.input.mixin"
    _description = "Serial Modules: Checked Input Values"
    # Text fields that hold a serial number: their own check refuses a NUL
    # with the other control characters, in a serial's words.
    _serial_text_fields = ()

    @api.model_create_multi
    def create(self, vals_list):
        self._serial_check_input_values(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._serial_check_input_values([vals])
        return super().write(vals)

    @api.model
    def _serial_check_input_values(self, vals_list):
        messages = {
            "nul": _(
                "%(field)s: %(value)r contains a NUL character, which cannot be stored"
            ),
            "not_id": _("%(field)s: %(value)r is not a record"),
            "not_integer": _(
                "%(field)s: %(value)r is not a whole number within ±2,147,483,647"
            ),
            "not_date": _("%(field)s: %(value)r is not a date (YYYY-MM-DD)"),
            "not_datetime": _(
                "%(field)s: %(value)r is not a date and time (YYYY-MM-DD HH:MM:SS)"
            ),
            "not_choice": _("%(field)s: %(value)r is not one of the choices"),
            "not_ids": _("%(field)s: %(value)r names something that is not a record"),
        }
        errors = []
        for vals in vals_list:
            if not isinstance(vals, dict):
                raise ValidationError(
                    _("%(vals)r is not a set of field values.", vals=vals)
                )
            for name, value in vals.items():
                if isinstance(value, models.BaseModel):
                    continue  # records passed by server code, never by a client
                field = name not in self._serial_text_fields and self._fields.get(name)
                choices = (
                    field
                    and field.type == "selection"
                    and [key for key, _label in field._description_selection(self.env)]
                )
                problem = field and value_problem(field.type, value, choices or ())
                if problem:
                    errors.append(
                        messages[problem]
                        % {"field": field._description_string(self.env), "value": value}
                    )
        if errors:
            raise ValidationError(
                _("Nothing was saved:\n%(errors)s", errors=bullet_list(errors))
            )
