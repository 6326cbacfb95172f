"""What a serial label encodes: GS1 element strings for (01) GTIN and (21) serial.

Pure functions, no Odoo. A label carries the product's GTIN only when its
barcode is a valid GTIN; otherwise the code holds the serial alone, as a
plain Code 128, because (21) is not valid GS1 without (01).
"""

from urllib.parse import quote

from .gs1 import Gs1Error, build_element_string, check_gtin, human_readable


def gtin14(barcode):
    """Return ``barcode`` as a 14-digit GTIN if it is a valid GTIN-8, -12, -13 or -14,
    else None."""
    barcode = (barcode or "").strip()
    try:
        check_gtin(barcode)
    except Gs1Error:
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
        return {
            "gs1": False,
            "gtin": None,
            "element_string": serial,
            "human_readable": serial,
        }
    fields = [("01", gtin), ("21", serial)]
    return {
        "gs1": True,
        "gtin": gtin,
        "element_string": build_element_string(fields),
        "human_readable": human_readable(fields),
    }


def digital_link(base_url, gtin, serial):
    """The GS1 Digital Link URI of a serial: ``<base>/01/<GTIN-14>/21/<serial>``.

    A phone camera opens it; the serial is percent-encoded as GS1's Digital
    Link standard asks (set 82 allows ``/``, ``%``, ``&`` ...).
    """
    return "{}/01/{}/21/{}".format(base_url.rstrip("/"), gtin, quote(serial, safe=""))
