"""Screening: what a query asks of the outside world (SERVICE, FROM), read before it runs.

Two readings, for two purposes:

- :func:`screen`, a linear SPARQL lexer run in the server before any worker starts: codepoint
  escapes are decoded first (as the grammar and Oxigraph's parser do), then IRIs, strings, comments,
  variables, names and punctuation are read left to right, each character once, so the cost is
  linear in the query's length whatever it contains (runs of quotes, backslashes or angle brackets
  included). It gives a clear refusal for the ordinary cases; a query it cannot read (an unterminated
  string) is refused rather than guessed at.
- :func:`services_in_algebra`, rdflib's SPARQL grammar, run in the worker under the deadline. A lexer
  cannot tell ``<`` as "less than" from ``<`` opening an IRI without the grammar's context, so where
  the worker keeps network access (a service is allowed, or the network could not be cut off) the
  SERVICE targets are decided from the algebra, failing closed when rdflib cannot parse the query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["MAX_DEPTH", "MAX_QUERY_CHARS", "Screening", "ScreeningError", "screen", "services_in_algebra", "tokens"]

MAX_QUERY_CHARS = 100_000
MAX_DEPTH = 256  # Oxigraph's recursive parser overflows its stack at a few thousand nested groups
CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
IRIREF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
LONG_STRINGS = {
    "'''": re.compile(r"(?:[^'\\]|\\.|'(?!''))*'''", re.DOTALL),
    '"""': re.compile(r'(?:[^"\\]|\\.|"(?!""))*"""', re.DOTALL),
}
SHORT_STRINGS = {"'": re.compile(r"(?:[^'\\\n\r]|\\.)*'"), '"': re.compile(r'(?:[^"\\\n\r]|\\.)*"')}
WORD = re.compile(r"[^\s<>\"'#{}()\[\],;=!|^&*/+?$@]+")
VARIABLE = re.compile(r"[?$][^\s<>\"'#{}()\[\],;=!|^&*/+?$@.]*")
LANGTAG = re.compile(r"@[A-Za-z0-9-]+")
ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


class ScreeningError(ValueError):
    """The query cannot be read far enough to be screened (it is also malformed for the engine)."""


@dataclass
class Screening:
    """What a query names outside its graph patterns: SERVICE targets and FROM graphs, as IRIs.

    A target that is a variable, a relative IRI or a name with an unknown prefix is listed as ``None``.
    """

    services: list[str | None] = field(default_factory=list)
    from_graphs: list[str | None] = field(default_factory=list)


def _decode_codepoints(query: str) -> str:
    def replace(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else match.group(0)

    return CODEPOINT.sub(replace, query)


def _string_end(text: str, start: int) -> int:
    """Return the index after the string literal opening at ``start``."""
    for opener, pattern in (*LONG_STRINGS.items(), *SHORT_STRINGS.items()):
        if text.startswith(opener, start):
            match = pattern.match(text, start + len(opener))
            if match is None:
                raise ScreeningError(f"malformed query: unterminated string starting at character {start}")
            return match.end()
    raise AssertionError("not a string")  # pragma: no cover


def _token_at(text: str, position: int) -> tuple[str, int]:
    char = text[position]
    if char == "<":
        iri = IRIREF.match(text, position)
        return ("iri", iri.end()) if iri else ("punct", position + 1)
    for kind, pattern, lead in (("var", VARIABLE, "?$"), ("lang", LANGTAG, "@")):
        if char in lead:
            match = pattern.match(text, position)
            return (kind, match.end()) if match and match.end() > position + 1 else ("punct", position + 1)
    word = WORD.match(text, position)
    return ("word", word.end()) if word else ("punct", position + 1)


def tokens(query: str) -> list[tuple[str, str]]:
    """Split a query into (kind, text) tokens: iri, string, var, word, lang, punct (comments dropped)."""
    text = _decode_codepoints(query)
    found: list[tuple[str, str]] = []
    position, length = 0, len(text)
    while position < length:
        char = text[position]
        if char.isspace():
            position += 1
        elif char == "#":
            newline = text.find("\n", position)
            position = length if newline < 0 else newline + 1
        else:
            kind, end = ("string", _string_end(text, position)) if char in "'\"" else _token_at(text, position)
            found.append((kind, text[position:end]))
            position = end
    return found


def _resolve(token: tuple[str, str] | None, prefixes: dict[str, str | None]) -> str | None:
    if token is None:
        return None
    kind, value = token
    if kind == "iri":
        iri = value[1:-1]
        return iri if ABSOLUTE.match(iri) else None
    if kind == "word" and ":" in value:
        prefix, _, local = value.partition(":")
        namespace = prefixes.get(prefix)
        return namespace + local if namespace is not None else None
    return None


def _target(items: list[tuple[str, str]], index: int, modifier: str) -> tuple[str, str] | None:
    """Return the token that a SERVICE or FROM keyword at ``index`` names, past an optional modifier."""
    following = items[index + 1 : index + 3]
    if following and following[0][0] == "word" and following[0][1].upper() == modifier:
        following = following[1:]
    return following[0] if following else None


def _check_depth(items: list[tuple[str, str]]) -> None:
    """Refuse groups, parentheses, brackets or quoted triples nested deeper than :data:`MAX_DEPTH`."""
    depth = quoted = 0
    for index, (kind, value) in enumerate(items):
        if kind != "punct":
            continue
        if value in "{([":
            depth += 1
        elif value in "})]":
            depth -= 1
        elif value == "<" and index and items[index - 1] == ("punct", "<"):
            quoted += 1  # "<<" opens a quoted triple; counted without closing, an upper bound
        if depth > MAX_DEPTH or quoted > MAX_DEPTH:
            raise ScreeningError(f"query nested deeper than {MAX_DEPTH} levels: this endpoint's limit")


def screen(query: str, prefixes: dict[str, str] | None = None) -> Screening:
    """Return the SERVICE targets and FROM graphs of ``query``, prefixed names resolved.

    ``prefixes`` are those the engine adds to every query. Raises :class:`ScreeningError` for a
    query longer than :data:`MAX_QUERY_CHARS` or one the lexer cannot read.
    """
    if len(query) > MAX_QUERY_CHARS:
        raise ScreeningError(f"query longer than {MAX_QUERY_CHARS:,} characters")
    known: dict[str, str | None] = dict(prefixes or {})
    items = tokens(query)
    _check_depth(items)
    result = Screening()
    for index, (kind, value) in enumerate(items):
        keyword = value.upper() if kind == "word" else ""
        if keyword == "PREFIX" and index + 2 < len(items) and items[index + 1][1].endswith(":"):
            known[items[index + 1][1][:-1]] = _resolve(items[index + 2], known)
        elif keyword == "SERVICE":
            result.services.append(_resolve(_target(items, index, "SILENT"), known))
        elif keyword == "FROM":
            result.from_graphs.append(_resolve(_target(items, index, "NAMED"), known))
    return result


def services_in_algebra(query: str, prefixes: dict[str, str], base: str | None = None) -> list[str | None]:
    """Return the SERVICE targets of ``query`` read from its algebra (rdflib's SPARQL grammar).

    Slower than :func:`screen` (tens of milliseconds) but decided by a grammar, not by tokens;
    raises :class:`ScreeningError` when rdflib cannot parse the query.
    """
    from rdflib.plugins.sparql.algebra import translateQuery, traverse
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import URIRef

    try:
        algebra = translateQuery(parseQuery(query), base=base, initNs=prefixes)
    except Exception as exc:  # pyparsing and rdflib raise many types for queries they cannot read
        raise ScreeningError(f"the query could not be screened for SERVICE calls: {exc}") from exc
    found: list[str | None] = []

    def visit(node: object) -> None:
        if isinstance(node, CompValue) and node.name == "ServiceGraphPattern":
            term = node.get("term")
            found.append(str(term) if isinstance(term, URIRef) else None)

    traverse(algebra.algebra, visitPre=visit)
    return found
