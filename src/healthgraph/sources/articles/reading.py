"""Read an article (plain text with an optional header, HTML, PDF) into a normalised Document."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["MAX_BYTES", "Document", "DocumentError", "fold", "normalise_text", "read_document"]

MAX_BYTES = 5 * 1024 * 1024
HEADER_KEYS = ("SOURCE", "TITLE", "PUBLISHER", "DATE", "LANG", "AUTHOR")
_HEADER = re.compile(r"^(SOURCE|TITLE|PUBLISHER|DATE|LANG|AUTHOR):[ \t]*(.*)$")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\u200a": " ", "\t": " "})
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-", "\u2013": "-"})


class DocumentError(ValueError):
    """A document that cannot be read: names the file and the rule it breaks."""

    def __init__(self, path: Path | str, rule: str) -> None:
        """Keep the file and the rule; the message is ``file: rule``."""
        self.path = str(path)
        self.rule = rule
        super().__init__(f"{path}: {rule}")


@dataclass
class Document:
    """A document's normalised text and its metadata (source, title, publisher, date, lang, author, url)."""

    path: str
    text: str
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def lang(self) -> str:
        """Return the document's language code (``fr`` unless the metadata says otherwise)."""
        return (self.metadata.get("lang") or "fr").lower()[:2]

    @property
    def date(self) -> str | None:
        """Return the article's date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) or None when unknown."""
        value = self.metadata.get("date", "").strip()
        return value if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value) else None


def normalise_text(text: str) -> str:
    """Return ``text`` in NFC with non-breaking and thin spaces as plain spaces (offsets refer to this text).

    >>> normalise_text("1" + chr(0x202F) + "300" + chr(0xA0) + "adhérents")
    '1 300 adhérents'
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_SPACES)


def fold(text: str) -> str:
    """Fold case, accents, typographic apostrophes and hyphens for matching; keeps the length of NFC ``text``.

    >>> fold("L’Île-de-France")
    "l'ile-de-france"
    """
    out = []
    for char in unicodedata.normalize("NFC", text).translate(_FOLD):
        base = unicodedata.normalize("NFKD", char)
        kept = "".join(c for c in base if not unicodedata.combining(c)).casefold()
        out.append(kept[:1] if len(kept) >= 1 else char)
    return "".join(out)


def _check_bytes(path: Path, data: bytes) -> None:
    if len(data) > MAX_BYTES:
        raise DocumentError(path, f"file is larger than {MAX_BYTES // (1024 * 1024)} MB ({len(data)} bytes)")
    if not data.strip():
        raise DocumentError(path, "file is empty")


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise DocumentError(path, "file is binary (NUL bytes), not a text, HTML or PDF document")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DocumentError(path, f"file is not UTF-8 text (byte {error.start})") from error


def _split_header(text: str) -> tuple[dict[str, str], str]:
    metadata: dict[str, str] = {}
    lines = text.split("\n")
    index = 0
    while index < len(lines) and (match := _HEADER.match(lines[index])):
        metadata[match.group(1).lower()] = match.group(2).strip()
        index += 1
    if not metadata:
        return {}, text
    if metadata.get("source", "").startswith(("http://", "https://")):
        metadata["url"] = metadata["source"]
    if metadata.get("date") == "unknown":
        metadata.pop("date")
    return metadata, "\n".join(lines[index:]).lstrip("\n")


def _read_html(path: Path, text: str) -> tuple[dict[str, str], str]:
    import trafilatura

    body = trafilatura.extract(text, include_comments=False, include_tables=True, favor_precision=True)
    if not body or not body.strip():
        raise DocumentError(path, "HTML page has no main text")
    metadata: dict[str, str] = {}
    found = trafilatura.extract_metadata(text)
    if found is not None:
        for key in ("title", "author", "date", "url"):
            value = getattr(found, key, None)
            if value:
                metadata[key] = str(value)
        if found.sitename:
            metadata["publisher"] = str(found.sitename)
    return metadata, body


def _read_pdf(path: Path, data: bytes) -> tuple[dict[str, str], str]:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        body = "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError) as error:
        raise DocumentError(path, f"PDF cannot be read ({error})") from error
    if not body.strip():
        raise DocumentError(path, "PDF has no extractable text (scanned pages are not read)")
    metadata: dict[str, str] = {}
    if reader.metadata is not None and reader.metadata.title:
        metadata["title"] = str(reader.metadata.title)
    return metadata, body


def _looks_html(path: Path, text: str) -> bool:
    if path.suffix.lower() in (".html", ".htm", ".xhtml"):
        return True
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html"))


def read_document(path: Path | str, overrides: dict[str, str] | None = None) -> Document:
    """Read ``path`` (text, HTML or PDF) into a Document; ``overrides`` (title, date…) win over the file's own.

    Raises DocumentError for an empty, binary, undecodable or oversized file.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DocumentError(path, f"cannot be read ({error.strerror})") from error
    _check_bytes(path, data)
    if data.startswith(b"%PDF-"):
        metadata, body = _read_pdf(path, data)
    else:
        text = _decode(path, data)
        metadata, body = _read_html(path, text) if _looks_html(path, text) else _split_header(text)
    body = normalise_text(body)
    if not body.strip():
        raise DocumentError(path, "file has no text after its header")
    metadata.update({k: v for k, v in (overrides or {}).items() if v})
    return Document(str(path), body, metadata)
