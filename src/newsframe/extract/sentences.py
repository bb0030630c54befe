"""A fast rule-based sentence splitter for news text (no model needed).

Rules, in order:

* A blank line always ends a sentence (lines end in ``\\n``, ``\\r\\n`` or ``\\r``). A single newline ends one too, unless
  the line looks hard-wrapped: it does not end in sentence punctuation and the
  next line starts with a lower-case letter.
* ``.``, ``!``, ``?`` or ``…`` (possibly repeated, possibly followed by
  closing quotes or brackets) ends a sentence when whitespace follows and the
  next text starts with an upper-case letter, a digit, or an opening quote or
  bracket.
* Not after a title or other abbreviation that never ends a sentence
  (``Mr.``, ``Dr.``, ``Gen.``, ``Sen.``, ``St.``, ``No.``, ``Jan.``...), nor
  after a single initial (``J. K. Rowling``).
* After an abbreviation that may end a sentence (``Jr.``, ``Inc.``, ``Ltd.``,
  ``etc.``, dotted acronyms such as ``U.S.``), only when the next word is a
  typical sentence opener (``The``, ``He``, ``But``, ``In``...).
* A piece with no letter or digit (a stray closing quote, a lone full stop)
  joins the sentence before it.

Offsets are Python string indices into ``documents.text``, end exclusive, and
exclude the surrounding whitespace, so that ``text[start:end]`` is the
sentence exactly.

Examples
--------
>>> split_text("Mr. Biden spoke to Xi. It was Tuesday.")
[(0, 22), (23, 38)]
>>> split_text("He met U.S. lawmakers. Then he left.")
[(0, 22), (23, 36)]
>>> split_text("U.S. President Joe Biden spoke. He lives in the U.S. He left.")
[(0, 31), (32, 52), (53, 61)]
"""

from __future__ import annotations

import re

import polars as pl

from newsframe import tables

__all__ = ["bound", "split", "split_text"]

_NEVER_FINAL = frozenset(
    """mr mrs ms mx dr prof gen sen rep gov lt col capt cpt sgt maj adm cmdr st rev hon pres supt insp
    det amb fr no nos vol vs v cf fig approx dept mt ft jan feb mar apr jun jul aug sep sept oct nov
    dec e.g i.e al""".split()  # noqa: SIM905
)
"""Abbreviations after which a sentence never ends (lower case, without the final period)."""

_MAYBE_FINAL = frozenset(
    """jr sr inc ltd co corp plc llc bros etc esq""".split()  # noqa: SIM905
)
"""Abbreviations that end a sentence only before a typical sentence opener."""

_OPENERS = frozenset(
    """the a an he she it they we i you his her its their our my this that these those there here but
    and so yet or if when while after before as at in on for from by with since although though
    however meanwhile still also then now today yesterday tomorrow last next earlier later other
    some many most more one two three mr mrs ms dr""".split()  # noqa: SIM905
)
"""Words that typically open a sentence (lower case)."""

_END = re.compile(r"[.!?…]+['\"’”)\]]*(?=\s|$)")
_NEWLINE = re.compile(r"\r\n|\r|\n")
_ACRONYM = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")
_OPENING = frozenset("'\"‘“([")
_WORD = re.compile(r"[A-Za-z]+")


def _word_before(text: str, end: int) -> str:
    """The token that ends at ``end`` (the position of the period), stripped of opening quotes."""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end].lstrip("'\"‘“([")


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    """Whether the punctuation run ``match`` ends a sentence."""
    gap = match.end()
    length = len(text)
    while gap < length and text[gap].isspace():
        gap += 1
    if gap >= length:
        return True
    nxt = text[gap]
    if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENING):
        return False
    punct = match.group(0)
    if punct.rstrip("'\"’”)]") != ".":
        return True  # "!", "?", "...", "?!": no abbreviation question
    token = _word_before(text, match.start())
    low = token.lower()
    if low in {"no", "nos"}:
        return not nxt.isdigit()  # "No. 10" but "He said no. Then..."
    if low in _NEVER_FINAL:
        return False
    if len(token) == 1 and token.isupper():
        return False  # an initial: "J. K. Rowling"
    if low in _MAYBE_FINAL or _ACRONYM.match(token):
        word = _WORD.match(text, gap + (1 if nxt in _OPENING else 0))
        return bool(word) and word.group(0).lower() in _OPENERS  # type: ignore[union-attr]
    return True


