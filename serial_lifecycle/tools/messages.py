"""Shapes of the messages users read."""


def bullet_list(lines):
    """The lines of a refusal, one per offending value, as one text."""
    return "\n".join(f" - {line}" for line in lines)
