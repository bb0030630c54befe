"""Events as dyads: PLOVER 2021 category from a trigger lexicon, source and target actors, quantity, date.

Triggers come from ``seeds/reference/plover_triggers.csv`` (lemma phrases; the first
word of a VERB trigger matches its inflections). Source and target come from the
dependency parse when the engine has one (subject of the governing verb; object,
prepositional object or passive agent), else from positional rules (nearest actor
before the trigger; first other actor after it; ``by`` after a passive). Dates come
from :mod:`newsframe.temporal` when it is available.

Examples
--------
>>> from newsframe.extract.events import find_triggers
>>> [(t.text, t.event_type) for t in find_triggers("Biden held a phone call with Xi Jinping.")]
[('phone call', 'CONSULT')]
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from newsframe.assets import asset_path
from newsframe.extract.actors import Mention
from newsframe.extract.modality import modality
from newsframe.extract.nlp import ParsedToken

__all__ = ["Trigger", "event_id", "extract_events", "find_triggers", "inflections", "load_triggers"]

_IRREGULAR: dict[str, tuple[str, ...]] = {
    "meet": ("met",),
    "speak": ("spoke", "spoken"),
    "give": ("gave", "given"),
    "seek": ("sought",),
    "swear": ("swore", "sworn"),
    "fight": ("fought",),
    "shoot": ("shot",),
    "take": ("took", "taken"),
    "withdraw": ("withdrew", "withdrawn"),
    "beat": ("beaten",),
    "break": ("broke", "broken"),
    "blow": ("blew", "blown"),
    "strike": ("struck",),
    "send": ("sent",),
    "cut": ("cut",),
    "forgive": ("forgave", "forgiven"),
    "retake": ("retook", "retaken"),
    "hold": ("held",),
    "pull": ("pulled",),
    "be": ("is", "are", "was", "were", "been", "being"),
    "set": ("set",),
    "sell": ("sold",),
    "stand": ("stood",),
    "lead": ("led",),
}
_DOUBLE = {"ban", "expel", "patrol", "commit", "stop", "plan", "compel", "control", "rob", "jail"}
_TIME_UNITS = re.compile(
    r"^(?:hours?|days?|weeks?|months?|years?|minutes?|seconds?|percent|per|%|am|pm|a\.m\.|p\.m\.)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w.,]\d)")
_UNIT_WORDS = {
    "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_ONES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_WORD_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1e6, "billion": 1e9}
_NUMBER_WORDS = re.compile(
    r"\b(?:(?P<small>(?:" + "|".join(_UNIT_WORDS) + r")(?:-(?:" + "|".join(_ONES) + r"))?\b)"
    r"|(?P<lead>two|an?|half[- ]an?|half|a half)\b)?"
    r"(?P<scales>(?:[- ]?(?:" + "|".join(_WORD_SCALES) + r")\b)*)",
    re.IGNORECASE,
)
"""Number words read as quantities: "five", "thirty-two", "five hundred", "two dozen" (24), "a dozen" (12),
"half a dozen" and "half-dozen" (6). "one" and a bare "two" are not counts often enough to read; vague
plurals ("hundreds", "thousands") give no quantity."""


def _word_numbers(sentence: str) -> list[tuple[int, int, float]]:
    """``(start, end, value)`` of the number words of a sentence.

    Examples
    --------
    >>> [v for _s, _e, v in _word_numbers("Five hundred rebels, two dozen police and a half-dozen men")]
    [500.0, 24.0, 6.0]
    >>> _word_numbers("tensions between the two powers, a threat")
    []
    """
    out: list[tuple[int, int, float]] = []
    for m in _NUMBER_WORDS.finditer(sentence):
        small, lead, scales = m.group("small"), m.group("lead"), m.group("scales")
        if not small and not (lead and scales):
            continue
        if small:
            head, _, unit = small.lower().partition("-")
            value = float(_UNIT_WORDS[head] + _ONES.get(unit, 0))
        else:
            low = lead.lower()
            value = 2.0 if low == "two" else 0.5 if "half" in low else 1.0
        for word in re.findall(r"[a-z]+", scales.lower()):
            value *= _WORD_SCALES[word]
        out.append((m.start(), m.end(), value))
    return out


_SCALE = re.compile(r"^\s*(?:(million|billion|thousand)\b|(m|bn|k)\b)", re.IGNORECASE)
_SCALES = {"million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "thousand": 1e3, "k": 1e3}
_GROUP_SUBJECT = re.compile(
    r"\b(?:the two|both) (?:leaders|presidents|sides|men|countries|nations|governments)\b", re.IGNORECASE
)


_THEIR = re.compile(r"\b[Tt]heir\s+(?:[\w-]+\s+){0,2}$")
_THEY = re.compile(r"\b(?:they|their|them|They|Their)\b")
_PRONOUN_REACH = 3
"""How many sentences back "he"/"she" may find the person it stands for."""
_GROUP_REACH = 6
"""How many sentences away "the two leaders" or "they" may find the people they stand for."""
_PRONOUN = re.compile(r"\b(?:he|she|He|She)\s+(?:\w+\s+){0,4}$")


@dataclass(frozen=True)
class Trigger:
    """A trigger found in a sentence (offsets relative to the sentence)."""

    start: int
    end: int
    text: str
    event_type: str
    priority: int
    pos: str


def inflections(lemma: str) -> set[str]:
    """Inflected forms of a verb lemma (regular rules plus a few irregular verbs).

    Examples
    --------
    >>> sorted(inflections("agree"))
    ['agree', 'agreed', 'agreeing', 'agrees']
    """
    forms = {lemma, *_IRREGULAR.get(lemma, ())}
    if lemma in _DOUBLE or (len(lemma) == 3 and re.match(r".*[^aeiou][aeiou][^aeiouwxy]$", lemma)):
        stem = lemma + lemma[-1]
        forms |= {stem + "ed", stem + "ing"}
    elif lemma.endswith("e"):
        forms |= {lemma + "d", (lemma[:-1] if not lemma.endswith("ee") else lemma) + "ing"}
    elif re.search(r"[^aeiou]y$", lemma):
        forms |= {lemma[:-1] + "ied", lemma + "ing"}
    else:
        forms |= {lemma + "ed", lemma + "ing"}
    if re.search(r"(?:s|sh|ch|x|z|o)$", lemma):
        forms.add(lemma + "es")
    elif re.search(r"[^aeiou]y$", lemma):
        forms.add(lemma[:-1] + "ies")
    else:
        forms.add(lemma + "s")
    return forms


@lru_cache(maxsize=1)
def load_triggers() -> dict[str, list[tuple[tuple[str, ...], str, int, str]]]:
    """First word (lower case) → list of ``(words, event_type, priority, pos)``, longest phrases first."""
    table: dict[str, list[tuple[tuple[str, ...], str, int, str]]] = {}
    with asset_path("seeds", "reference", "plover_triggers.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            words = row["trigger"].lower().split()
            pos, prio, etype = row["pos"], int(row["priority"]), row["event_type"]
            firsts = inflections(words[0]) if pos == "VERB" else {words[0]}
            lasts = {words[-1]}
            if pos == "NOUN" and not words[-1].endswith("s") and len(words) == 1:
                lasts.add(words[-1] + "s")
            for first in firsts:
                for last in lasts:
                    phrase = (first, *words[1:]) if len(words) > 1 else (last if pos == "NOUN" else first,)
                    if len(words) > 1 and pos == "NOUN":
                        phrase = (first, *words[1:-1], last)
                    table.setdefault(phrase[0], []).append((phrase, etype, prio, pos))
    for entries in table.values():
        entries.sort(key=lambda e: (-len(e[0]), -e[2]))
    return table


_VERBAL_BEFORE = frozenset(
    "to must will would should can could cannot may might we they i you he she it".split()  # noqa: SIM905
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|n't")


def find_triggers(sentence: str, *, blocked: Sequence[tuple[int, int]] = ()) -> list[Trigger]:
    """Triggers in a sentence, longest match first, skipping blocked spans (mentions, titles)
    and capitalised words inside the sentence (names such as "Free Trade")."""
    table = load_triggers()
    words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(sentence)]
    lower = [w[2].lower().replace("’", "'") for w in words]
    out: list[Trigger] = []
    i = 0
    while i < len(words):
        entries = table.get(lower[i])
        hit = None
        capital = words[i][2][:1].isupper()
        # a capitalised word is part of a name ("Free Trade Agreement"), except as a plain sentence opener
        named = capital and (i > 0 or (i + 1 < len(words) and words[i + 1][2][:1].isupper()))
        verbal = i > 0 and lower[i - 1] in _VERBAL_BEFORE
        if (lower[i] == "order" and i > 0 and lower[i - 1] == "in") or (
            i + 1 < len(words)
            and lower[i + 1] == "with"
            and (lower[i] in ("dealt", "dealing") or (lower[i] in ("deal", "deals") and verbal))
        ):
            entries = None  # "in order to", "deal with" (handle)
        if entries and not named:
            for phrase, etype, prio, pos in entries:
                n = len(phrase)
                if tuple(lower[i : i + n]) == phrase:
                    hit = (n, etype, prio, pos)
                    break
        if hit:
            n, etype, prio, pos = hit
            start, end = words[i][0], words[i + n - 1][1]
            if not any(b_start < end and start < b_end for b_start, b_end in blocked):
                out.append(Trigger(start, end, sentence[start:end], etype, prio, pos))
                i += n
                continue
        i += 1
    return out


def event_id(doc_id: str, sentence_id: int, trigger_start: int, event_type: str, *, also: str = "") -> str:
    """Stable event id: a hash of ``doc_id|sentence_id|trigger_start|event_type``.

    ``also`` tells apart the further events of one trigger ("hosts Marcos and Kishida": the
    second target's name); the first event's id does not carry it.
    """
    key = f"{doc_id}|{sentence_id}|{trigger_start}|{event_type}" + (f"|{also}" if also else "")
    return f"evt_{hashlib.sha1(key.encode()).hexdigest()[:16]}"


_COORDINATED = re.compile(r"^\s*,?\s+and\s+(?:[A-Z][\w.'-]*\s+){0,4}$")


def _coordinated(sentence: str, target: Mention, mentions: Sequence[Mention]) -> list[Mention]:
    """Further recipients joined to ``target`` by "and" ("host Marcos and Japanese Prime Minister Kishida")."""
    out: list[Mention] = []
    last = target
    for m in _heads(sentence, mentions):
        if m.start < last.end:
            continue
        if m.label == last.label and _COORDINATED.match(sentence[last.end : m.start]) and _can_act(m):
            out.append(m)
            last = m
        elif m.start >= last.end:
            break
    return out


@lru_cache(maxsize=256)
def _numbers(sentence: str) -> tuple[tuple[int, int, float], ...]:
    """``(start, end, value)`` of the numbers (not years) then the number words of a sentence, read once for
    all its triggers."""
    candidates: list[tuple[int, int, float]] = []
    for m in _NUMBER.finditer(sentence):
        value = float(m.group(1).replace(",", ""))
        if 1900 <= value <= 2100 and "." not in m.group(1):
            continue
        candidates.append((m.start(), m.end(), value))
    candidates.extend(_word_numbers(sentence))
    return tuple(candidates)


def _quantity(sentence: str, trigger: Trigger) -> float | None:
    best: tuple[int, float] | None = None
    for start, end, value in _numbers(sentence):
        scale = _SCALE.match(sentence[end:])
        if scale:  # "1.4 million workers", "4.5m workers"
            value *= _SCALES[(scale.group(1) or scale.group(2)).lower()]
            end += scale.end()
        after = sentence[end:].lstrip()
        if _TIME_UNITS.match(after) or sentence[max(0, start - 1) : start] in ("$", "£", "€"):
            continue
        if not re.match(r"(?:[A-Za-z-]+\s+){0,2}[a-z-]+s\b", after):
            continue
        dist = trigger.start - end if end <= trigger.start else start - trigger.end
        if dist < 0 or dist > 60:
            continue
        if best is None or dist < best[0]:
            best = (dist, value)
    return best[1] if best else None


_REPORT_DATE = re.compile(
    r"\b(?:said|says|told|announced|reported|added|stated|confirmed|disclosed|revealed)\s*(?:,\s*)?$",
    re.IGNORECASE,
)
"""A date right after a reporting verb dates the report ("said on Tuesday it will talk"), not the event."""
_NOT_EVENT_DATE = re.compile(
    r"\b(?:dating|dated|dates|going|goes|reaching|stretching)\s+back\s+(?:to\s+)?$|\bas far back as\s+$",
    re.IGNORECASE,
)
"""A date that says how old something is ("tax returns dating back to 1977"), not when the event was."""


@lru_cache(maxsize=256)
def _sentence_dates(sentence: str) -> tuple[Any, ...]:
    """The date expressions of a sentence (:func:`newsframe.temporal.find_dates`), read once for all its
    triggers (an exception is not cached: it is raised again for each)."""
    from newsframe import temporal

    return tuple(temporal.find_dates(sentence))


def _date(
    sentence: str, trigger: Trigger, triggers: Sequence[Trigger], published: date | None, mod: str
) -> tuple[dict[str, Any], str]:
    """The date of the trigger and the modality that agrees with it.

    The date is the nearest date expression that is not nearer to another trigger, that does not
    date a report ("said on Tuesday") and does not say how old something is ("dating back to 1977").
    It is resolved by :func:`newsframe.temporal.settle`, so it is exactly what the ``date-inconsistent``
    check re-resolves, and asserted events are never dated after publication ("talks next Tuesday"
    is a planned event: ``future``). When no reading agrees, ``date_text`` is kept and the interval
    left empty.
    """
    from newsframe import temporal

    empty: dict[str, Any] = {"date_text": None, "date_start": None, "date_end": None, "date_precision": None}
    try:
        found = _sentence_dates(sentence)
    except Exception:  # a date finder bug must not lose the event
        return empty, mod

    def dist(d: Any, t: Trigger) -> int:
        return t.start - d.end if d.end <= t.start else max(0, d.start - t.end)

    mine = [
        d
        for d in found
        if min(triggers, key=lambda t: dist(d, t)) is trigger
        and not _REPORT_DATE.search(sentence[: d.start])
        and not _NOT_EVENT_DATE.search(sentence[: d.start])
    ]
    if not mine:
        return empty, mod
    nearest = min(mine, key=lambda d: dist(d, trigger))
    mod, interval = temporal.settle(nearest.text, published, mod)
    if interval is None:
        return {**empty, "date_text": nearest.text}, mod
    return {
        "date_text": nearest.text,
        "date_start": interval.start,
        "date_end": interval.end,
        "date_precision": interval.precision,
    }, mod


def _subtree_span(tokens: Sequence[ParsedToken], i: int) -> tuple[int, int]:
    children: dict[int, list[int]] = {}
    for j, t in enumerate(tokens):
        if t.head != j:
            children.setdefault(t.head, []).append(j)
    lo = hi = i
    stack = [i]
    seen = set()
    while stack:
        k = stack.pop()
        if k in seen:
            continue
        seen.add(k)
        lo, hi = min(lo, k), max(hi, k)
        stack.extend(children.get(k, []))
    return tokens[lo].start, tokens[hi].end


def _pick(mentions: Sequence[Mention], span: tuple[int, int], head: ParsedToken | None) -> Mention | None:
    inside = [m for m in mentions if span[0] <= m.start and m.end <= span[1]]
    if not inside:
        return None
    if head is not None:
        for m in inside:
            if m.start <= head.start and head.end <= m.end:
                return m
    non_norp = [m for m in inside if m.label != "NORP"]
    return (non_norp or inside)[0]


def _roles_from_parse(
    tokens: Sequence[ParsedToken], trig: Trigger, mentions: Sequence[Mention]
) -> tuple[Mention | None, Mention | None]:
    """Source and target from the dependency parse (offsets of tokens and mentions relative to the sentence)."""
    idx = next((j for j, t in enumerate(tokens) if t.start <= trig.start < t.end), None)
    if idx is None:
        return None, None
    verb = idx
    for _ in range(4):  # climb from a noun trigger to its governing verb
        tok = tokens[verb]
        if tok.pos in ("VERB", "AUX") or tok.head == verb:
            break
        verb = tok.head
    frames = [verb]
    cur = verb
    for _ in range(3):  # "was expected to discuss": subject sits on the governing verb
        if tokens[cur].dep in ("xcomp", "conj", "advcl") and tokens[cur].head != cur:
            cur = tokens[cur].head
            frames.append(cur)
        else:
            break
    source = None
    passive = False
    if tokens[verb].dep == "relcl" and tokens[verb].head != verb:
        head_tok = tokens[tokens[verb].head]
        source = _pick(mentions, (head_tok.start, head_tok.end), head_tok)
    for f in frames:
        if source is not None:
            break
        for j, t in enumerate(tokens):
            if t.head == f and j != f and t.dep in ("nsubj", "nsubjpass", "csubj"):
                passive = t.dep == "nsubjpass"
                if t.text.lower() in ("he", "she"):
                    return None, _object(tokens, verb, idx, mentions, None, passive=passive)
                source = _pick(mentions, _subtree_span(tokens, j), t)
                if source is not None:
                    break
        if source is not None:
            break
    heads = {verb, idx}
    for j, t in enumerate(tokens):
        if t.head in heads and j not in heads and (t.dep == "agent" or (passive and t.text.lower() == "by")):
            m = _pick(mentions, _subtree_span(tokens, j), None)
            if m is not None:
                return m, source
    return source, _object(tokens, verb, idx, mentions, source, passive=passive)


def _object(
    tokens: Sequence[ParsedToken],
    verb: int,
    idx: int,
    mentions: Sequence[Mention],
    source: Mention | None,
    *,
    passive: bool,
) -> Mention | None:
    heads = {verb, idx}
    for j, t in enumerate(tokens):
        if t.head in heads and j not in heads and t.dep in ("dobj", "dative", "attr", "pobj", "prep", "obj"):
            if passive and t.text.lower() == "by":
                continue
            m = _pick(mentions, _subtree_span(tokens, j), t if t.dep != "prep" else None)
            if m is None or (source is not None and m.actor_id == source.actor_id):
                continue
            return m
    return None


_PASSIVE = re.compile(
    r"\b(?:was|were|been|being|is|are|be|get|got)\s+(?:\w+ly\s+|not\s+|also\s+)?$", re.IGNORECASE
)
"""A form of "be" right before a past participle: the passive voice."""
_CLAUSE_START = re.compile(r"[,;:]\s|\b(?:that|said|says|when|while|whereas|but|and)\s")


@lru_cache(maxsize=1)
def _affiliation_gap() -> re.Pattern[str]:
    from newsframe.extract.gazetteer import load_gazetteer

    words = {w.lower() for t in load_gazetteer().titles for w in t.split() if w.isalpha()}
    alts = "|".join(sorted(words | {"of", "the", "and", "new", "former", "top"}))
    return re.compile(rf"^(?:'s|’s)?\s+(?:(?:[A-Z][\w.-]*|{alts})\s+){{0,5}}$")


def _heads(sentence: str, mentions: Sequence[Mention]) -> list[Mention]:
    """Drop mentions that only qualify the next one ("Chinese" in "Chinese President Xi Jinping")."""
    out: list[Mention] = []
    for i, m in enumerate(mentions):
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if (
            nxt is not None
            and nxt.label == "PERSON"
            and m.label != "PERSON"
            and _affiliation_gap().match(sentence[m.end : nxt.start])
        ):
            continue
        if nxt is not None and nxt.generic and m.country and m.country == nxt.country and m.label != "PERSON":
            continue  # "Iraqi" in "Iraqi troops": the generic actor carries the country
        out.append(m)
    return out


def _roles_by_position(
    sentence: str, trig: Trigger, mentions: Sequence[Mention]
) -> tuple[Mention | None, Mention | None]:
    mentions = _heads(sentence, mentions)
    before = [m for m in mentions if m.end <= trig.start]
    after = [m for m in mentions if m.start >= trig.end]
    by = re.search(r"^[^.;:]{0,60}?\bby\b", sentence[trig.end :])
    passive = trig.pos == "VERB" and bool(
        _PASSIVE.search(sentence[: trig.start]) and re.match(r"\w+ed$|\w+en$", trig.text.split()[0])
    )
    if passive:
        # "X was accused (of ...) by Y": Y acts on X; with no agent ("a video was released", "Cherie
        # Blair has been accused") the actor is not in the text, so there is no dyad to write
        src = next((m for m in after if by and m.start >= trig.end + by.end()), None)
        tgt = before[-1] if before else None
        return src, tgt
    subject = [m for m in before if m.label != "NORP"] or before
    source = None
    if before:
        # the subject is usually the first actor of the clause before the trigger
        clause_start = max(
            (m.end() for m in _CLAUSE_START.finditer(sentence[: trig.start])),
            default=0,
        )
        in_clause = [m for m in before if m.start >= clause_start]
        source = (in_clause or subject)[0] if in_clause else subject[-1]
    elif after:
        source = after[0]
    target = next((m for m in after if source is None or m.actor_id != source.actor_id), None)
    return source, target


_POSSESSIVE_GAP = re.compile(
    r"^(?:'s|’s|'|’)\s+(?:(?!(?:has|have|had|is|are|was|were|will|would|can|could|may|might|must|should|did|does)\b)"
    r"[a-z][\w-]*\s+){0,2}$"
)
_RECIPIENT_PREP = re.compile(r"^\s+(?:for|to|with|against|toward|towards|on)\s+(?:the\s+)?")


def _roles_by_possessive(
    sentence: str, trig: Trigger, mentions: Sequence[Mention]
) -> tuple[Mention, Mention | None] | None:
    """A nominal event with a possessor: "Beijing's support for Russia", "China's continued aid to X".

    The possessor acts; the actor right after "for/to/with/against/on" receives. ``None`` when
    the trigger has no actor possessor, so other rules decide. A past-tense trigger, or an
    auxiliary between the possessor and the trigger ("Poland's parliament has demanded"), marks
    a verb, whose subject other rules find.
    """
    if trig.pos == "AUX" or trig.text.lower().endswith("ed"):
        return None
    owner = next(
        (
            m
            for m in reversed(mentions)
            if m.end <= trig.start and _POSSESSIVE_GAP.match(sentence[m.end : trig.start])
        ),
        None,
    )
    if owner is None:
        return None
    prep = _RECIPIENT_PREP.match(sentence[trig.end :])
    target = None
    if prep:
        at = trig.end + prep.end()
        target = next((m for m in mentions if m.start == at and m.actor_id != owner.actor_id), None)
    return owner, target


def _can_act(m: Mention) -> bool:
    """Places (cities, regions, venues) are where events happen, not who acts."""
    if m.label in ("LOC", "FAC"):
        return False
    return not (m.label == "GPE" and m.country is None)


def extract_events(
    doc_id: str,
    sentences: Sequence[tuple[int, int, int, str]],
    mentions: Sequence[Mention],
    *,
    published: date | None,
    parse: Callable[[list[str]], list[list[ParsedToken]]] | None,
) -> list[dict[str, Any]]:
    """Events of one document.

    Parameters
    ----------
    sentences
        ``(sentence_id, start, end, text)`` per sentence.
    mentions
        The document's mentions, with ``actor_id`` set (document offsets).
    published
        Publication date for resolving relative dates.
    parse
        Parser for the sentences that have a trigger (``None``: positional rules only).
    """
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.actor_id and _can_act(m):
            by_sentence.setdefault(m.sentence_id, []).append(m)
    pending: list[tuple[int, int, str, list[Trigger], list[Mention]]] = []
    people_seen: list[Mention] = []
    named_in: dict[str | None, set[int]] = {}  # person -> the sentences that name them
    for m in mentions:
        if m.label == "PERSON":
            named_in.setdefault(m.actor_id, set()).add(m.sentence_id)
    group_src: dict[int, tuple[Mention, Mention]] = {}
    people_before: dict[int, Mention] = {}
    group_at: dict[int, int] = {}
    last_dyad: tuple[Mention, Mention] | None = None
    for sid, s_start, _s_end, stext in sentences:
        local = [
            dataclasses.replace(m, start=m.start - s_start, end=m.end - s_start)
            for m in by_sentence.get(sid, [])
        ]
        blocked = [(m.start, m.end) for m in local if not m.generic]
        triggers = find_triggers(stext, blocked=blocked)
        # a generic phrase that is a trigger ("32 Chinese warplanes" MOBILIZE) is the event, not an actor
        local = [
            m for m in local if not (m.generic and any(t.start < m.end and m.start < t.end for t in triggers))
        ]
        group = _GROUP_SUBJECT.search(stext)
        if group and len({p.actor_id for p in people_seen}) >= 2:
            # "the two leaders": the two people the document has named most often so far, if both are
            # named within a few sentences of here, before or after (else the phrase means others)
            counts: dict[str, int] = {}
            last: dict[str, tuple[int, Mention]] = {}
            for n, p in enumerate(people_seen):
                key = p.actor_id or ""
                counts[key] = counts.get(key, 0) + 1
                last[key] = (n, p)
            top = sorted(counts, key=lambda a: (counts[a], last[a][0]), reverse=True)[:2]
            if all(any(abs(sid - n) <= _GROUP_REACH for n in named_in[a]) for a in top):
                first, second = sorted((last[a] for a in top), key=lambda x: x[0])
                group_src[sid] = (first[1], second[1])
        if (
            triggers
            and not local
            and last_dyad is not None
            and sid - last_dyad[0].sentence_id <= _GROUP_REACH
            and _THEY.search(stext)
        ):
            group_src[sid] = last_dyad  # "their first conversation since meeting in California"
            group_at[sid] = 0
        if triggers and (local or sid in group_src):
            pending.append((sid, s_start, stext, triggers, local))
        pair = [m for m in local if m.label == "PERSON"]
        if len({m.actor_id for m in pair}) >= 2:
            first_p = pair[0]
            second_p = next(m for m in pair if m.actor_id != first_p.actor_id)
            last_dyad = (first_p, second_p)
        elif local:
            last_dyad = None
        if people_seen:
            people_before[sid] = people_seen[-1]
        people_seen.extend(m for m in local if m.label == "PERSON")
    parsed: list[list[ParsedToken]] | None = None
    if parse is not None and pending:
        parsed = parse([p[2] for p in pending])
    rows: list[dict[str, Any]] = []
    for k, (sid, s_start, stext, triggers, local) in enumerate(pending):
        for trig in triggers:
            source = target = None
            if parsed is not None and trig.pos == "VERB" and parsed[k]:
                tok = next((t for t in parsed[k] if t.start <= trig.start < t.end), None)
                nominal = tok is not None and tok.pos in ("NOUN", "PROPN", "ADJ")
                if (
                    nominal
                    and tok is not None
                    and tok.dep in ("pobj", "dobj", "nsubj", "nsubjpass", "compound", "poss")
                ):
                    continue
            if parsed is not None:
                source, target = _roles_from_parse(parsed[k], trig, local)
            if trig.pos == "AUX":
                # "X said that Y must ...": X asks Y
                speaker = re.search(
                    r"\b(?:said|says|announced|concluded|demanded|insisted)\b", stext[: trig.start]
                )
                before = [m for m in local if m.end <= trig.start]
                if speaker and before and before[0].end <= speaker.start():
                    source = before[0]
                    target = next((m for m in reversed(before) if m.actor_id != source.actor_id), None)
            if source is None and _PRONOUN.search(stext[: trig.start]):
                earlier = [m for m in local if m.label == "PERSON" and m.end <= trig.start]
                recent = people_before.get(sid)
                if recent is not None and sid - recent.sentence_id > _PRONOUN_REACH:
                    recent = None  # "he" does not reach back past a few sentences
                source = earlier[-1] if earlier else recent
            if source is None and (owned := _roles_by_possessive(stext, trig, local)) is not None:
                source, target = owned
            if source is None and _THEIR.search(stext[: trig.start]):
                # "Biden had spoken to Xi ..., their first conversation": the sentence's two people
                people = [m for m in local if m.label == "PERSON" and m.end <= trig.start]
                pair = [p for n, p in enumerate(people) if p.actor_id not in {q.actor_id for q in people[:n]}]
                if len(pair) >= 2:
                    source, target = pair[0], pair[1]
            if source is None:
                pos_source, pos_target = _roles_by_position(stext, trig, local)
                source = pos_source
                target = target or pos_target
            group = _GROUP_SUBJECT.search(stext[: trig.start])
            named_group = group is not None and not any(group.end() <= m.start < trig.start for m in local)
            if sid in group_src and (named_group or (sid in group_at and source is None)):
                source, target = group_src[sid]
            if source is None:
                continue
            if target is not None and target.actor_id == source.actor_id:
                target = None
            dated, mod = _date(stext, trig, triggers, published, modality(stext, trig.start, trig.end))
            shared = {
                "doc_id": doc_id,
                "sentence_id": sid,
                "event_type": trig.event_type,
                "source_actor_id": source.actor_id,
                "trigger": trig.text,
                "trigger_start": s_start + trig.start,
                "trigger_end": s_start + trig.end,
                "quantity": _quantity(stext, trig),
                **dated,
                "modality": mod,
                "priority": trig.priority,
            }
            first_id = event_id(doc_id, sid, s_start + trig.start, trig.event_type)
            rows.append(
                {
                    "event_id": first_id,
                    **shared,
                    "target_actor_id": target.actor_id if target is not None else None,
                }
            )
            if target is not None and target.start >= trig.end:
                # one dyad per recipient: "host Marcos and Kishida" is two events
                for more in _coordinated(stext, target, local):
                    if more.actor_id not in (source.actor_id, target.actor_id):
                        extra_id = event_id(
                            doc_id, sid, s_start + trig.start, trig.event_type, also=more.text
                        )
                        rows.append({"event_id": extra_id, **shared, "target_actor_id": more.actor_id})
    return rows