def _line_breaks(text: str) -> list[int]:
    """Positions of newlines that end a sentence (see the module rules)."""
    cuts = []
    for m in _NEWLINE.finditer(text):
        pos = m.start()
        prev = pos
        while prev > 0 and text[prev - 1] in " \t":
            prev -= 1
        after = m.end()
        while after < len(text) and text[after] in " \t":
            after += 1
        blank = after < len(text) and text[after] in "\r\n"
        wrapped = (
            not blank
            and prev > 0
            and text[prev - 1] not in ".!?…:;'\"’”)]"
            and after < len(text)
            and text[after].islower()
        )
        if not wrapped:
            cuts.append(pos)
    return cuts


def split_text(text: str) -> list[tuple[int, int]]:
    """Split one text into sentences; return ``(start, end)`` offsets, whitespace excluded.

    Examples
    --------
    >>> text = "'It is about trust,' said the official.\\nLast month 32 jets flew."
    >>> [text[s:e] for s, e in split_text(text)]
    ["'It is about trust,' said the official.", 'Last month 32 jets flew.']
    """
    cuts = {m.end() for m in _END.finditer(text) if _is_boundary(text, m)}
    cuts.update(_line_breaks(text))
    spans: list[tuple[int, int]] = []
    begin = 0
    for cut in [*sorted(cuts), len(text)]:
        start, end = begin, cut
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            if spans and not any(ch.isalnum() for ch in text[start:end]):
                spans[-1] = (spans[-1][0], end)  # a stray closing quote or full stop joins its sentence
            else:
                spans.append((start, end))
        begin = cut
    return spans


def bound(text: str, spans: list[tuple[int, int]], max_chars: int) -> list[tuple[int, int]]:
    """Cut every span longer than ``max_chars`` into pieces of at most ``max_chars``, at a space when there is one.

    This bounds the work of each sentence downstream (spaCy refuses texts over 1,000,000
    characters, and its memory grows with the sentence), whatever the input.

    Examples
    --------
    >>> text = "one two three four five"
    >>> [text[s:e] for s, e in bound(text, [(0, len(text))], 10)]
    ['one two', 'three four', 'five']
    >>> word = "abcdefghij"
    >>> [word[s:e] for s, e in bound(word, [(0, 10)], 4)]
    ['abcd', 'efgh', 'ij']
    """
    out: list[tuple[int, int]] = []
    for start, end in spans:
        while end - start > max_chars:
            limit = start + max_chars
            cut = limit
            while cut > start and not text[cut].isspace():
                cut -= 1
            if cut == start:
                cut = limit  # no space in the window: a hard cut
            piece_end = cut
            while piece_end > start and text[piece_end - 1].isspace():
                piece_end -= 1
            out.append((start, piece_end))
            start = cut
            while start < end and text[start].isspace():
                start += 1
        if end > start:
            out.append((start, end))
    return out


def split(documents: pl.DataFrame, *, max_chars: int | None = None) -> pl.DataFrame:
    """Split every document into the v1 ``sentences`` table.

    Parameters
    ----------
    documents
        The ``documents`` table (``doc_id`` and ``text`` are used).
    max_chars
        A longer sentence is cut into pieces of at most this many characters, at
        a space when there is one (:func:`bound`); None = no limit. The
        pipeline's ``limits.max_sentence_chars`` sets it.

    Returns
    -------
    pl.DataFrame
        ``sentences``: doc_id, sentence_id (0-based within the document),
        start, end (offsets into ``documents.text``), text.

    Examples
    --------
    >>> docs = pl.DataFrame({"doc_id": ["d1"], "text": ["Biden called Xi. They spoke."]})
    >>> split(docs).rows()
    [('d1', 0, 0, 16, 'Biden called Xi.'), ('d1', 1, 17, 28, 'They spoke.')]
    """
    doc_ids: list[str] = []
    sentence_ids: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    texts: list[str] = []
    for doc_id, text in documents.select("doc_id", "text").iter_rows():
        if not text:
            continue
        spans = split_text(text)
        if max_chars is not None:
            spans = bound(text, spans, max_chars)
        for number, (start, end) in enumerate(spans):
            doc_ids.append(doc_id)
            sentence_ids.append(number)
            starts.append(start)
            ends.append(end)
            texts.append(text[start:end])
    frame = pl.DataFrame(
        {"doc_id": doc_ids, "sentence_id": sentence_ids, "start": starts, "end": ends, "text": texts},
        schema=tables.TABLES["sentences"].schema,
    )
    return tables.conform("sentences", frame)
