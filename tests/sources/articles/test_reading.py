from __future__ import annotations

from pathlib import Path

import pytest

from healthgraph.sources.articles.reading import MAX_BYTES, DocumentError, fold, read_document


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF with ``text`` in Helvetica, objects and cross-reference table written by hand."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_header_fills_metadata_and_text_is_normalised(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        "SOURCE: https://example.org/a\nTITLE: Un titre\nDATE: 2021-03\nLANG: fr\n\n"
        "Le pôle compte 1\u202f300\u00a0adhérents.\n",
        encoding="utf-8",
    )
    document = read_document(path)
    assert document.metadata["url"] == "https://example.org/a"
    assert document.metadata["title"] == "Un titre"
    assert document.date == "2021-03"
    assert document.lang == "fr"
    assert document.text.startswith("Le pôle compte 1 300 adhérents.")


def test_overrides_win_and_unknown_date_is_none(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("DATE: unknown\nLANG: en\n\nSome text.", encoding="utf-8")
    assert read_document(path).date is None
    assert read_document(path, {"date": "2020", "title": "T"}).metadata["title"] == "T"
    assert read_document(path, {"date": "2020"}).date == "2020"


def test_nfc_and_apostrophes_fold() -> None:
    decomposed = "Ile-de-France e\u0301tat"
    assert fold("L’Agence") == fold("l'agence")
    assert fold(decomposed) == "ile-de-france etat"


def test_html_main_text(tmp_path: Path) -> None:
    body = " ".join(["Medicen Paris Region compte plus de 450 adhérents en Île-de-France."] * 6)
    html = (
        "<html><head><title>Un pôle</title></head><body><nav><a href='/'>Accueil</a> | <a href='/x'>Menu</a></nav>"
        f"<article><h1>Un pôle</h1><p>{body}</p><p>{body}</p></article>"
        "<footer>Mentions légales - cookies</footer></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    document = read_document(path)
    assert "plus de 450 adhérents" in document.text
    assert "cookies" not in document.text
    assert document.metadata.get("title") == "Un pôle"


def test_pdf_text(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(minimal_pdf("Medicen compte 450 adherents en 2025."))
    document = read_document(path)
    assert "Medicen compte 450 adherents en 2025." in document.text


@pytest.mark.parametrize(
    ("content", "rule"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"caf\xe9 au lait", "not UTF-8"),
        (b"TITLE: only a header\n\n", "no text"),
        (b"%PDF-1.4\n garbage", "PDF"),
    ],
)
def test_unreadable_files_give_clear_errors(tmp_path: Path, content: bytes, rule: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=rule) as error:
        read_document(path)
    assert str(path) in str(error.value)
    assert isinstance(error.value, ValueError)


def test_oversized_file(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * (MAX_BYTES + 1))
    with pytest.raises(DocumentError, match="larger than 5 MB"):
        read_document(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="cannot be read"):
        read_document(tmp_path / "absent.txt")
