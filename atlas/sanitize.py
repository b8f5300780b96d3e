"""Control characters out of text: the build refuses them, uploads lose them, and every renderer
that hands text to a native library (vl-convert for SVG/PNG figures, openpyxl for .xlsx) passes
it through `printable()` / `printable_data()` first: vl-convert aborts the whole process on most
of them, openpyxl raises `IllegalCharacterError`.

Control characters here: C0 but tab, line feed and carriage return; DEL; C1; lone surrogates;
the non-characters U+FFFE/U+FFFF. No one means them as text. A foundation module: the build, the
connectors, the exports and the views all use it.
"""

from __future__ import annotations

import re
from typing import Any

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def control_character(value: Any) -> str | None:
    """The first control character in `value` as "U+001B", or None (see the module)."""
    found = CONTROL_CHARACTERS.search(str(value)) if value is not None else None
    return None if found is None else f"U+{ord(found.group()):04X}"


def printable(value: str) -> str:
    """`value` without control characters (tab, line feed and carriage return stay)."""
    return CONTROL_CHARACTERS.sub("", value)


def printable_data(value: Any) -> Any:
    """Every text in `value` (nested dicts, lists and tuples, e.g. a Vega-Lite spec with its
    data) passed through `printable()`; everything else as it is."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {printable_data(key): printable_data(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(printable_data(item) for item in value)
    return value
