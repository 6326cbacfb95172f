"""Read a Code 128 bar pattern back into its data, as a scanner does.

Test support only: the labels' tests decode the modules python-barcode
draws, to prove that what is printed is what the parser expects.
"""

from barcode.charsets.code128 import CODES, START_CODES, STOP

FNC1 = 102
GROUP_SEPARATOR = "\x1d"
SWITCH = {"A": {99: "C", 100: "B"}, "B": {99: "C", 101: "A"}, "C": {100: "B", 101: "A"}}


def decode_code128(modules):
    """Return (is_gs1, data) for a module string ('1' bar, '0' space) of a Code 128
    symbol.

    FNC1 right after the start code marks a GS1-128 symbol; any later FNC1
    is a group separator. A wrong checksum raises ValueError.
    """
    body = modules[: modules.rindex(STOP)]
    values = [
        CODES.index(body[index : index + 11]) for index in range(0, len(body), 11)
    ]
    *symbols, checksum = values
    if (
        checksum
        != (
            symbols[0]
            + sum(position * value for position, value in enumerate(symbols[1:], 1))
        )
        % 103
    ):
        raise ValueError("bad Code 128 checksum")
    charset = {value: name for name, value in START_CODES.items()}[symbols[0]]
    is_gs1 = len(symbols) > 1 and symbols[1] == FNC1
    data = []
    for value in symbols[2 if is_gs1 else 1 :]:
        if value == FNC1:
            data.append(GROUP_SEPARATOR)
        elif value in SWITCH[charset]:
            charset = SWITCH[charset][value]
        elif charset == "C":
            data.append("%02d" % value)
        elif charset == "B" or value < 64:
            data.append(chr(value + 32))
        else:
            data.append(chr(value - 64))
    return is_gs1, "".join(data)
