"""Read a label's 2D code back, as a scanner does, with zxing-cpp's decoder.

Test support only: the labels' tests decode the PNG images the report
embeds, to prove that what is printed is a real GS1 symbol and what the
parser expects. The result is what a scanner sends: the symbology identifier
(ISO/IEC 15424: ]d2 GS1 DataMatrix, ]Q3 GS1 QR Code, ]d1 / ]Q1 plain ones)
and the data, FNC1 between two fields given as GS (ASCII 29).
"""

import base64
import io
import re

import zxingcpp
from PIL import Image

FORMATS = {
    zxingcpp.BarcodeFormat.DataMatrix: "datamatrix",
    zxingcpp.BarcodeFormat.QRCode: "qr",
}
_PNG_SRC_RE = re.compile(r"^data:image/png;base64,(.+)$")


def png_of_data_uri(src):
    """The PNG bytes of a ``data:image/png;base64,...`` URI."""
    match = _PNG_SRC_RE.match(src or "")
    if not match:
        raise ValueError("not a PNG data URI: {!r}".format((src or "")[:40]))
    return base64.b64decode(match.group(1))


def decode_matrix(png):
    """Return ``(matrix, symbology_identifier, data)`` of the one 2D code in ``png``.

    ``matrix`` is "datamatrix" or "qr"; ``data`` is the raw text (TextMode
    Plain: no parentheses added, nothing dropped, a stray NUL kept). Raises
    ValueError unless there is exactly one valid symbol.
    """
    image = Image.open(io.BytesIO(png)).convert("L")
    symbols = zxingcpp.read_barcodes(
        image, formats=tuple(FORMATS), text_mode=zxingcpp.TextMode.Plain
    )
    if len(symbols) != 1 or not symbols[0].valid:
        raise ValueError("expected one 2D code, found %d" % len(symbols))
    symbol = symbols[0]
    return FORMATS[symbol.format], symbol.symbology_identifier, symbol.text
