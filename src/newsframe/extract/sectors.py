"""CAMEO actor sectors: generic actors ("the police", "Iraqi troops", "protesters") and the sector of named ones.

The vocabulary is PETRARCH-2's agents dictionary (``seeds/reference/cameo_agents.csv``, converted from
Phoenix.agents.txt, MIT, Open Event Data): about 5,000 phrases ("riot police", "opposition supporters",
"defence minister") each with a CAMEO agent code; the primary sector is its first three letters
(``seeds/reference/cameo_sectors.csv`` lists them, with a label and whether the sector is an organisation
or a group of people).

* :func:`sector_for` gives a named actor its sector: a person from their role ("President" → GOV,
  "Senator" → LEG, "General" → MIL), an organisation from the longest agent phrase in its name
  ("Defence Ministry" → GOV, "Border Police" → COP).
* :func:`find_generic` finds generic actors in a sentence: an agent phrase in lower case, as a whole word,
  that is qualified by a country before it ("Iraqi troops", "Hungarian and Romanian officials") or after it
  ("police in Kenya", "officials of Iran"), or follows "the" ("the police", "the government"), or is a
  plural of people ("protesters", "rebels"). Its canonical name is the country and the sector label
  ("Iraq military"), so the same generic actor links across documents, as event data codes it (IRQMIL).

Examples
--------
>>> sector_for("PERSON", "Xi Jinping", "President"), sector_for("ORG", "Kenyan police", None)
('GOV', 'COP')
>>> [(g.text, g.sector) for g in find_generic("Police fired on protesters, the army said.")]
[('Police', 'COP'), ('protesters', 'OPP'), ('army', 'MIL')]
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from newsframe.assets import asset_path

__all__ = ["SECTOR_LABELS", "Generic", "find_generic", "load_agents", "load_sectors", "sector_for"]

_EXTRA = {
    "official": "GOV",
    "officials": "GOV",
    "senior officials": "GOV",
    "forces": "MIL",
    "peacekeepers": "MIL",
    "delegation": "GOV",
    "negotiators": "GOV",
}
"""A few heads the agents dictionary leaves to its actor dictionaries (newsframe's own additions): "Russian
forces", "Serb forces" are military in news; PETRARCH codes UN peacekeepers under the UN's code (IGO), not as
an agent."""
_NOT_GENERIC = {
    "business", "businesses", "boss", "bosses", "press", "media", "party", "parties", "power", "powers",
    "state", "states", "union", "unions", "school", "schools", "church", "churches", "service", "services",
    "industry", "industries", "company", "companies", "firm", "firms", "market", "markets", "bank", "banks",
    "leader", "spokesman", "spokeswoman", "spokesperson", "spokesmen", "member", "members", "head", "heads",
    "chief", "chiefs", "director", "directors", "president", "minister", "secretary", "prime minister",
    "administration", "court", "courts", "congress", "parliament", "senate", "cabinet", "council",
}  # fmt: skip
"""Phrases that are too often not an actor in news prose ("business as usual", "a court case"), or a title
of a named person ("minister"), to be read as a generic actor on their own. Their sector still applies to
named actors ("Congress" → LEG)."""
_NEVER_GENERIC = {
    "power", "powers", "state", "states", "market", "markets", "service", "services", "school", "schools",
    "industry", "industries", "member", "members", "head", "heads", "chief", "chiefs", "director",
    "directors", "spokesman", "spokeswoman", "spokesperson", "spokesmen", "secretary", "party", "parties",
    "union", "unions", "church", "churches", "leader", "boss", "bosses",
}  # fmt: skip
"""The phrases of :data:`_NOT_GENERIC` that stay no actor even right after a country ("Gulf states", "Iraqi
party members"); the others are one there: "the Syrian president", "a Pakistani court", "Iranian media",
"Egypt's supreme court" (:func:`find_generic`, ``qualified``)."""
_VERB_NEXT = re.compile(
    r"^\s+(?:the|a|an|him|her|them|us|me|it|its|his|their|our|my|your|this|that|these|those)\b"
)
"""A plural head that is also a verb ("forces", "fights") is a verb before an object: "it forces the issue"."""
_PEOPLE_SECTORS = {
    "OPP",
    "REB",
    "UAF",
    "CRM",
    "CVL",
    "REF",
    "LAB",
    "AGR",
    "MIL",
    "COP",
    "GOV",
    "LEG",
    "JUD",
    "MED",
}
"""Sectors whose plural heads ("protesters", "troops", "lawmakers") are actors without a determiner."""


@dataclass(frozen=True)
class Generic:
    """A generic actor phrase in a sentence (offsets relative to the sentence)."""

    start: int
    end: int
    text: str
    sector: str


@lru_cache(maxsize=1)
def load_sectors() -> dict[str, tuple[str, str]]:
    """Sector code → ``(label, group)`` from ``cameo_sectors.csv`` (group is ORG or NORP)."""
    with asset_path("seeds", "reference", "cameo_sectors.csv").open(encoding="utf-8", newline="") as fh:
        return {r["sector"]: (r["label"], r["group"]) for r in csv.DictReader(fh)}


SECTOR_LABELS = load_sectors


@lru_cache(maxsize=1)
def load_agents() -> dict[str, str]:
    """Agent phrase (lower case) → primary sector code."""
    with asset_path("seeds", "reference", "cameo_agents.csv").open(encoding="utf-8", newline="") as fh:
        table = {r["phrase"]: r["sector"] for r in csv.DictReader(fh)}
    known = load_sectors()
    table = {p: s for p, s in table.items() if s in known}
    return {**table, **_EXTRA}


_TOKEN = re.compile(r"[\w-]+")


@lru_cache(maxsize=2)
def _index(generic_only: bool) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First word → ``(words, phrase)`` of the agent phrases, longest first (a scan, not a 5,000-way regex)."""
    table: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase in load_agents():
        if generic_only and phrase in _NOT_GENERIC:
            continue
        words = tuple(_TOKEN.findall(phrase))
        if words:
            table.setdefault(words[0], []).append((words, phrase))
    for entries in table.values():
        entries.sort(key=lambda e: len(e[0]), reverse=True)
    return table


@lru_cache(maxsize=64)
def _words(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[str, ...]]:
    """Spans and lower-case forms of the words of ``text`` (shared by the two scans of a sentence)."""
    spans: list[tuple[int, int]] = []
    low: list[str] = []
    for m in _TOKEN.finditer(text):
        spans.append(m.span())
        low.append(m.group(0).lower())
    return tuple(spans), tuple(low)


def _matches(text: str, *, generic_only: bool) -> list[tuple[int, int, str]]:
    """``(start, end, phrase)`` of the agent phrases in ``text``, longest first at each word, not overlapping."""
    get = _index(generic_only).get
    spans, low = _words(text)
    out: list[tuple[int, int, str]] = []
    i = 0
    n_words = len(low)
    while i < n_words:
        entries = get(low[i])
        if entries:
            for ws, phrase in entries:
                n = len(ws)
                if n == 1 or low[i : i + n] == ws:  # the index is keyed by the first word
                    out.append((spans[i][0], spans[i + n - 1][1], phrase))
                    i += n
                    break
            else:
                i += 1
        else:
            i += 1
    return out


@lru_cache(maxsize=4096)
def sector_for(label: str, name: str, role: str | None) -> str | None:
    """The CAMEO sector of a named actor: a person's role, else the longest agent phrase in an organisation's name.

    Examples
    --------
    >>> sector_for("PERSON", "Jack Straw", "Foreign Secretary"), sector_for("ORG", "Labour", None)
    ('GOV', None)
    """
    agents = load_agents()
    if label == "PERSON":
        if not role:
            return None
        low = role.lower()
        if low in agents:
            return agents[low]
        hits = [p for _s, _e, p in _matches(low, generic_only=False)]
        return agents[max(hits, key=len)] if hits else None
    if label not in ("ORG", "NORP"):
        return None
    hits = [p for _s, _e, p in _matches(name, generic_only=False)]
    return agents[max(hits, key=len)] if hits else None


_VERB_OR_FUNCTION = re.compile(
    r"^(?:[a-z]+ed|[a-z]+s|said|says|and|or|of|in|on|at|to|for|with|from|by|has|have|had|is|are|was|were|will|"
    r"would|could|can|may|might|should|must|did|does|do|also|then|who|which|that|had|now|still|later|"
    r"yesterday|today|opened|fired|shot|killed|"
    # irregular past tenses, which the "-ed" above misses: "the prime minister met", "the army fought"
    r"met|told|held|made|took|gave|sent|won|lost|left|led|began|came|went|spoke|saw|put|set|hit|struck|"
    r"fought|flew|got|kept|ran|sought|stood|threw|brought|bought|found|heard|knew|paid|sold|thought|"
    r"rose|fell|broke|chose|drove|became|withdrew|overran|overthrew)$"
)
_THE = re.compile(r"\b(?:the|its|their|his|her|our)\s+(?:[a-z][\w-]*\s+){0,2}$", re.IGNORECASE)


_QUALIFIED_GAP = re.compile(r"^(?:'s|’s)?\s+(?:[a-z][\w-]*\s+){0,2}$")


_OF_GAP = re.compile(r"^\s+of\s+(?:the\s+)?$")
_SENTENCE_START = re.compile(r"(?:^|[.!?\"“:]\s+)$")
_NEXT_WORD = re.compile(r"\s+([a-z][\w-]*)")


def _by_country(sentence: str, start: int, end: int, qualified: Sequence[int], owners: Sequence[int]) -> bool:
    """True when a country qualifies ``sentence[start:end]``: one ends right before it (an offset of
    ``qualified``, then at most "'s" and two lower-case words: "the Syrian president", "Egypt's supreme
    court") or starts right after "of" (an offset of ``owners``: "the president of Armenia")."""
    return any(q <= start and _QUALIFIED_GAP.match(sentence[q:start]) for q in qualified) or any(
        q >= end and _OF_GAP.match(sentence[end:q]) for q in owners
    )


def _qualified_matches(
    sentence: str, qualified: Sequence[int], owners: Sequence[int]
) -> list[tuple[int, int, str]]:
    """Matches of the :data:`_NOT_GENERIC` phrases (not :data:`_NEVER_GENERIC`) that a country qualifies
    (:func:`_by_country`)."""
    out: list[tuple[int, int, str]] = []
    for start, end, phrase in _matches(sentence, generic_only=False):
        if phrase not in _NOT_GENERIC or phrase in _NEVER_GENERIC:
            continue
        if _by_country(sentence, start, end, qualified, owners):
            out.append((start, end, phrase))
    return out


def find_generic(
    sentence: str,
    *,
    blocked: list[tuple[int, int]] | None = None,
    qualified: Sequence[int] = (),
    owners: Sequence[int] = (),
) -> list[Generic]:
    """Generic actor phrases of a sentence (not overlapping ``blocked`` spans, e.g. named mentions).

    A phrase needs a determiner before it ("the police"), or to be a plural head of a people sector
    ("protesters"); a country qualifier is found by the caller. A capitalised phrase inside the sentence
    is part of a name ("Border Police" is an organisation's name) and is left to the NER. ``qualified``
    holds the offsets where a country or a demonym ends, ``owners`` those where a country starts: right after
    one, or before "of" and one, a title or an institution is an actor too ("the Syrian president", "a
    Pakistani court", "the president of Armenia"), though it is none on its own ("a court case").

    Examples
    --------
    >>> [g.text for g in find_generic("A Pakistani court freed him.", qualified=[11])]
    ['court']
    >>> [g.text for g in find_generic("The ruling forces the army to act.")]
    ['army']
    """
    agents = load_agents()
    out: list[Generic] = []
    found = _matches(sentence, generic_only=True)
    extra: list[tuple[int, int, str]] = []
    if qualified or owners:
        extra = [
            q
            for q in _qualified_matches(sentence, qualified, owners)
            if not any(q[0] < e and s < q[1] for s, e, _p in found)
        ]
        found = sorted(found + extra)
    for start, end, phrase in found:
        text = sentence[start:end]
        if any(b_start < end and start < b_end for b_start, b_end in blocked or ()):
            continue
        if phrase in _EXTRA and _VERB_NEXT.match(sentence[end:]) and phrase.endswith("s"):
            continue  # "the ruling forces the army": a verb
        if text[:1].isupper() and start > 0 and not _SENTENCE_START.search(sentence[:start]):
            continue  # a capitalised word mid-sentence belongs to a name
        nxt = _NEXT_WORD.match(sentence[end:])
        if nxt and not text.lower().endswith("s") and not _VERB_OR_FUNCTION.match(nxt.group(1)):
            continue  # a modifier: "military offensive", "police station", "army chief"
        sector = agents[phrase]
        plural = text.lower().endswith("s") and sector in _PEOPLE_SECTORS
        # "a Pakistani court", "Egypt's supreme court": the country qualifies the phrase as an article would
        after_country = _by_country(sentence, start, end, qualified, owners)
        if not (
            plural
            or after_country
            or _THE.search(sentence[:start])
            or start == 0
            or sector in ("MIL", "COP", "GOV")
        ):
            continue
        out.append(Generic(start, end, text, sector))
    return out
