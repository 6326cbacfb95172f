"""What a serial label encodes: GS1 element strings for (01) GTIN and (21) serial.

Pure functions, no Odoo. A label carries the product's GTIN only when its
barcode is a valid GTIN; otherwise the code holds the serial alone, as a
plain Code 128, because (21) is not valid GS1 without (01).
"""


def gs1_check_digit(digits):
    """Return the GS1 mod-10 check digit for a string of digits (GTIN without its last digit)."""
    total = sum(int(char) * (3 if position % 2 == 0 else 1) for position, char in enumerate(reversed(digits)))
    return str((10 - total % 10) % 10)


def gtin14(barcode):
    """Return ``barcode`` as a 14-digit GTIN if it is a valid GTIN-8, -12, -13 or -14, else None."""
    barcode = (barcode or "").strip()
    if len(barcode) not in (8, 12, 13, 14) or not barcode.isdigit():
        return None
    if gs1_check_digit(barcode[:-1]) != barcode[-1]:
        return None
    return barcode.zfill(14)


def label_codes(serial, barcode=None):
    """Return what a label for ``serial`` encodes.

    A dict with:
    - ``gs1``: whether the codes are GS1 element strings;
    - ``element_string``: the data of the codes, without FNC1 (AI 21 comes
      last, so no group separator is ever needed);
    - ``human_readable``: the text printed under the linear code.
    """
    gtin = gtin14(barcode)
    if not gtin:
        return {"gs1": False, "gtin": None, "element_string": serial, "human_readable": serial}
    return {
        "gs1": True,
        "gtin": gtin,
        "element_string": "01%s21%s" % (gtin, serial),
        "human_readable": "(01)%s(21)%s" % (gtin, serial),
    }
