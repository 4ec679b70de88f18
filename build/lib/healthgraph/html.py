"""HTML: data made safe to place inside a page (JSON in a ``<script>`` element, text in an element)."""

from __future__ import annotations

import html
import json
from typing import Any

__all__ = ["json_for_html", "text_for_html"]


def json_for_html(value: Any) -> str:
    r"""Dump JSON safe to embed in an HTML ``<script>`` element (no ``<``, ``>`` or ``&`` left raw).

    >>> json_for_html({"label": "</script><img onerror=x>"})
    '{"label": "\\u003c/script\\u003e\\u003cimg onerror=x\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def text_for_html(text: str) -> str:
    """Escape ``text`` for an HTML element or attribute."""
    return html.escape(text, quote=True)
