"""Age groups of serials in stock: one table, read by the report's SQL and by Python.

Each row: the highest age in days the group holds (``None``: no limit), its
key (stored, grouped on) and its label.
"""

AGE_GROUPS = [
    (30, "0_30", "Up to 30 days"),
    (90, "31_90", "31 to 90 days"),
    (180, "91_180", "91 to 180 days"),
    (365, "181_365", "181 to 365 days"),
    (None, "over_365", "Over a year"),
]

# The groups as the choices of a selection field.
AGE_GROUP_SELECTION = [(key, label) for __, key, label in AGE_GROUPS]


def age_group(days):
    """The key of the age group of a unit in stock for ``days`` days."""
    for highest, key, _label in AGE_GROUPS:
        if highest is None or days <= highest:
            return key
    raise AssertionError("AGE_GROUPS ends with an open group")
