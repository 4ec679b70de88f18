"""HTML: data made safe to place inside a page (JSON in a ``<script>`` element, text in an element)."""

from __future__ import annotations

import html
import json
from typing import Any

__all__ = ["PICK_LANGUAGE_JS", "json_for_html", "text_for_html"]


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


# The pages' language, one function for every self-contained page (query page, map, network views): ?lang= in the
# address, else the one the server chose (<html data-lang>), else the browser's first language.
PICK_LANGUAGE_JS = """function pickLanguage() {
  const asked = new URLSearchParams(location.search).get("lang") || document.documentElement.dataset.lang;
  if (asked === "fr" || asked === "en") { return asked; }  // asked in the address, or chosen by the server
  return (navigator.languages || [navigator.language || "en"]).some(l => /^fr\\b/i.test(l)) ? "fr" : "en";
}"""
