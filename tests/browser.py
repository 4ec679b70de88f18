"""Real headless Chromium (Debian's package) driven by Playwright, with a fresh profile and no background traffic."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    assert path, "Debian's chromium is required: `make test` installs it (apt-get install chromium)"
    return path


@contextmanager
def browser_page(locale: str = "en-US") -> Iterator[tuple[Any, list[str]]]:
    """Yield a fresh page (its browser's language ``locale``) and the list of every URL it requests."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
            page = context.new_page()
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            yield page, requests
        finally:
            browser.close()


def screenshot(page: Any, name: str, folder: Any) -> Any:
    """Save a PNG of ``page`` as ``name`` in ``folder``, or in docs/ when HEALTHGRAPH_SCREENSHOTS=docs; return its path.

    The README's pictures are refreshed with ``HEALTHGRAPH_SCREENSHOTS=docs pytest tests/views ...``; an ordinary
    test run leaves docs/ alone.
    """
    import os
    from pathlib import Path

    target = (
        Path(__file__).resolve().parents[1] / "docs"
        if os.environ.get("HEALTHGRAPH_SCREENSHOTS") == "docs"
        else Path(folder)
    )
    target.mkdir(parents=True, exist_ok=True)
    path = target / name
    page.screenshot(path=str(path), full_page=False)
    return path


def accessibility_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core (shipped inside the axe-playwright-python wheel) on ``page``; return its violations.

    Each violation has ``id``, ``impact`` (minor, moderate, serious, critical) and ``nodes``.
    """
    from axe_playwright_python.sync_playwright import Axe

    response: dict[str, Any] = Axe().run(page).response
    violations: list[dict[str, Any]] = response["violations"]
    return violations
