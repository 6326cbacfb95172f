"""Shapes of the messages users read.

The helpers of tools/ know no language: they say what is wrong as a
``Message``, a code of their module's message table and its parameters. The
model layer turns it into a sentence in the reader's language when it shows
it (``<module>/messages.py``), so nothing English is built or stored here.
"""

import datetime
from collections import namedtuple


class Message(namedtuple("Message", "code params")):
    """A code of a message table and its parameters (plain values, or other
    Messages, rendered first: "the serial" inside "%(label)s is empty")."""

    __slots__ = ()

    def __new__(cls, code, **params):
        return super().__new__(cls, code, params)


class MessageError(ValueError):
    """A refusal of a helper, carrying its ``message`` for the model layer."""

    def __init__(self, code, **params):
        self.message = Message(code, **params)
        super().__init__(code, params)


def bullet_list(lines):
    """The lines of a refusal, one per offending value, as one text."""
    return "\n".join(f" - {line}" for line in lines)


# Messages kept in the database (a Json field) keep their parameters as
# data: dates as ISO text, so that each reader sees them in their own format.
def message_to_json(message):
    """``message`` as JSON data, for a Json field: {"code": ..., "params": {...}}."""
    return {
        "code": message.code,
        "params": {name: _to_json(value) for name, value in message.params.items()},
    }


def message_from_json(data):
    """The Message that message_to_json() gave ``data`` for."""
    return Message(
        data["code"],
        **{name: _from_json(value) for name, value in data["params"].items()},
    )


def _to_json(value):
    if isinstance(value, Message):
        return {"message": message_to_json(value)}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    return value


def _from_json(value):
    if isinstance(value, dict) and "message" in value:
        return message_from_json(value["message"])
    if isinstance(value, dict) and "date" in value:
        return datetime.date.fromisoformat(value["date"])
    return value
