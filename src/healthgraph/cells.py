r"""Cells: text made safe for the places people open it, a spreadsheet or a terminal.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a formula
(OWASP's CSV injection rule): such cells get a leading apostrophe, which spreadsheets show as text, and which
:func:`from_spreadsheet` removes again when the project reads its own files back. A terminal runs escape
sequences: control characters are shown as ``\xNN`` instead.
"""

from __future__ import annotations

import re

__all__ = ["CONTROL_RE", "for_spreadsheet", "for_terminal", "from_spreadsheet"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
NUMBER_RE = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?(?:[eE][+-]?[0-9]+)?")
# control characters no text of the data may hold: C0 (but tab, line feed, carriage return), DEL, C1, U+2028/9
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
TERMINAL_RE = re.compile(r"[\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")  # and CR, which rewrites a line


def for_spreadsheet(text: str) -> str:
    r"""Return ``text`` as a spreadsheet shows it without running it (numbers are left as they are).

    >>> for_spreadsheet('=HYPERLINK("http://x","Inserm")')
    '\'=HYPERLINK("http://x","Inserm")'
    >>> for_spreadsheet("-12.5"), for_spreadsheet("Inserm")
    ('-12.5', 'Inserm')
    """
    if (text.startswith(FORMULA_START) and not NUMBER_RE.fullmatch(text)) or text.startswith("'"):
        return "'" + text  # a value that starts with ' gets one too, so that reading back is exact
    return text


def from_spreadsheet(text: str) -> str:
    """Undo :func:`for_spreadsheet` on a cell the project wrote.

    >>> from_spreadsheet(for_spreadsheet("@SUM(A1)"))
    '@SUM(A1)'
    """
    if text.startswith("'") and (text[1:].startswith((*FORMULA_START, "'"))):
        return text[1:]
    return text


def for_terminal(text: str) -> str:
    r"""Return ``text`` with control characters (ESC, NUL, C1 codes) shown as ``\xNN``, so none reaches a terminal.

    >>> for_terminal("a\x1b[31mred")
    'a\\x1b[31mred'
    """
    return TERMINAL_RE.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)
