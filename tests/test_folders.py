"""Commands that replace a folder (a store's, a site's) never take someone else's files or the current directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from healthgraph.cli import app

runner = CliRunner()


def test_build_refuses_a_store_path_that_is_an_ordinary_folder_or_empty(tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "report.docx").write_text("a user's file", encoding="utf-8")
    refused = runner.invoke(app, ["build", "--out", str(tmp_path / "out"), "--store", f"oxigraph:{folder}"])
    assert refused.exit_code == 1 and "holds files that are not an Oxigraph store" in refused.output
    assert (folder / "report.docx").read_text(encoding="utf-8") == "a user's file" and not folder.is_symlink()
    empty = runner.invoke(app, ["build", "--out", str(tmp_path / "out"), "--store", "oxigraph:"])
    assert empty.exit_code == 1 and "unknown store 'oxigraph:'" in empty.output
    analysed = runner.invoke(app, ["ego", "Medicen", "--store", "oxigraph:"])
    assert analysed.exit_code == 1 and "unknown store" in analysed.output


def test_build_refuses_the_current_directory_as_a_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["build", "--out", str(tmp_path / "out"), "--store", f"oxigraph:{tmp_path}"])
    assert result.exit_code == 1 and "current directory" in result.output
    assert not Path(os.getcwd()).is_symlink() and not list(tmp_path.glob("*.v*"))


def test_site_replaces_only_a_site_it_wrote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "mydocs"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    refused = runner.invoke(app, ["site", "--out", str(mine)])
    assert refused.exit_code == 1 and "holds files this command did not write" in refused.output
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep me"
    site = tmp_path / "site"
    assert runner.invoke(app, ["site", "--out", str(site)]).exit_code == 0
    again = runner.invoke(app, ["site", "--out", str(site)])  # its own site: replaced
    assert again.exit_code == 0 and (site / "index.html").exists()
    monkeypatch.chdir(site)
    here = runner.invoke(app, ["site", "--out", "."])
    assert here.exit_code == 1 and "current directory" in here.output and "Traceback" not in here.output
