"""The HTML report in a real headless chromium (Debian's /usr/bin/chromium, via playwright).

Loads the report built from hostile document text and checks: no console error, no page
error, no dialog (nothing ran), no request but the file itself, and a screenshot that is
not blank. A control page proves that the harness does catch requests and console errors.
Skips, saying why, when chromium or playwright is missing (``make browser`` installs chromium).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsframe.report.html import write_html

from ._build import make_hostile_results, make_tables
from ._png import colour_stats

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} not found: install Debian's chromium (`make browser`) to run the browser test"
        )
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="the playwright python package is not installed"
    )
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def _visit(browser: Any, path: Path) -> dict[str, Any]:
    """Open ``path``; record console errors, page errors, dialogs and every request; block any network."""
    seen: dict[str, Any] = {"console": [], "errors": [], "dialogs": [], "requests": [], "blocked": []}
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=True)
    page = context.new_page()
    url = path.resolve().as_uri()

    def route(r: Any) -> None:
        if r.request.url == url:
            r.continue_()
        else:
            seen["blocked"].append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page.on("console", lambda m: seen["console"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: seen["errors"].append(str(exc)))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("request", lambda req: seen["requests"].append(req.url))
    page.goto(url, wait_until="load")
    page.wait_for_timeout(200)
    seen["page"], seen["context"], seen["url"] = page, context, url
    return seen


def test_report_in_headless_chromium(browser: Any, tmp_path: Path) -> None:
    tables = make_tables(hostile=True)
    path = write_html(make_hostile_results(tables), tables, tmp_path / "report.html")
    seen = _visit(browser, path)
    page = seen["page"]
    try:
        assert seen["console"] == [], seen["console"]
        assert seen["errors"] == [] and seen["dialogs"] == []
        assert seen["requests"] == [seen["url"]], seen["requests"]
        assert seen["blocked"] == []
        assert page.title() == "newsframe report: error"
        assert page.inner_text("code.engine").startswith("<script>")  # the hostile engine name, as text
        assert page.evaluate("document.querySelectorAll('svg.chart').length") >= 5
        assert page.evaluate("document.querySelectorAll('script').length") == 0
        # the hostile sentence is on the page as text
        assert '<script>alert("pwned")</script>' in page.inner_text("#failures")
        colours, ink = colour_stats(page.screenshot(full_page=False))
        assert colours > 50 and ink > 0.05, (colours, ink)
        chart = page.locator("svg.chart").first.screenshot()
        colours, ink = colour_stats(chart)
        assert colours > 10 and ink > 0.05, (colours, ink)
    finally:
        seen["context"].close()


def test_harness_catches_requests_and_errors(browser: Any, tmp_path: Path) -> None:
    """Control: a page that does request and does log an error is caught (so the test above can fail)."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!DOCTYPE html><html><head><title>bad</title></head><body>"
        '<img src="http://example.invalid/x.png"><script>console.error("boom")</script></body></html>',
        encoding="utf-8",
    )
    seen = _visit(browser, bad)
    try:
        assert "http://example.invalid/x.png" in seen["blocked"]
        assert "boom" in seen["console"]
    finally:
        seen["context"].close()
