"""Actor mentions and actors: clean-up of NER spans, titles, affiliations, countries, alias linking.

From the raw entity spans of each sentence this module

* trims determiners, possessives and titles ("President Joe Biden" → "Joe Biden", role President);
* drops or trims title fragments that NER tags as organisations ("Treasury" in
  "Treasury Secretary", "White House National Security" → "White House");
* maps countries, capitals, metonyms and demonyms to ISO-3 and attaches affiliations to
  people ("Chinese President Xi Jinping" → CHN) and organisations ("Taiwan's defense
  ministry", "the country's defense ministry" → TWN);
* links aliases within a document ("Biden", "President Biden" → "Joe Biden") and across
  documents (a bare surname that matches exactly one full name elsewhere);
* gives every actor a stable id, a hash of ``type|country|name``.

Examples
--------
>>> from newsframe.extract.actors import actor_id
>>> actor_id("PERSON", "USA", "Joe Biden") == actor_id("PERSON", "USA", "Joe Biden")
True
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from newsframe.extract.gazetteer import Gazetteer, load_gazetteer, normalise
from newsframe.tables import MENTION_LABELS

__all__ = ["Mention", "actor_id", "doc_mentions", "mention_id", "resolve_actors"]

_LEADING = re.compile(r"^(?:the|The|THE|a|an)\s+")
_TRAILING_POSS = re.compile(r"(?:'s|’s|'|’)$")
_PERSON_SUFFIX = {"Jr.", "Jr", "Sr.", "Sr", "II", "III"}


@dataclass
class Mention:
    """An actor mention being built; offsets are into the document text."""

    doc_id: str
    sentence_id: int
    start: int
    end: int
    text: str
    label: str
    country: str | None = None
    role: str | None = None
    titled: str | None = None  # the title as written before the name
    name: str | None = None  # canonical name after linking
    actor_id: str | None = None
    extra_aliases: list[str] = field(default_factory=list)


def _hash(prefix: str, *parts: object) -> str:
    digest = hashlib.sha1("|".join("" if p is None else str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:16]}"


def actor_id(type_: str, country: str | None, name: str) -> str:
    """Stable actor id: a hash of ``type|country|name``."""
    return _hash("act", type_, country or "", name)


def mention_id(doc_id: str, start: int, end: int, label: str) -> str:
    """Stable mention id: a hash of ``doc_id|start|end|label``."""
    return _hash("men", doc_id, start, end, label)


@lru_cache(maxsize=1)
def _title_regex() -> re.Pattern[str]:
    gaz = load_gazetteer()
    alts = "|".join(re.escape(t) for t in gaz.titles)
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])")


@lru_cache(maxsize=1)
def _title_prefix_regex() -> re.Pattern[str]:
    gaz = load_gazetteer()
    alts = "|".join(re.escape(t) for t in [*gaz.titles, *sorted(gaz.honorifics, key=len, reverse=True)])
    return re.compile(
        rf"^(?:(?:the|The|former|Former|then|acting|Acting|Deputy|deputy|Vice|vice)\s+)*({alts})\s+"
    )


@lru_cache(maxsize=1)
def _title_suffix_regex() -> re.Pattern[str]:
    gaz = load_gazetteer()
    alts = "|".join(re.escape(t) for t in gaz.titles)
    return re.compile(rf"(?<![\w-])({alts}),?\s+$")


@lru_cache(maxsize=1)
def _org_noun_regex() -> re.Pattern[str]:
    gaz = load_gazetteer()
    alts = "|".join(re.escape(t) for t in sorted(gaz.org_nouns, key=len, reverse=True))
    return re.compile(
        rf"(?:'s|’s)\s+((?:(?:new|top|foreign|defen[cs]e|interior|finance|justice)\s+)?(?:{alts}))\b"
    )


def _clean(text: str, start: int, end: int) -> tuple[str, int, int]:
    m = _LEADING.match(text)
    if m:
        start += m.end()
        text = text[m.end() :]
    m2 = _TRAILING_POSS.search(text)
    if m2 and len(text) > m2.end() - m2.start():
        end -= m2.end() - m2.start()
        text = text[: m2.start()]
    stripped = text.rstrip(" ,;:")
    end -= len(text) - len(stripped)
    return stripped, start, end


def doc_mentions(
    doc_id: str,
    text: str,
    sentences: Sequence[tuple[int, int, int]],
    ner: Sequence[tuple[Sequence[tuple[int, int]], Sequence[tuple[int, int, str]]]],
    *,
    gazetteer: Gazetteer | None = None,
) -> list[Mention]:
    """Clean the NER spans of one document into mentions with countries, roles and affiliations.

    Parameters
    ----------
    doc_id, text
        The document.
    sentences
        ``(sentence_id, start, end)`` per sentence, offsets into ``text``.
    ner
        Per sentence, ``(tokens, entities)`` from :meth:`newsframe.extract.nlp.Engine.entities`
        (offsets relative to the sentence).
    """
    gaz = gazetteer or load_gazetteer()
    out: list[Mention] = []
    last_gpe: str | None = None
    for (sid, s_start, s_end), (_toks, ents) in zip(sentences, ner, strict=True):
        stext = text[s_start:s_end]
        titles = [(m.start(), m.end(), m.group(0)) for m in _title_regex().finditer(stext)]
        sent: list[Mention] = []
        for e_start, e_end, label in ents:
            if label not in MENTION_LABELS:
                continue
            span, a, b = _clean(stext[e_start:e_end], e_start, e_end)
            role = titled = None
            if label != "PERSON":
                # trim the parts that belong to a title ("White House National Security" Adviser)
                for t_start, t_end, _t in titles:
                    if t_start < b and a < t_end:
                        if t_start <= a:
                            a = max(a, t_end)
                        else:
                            b = min(b, t_start)
                seg = stext[a:b] if a < b else ""
                lead = len(seg) - len(seg.lstrip())
                span, a, b = _clean(seg.strip(), a + lead, a + lead + len(seg.strip()))
                if not span or span in gaz.title_parts or not any(c.isupper() for c in span[:1]):
                    continue
            else:
                m = _title_prefix_regex().match(span)
                while m:
                    head = m.group(1)
                    if head in gaz.titles:
                        role, titled = gaz.titles[head], head
                    a += m.end()
                    span = span[m.end() :]
                    m = _title_prefix_regex().match(span)
                if not span:
                    continue
            if not span or not span[0].isalnum():
                continue
            if normalise(span) in gaz.metonyms:
                label = "ORG"  # "White House" is an institution, not a place
            mention = Mention(doc_id, sid, s_start + a, s_start + b, span, label, role=role, titled=titled)
            iso = gaz.country_of(span)
            if iso:
                # a demonym or country that the model called PERSON/LOC/FAC is a country
                if label in ("PERSON", "LOC", "FAC"):
                    mention.label = "NORP" if gaz.is_demonym(span) else "GPE"
                mention.country = iso
            sent.append(mention)
        sent = _dedupe(sent)
        _affiliations(stext, s_start, sent, gaz)
        out.extend(sent)
        # organisations owned by a country: "Taiwan's defense ministry", "the country's military"
        for m in _org_noun_regex().finditer(stext):
            owner_end = m.start()
            owner_text = stext[:owner_end]
            iso = None
            owner_start = owner_end
            if re.search(r"\b(?:the country|the nation)$", owner_text, flags=re.IGNORECASE):
                iso = next(
                    (x.country for x in reversed(sent) if x.country and x.start - s_start < owner_end), None
                )
                iso = iso or last_gpe
                owner_start = owner_end - len("the country")
            else:
                owner = next((x for x in sent if x.end - s_start == owner_end and x.country), None)
                if owner is not None:
                    iso = owner.country
                    owner_start = owner.start - s_start
            if not iso:
                continue
            o_start, o_end = m.start(1), m.end(1)
            if any(x.start - s_start < o_end and o_start < x.end - s_start for x in sent):
                continue
            org = Mention(
                doc_id, sid, s_start + o_start, s_start + o_end, stext[o_start:o_end], "ORG", country=iso
            )
            org.name = f"{gaz.country_names.get(iso, iso)} {stext[o_start:o_end].lower()}"
            org.extra_aliases.append(stext[owner_start:o_end])
            out.append(org)
        for x in sent:
            if x.label == "GPE" and x.country:
                last_gpe = x.country
    out.sort(key=lambda x: (x.start, x.end))
    return out


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    mentions.sort(key=lambda x: (x.start, -(x.end - x.start)))
    kept: list[Mention] = []
    for m in mentions:
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept


def _affiliations(stext: str, s_start: int, sent: list[Mention], gaz: Gazetteer) -> None:
    """Give people their title (if not yet known) and the country of an adjacent affiliation."""
    for i, m in enumerate(sent):
        if m.label == "ORG" and not m.country:
            m.country = _inner_country(m.text, gaz)
        if m.label != "PERSON":
            continue
        prefix = stext[: m.start - s_start]
        if m.role is None:
            t = _title_suffix_regex().search(prefix)
            if t:
                m.role, m.titled = gaz.titles[t.group(1)], t.group(1)
                prefix = prefix[: t.start()]
        elif m.titled:
            idx = prefix.rfind(m.titled)
            if idx >= 0:
                prefix = prefix[:idx]
        if m.titled is None:
            continue
        prefix_stripped = re.sub(r"(?:'s|’s)?\s*$", "", prefix)
        prefix_end = len(prefix_stripped)
        prev = next((x for x in reversed(sent[:i]) if x.end - s_start <= prefix_end), None)
        if prev is not None and prefix_end - (prev.end - s_start) <= 1 and prev.country:
            m.country = prev.country
        else:
            word = re.search(r"([A-Z][\w.-]*)\s*$", prefix_stripped)
            if word:
                m.country = gaz.country_of(word.group(1))


def _inner_country(text: str, gaz: Gazetteer) -> str | None:
    iso = gaz.country_of(text)
    if iso:
        return iso
    words = text.split()
    for n in (2, 1):
        for i in range(len(words) - n + 1):
            piece = " ".join(words[i : i + n])
            if piece[:1].isupper():
                hit = gaz.names.get(normalise(piece)) or gaz.demonyms.get(normalise(piece))
                if hit:
                    return hit
    return None


def _person_tokens(name: str) -> list[str]:
    return [t for t in name.split() if t not in _PERSON_SUFFIX]


def _link_people(mentions: list[Mention]) -> None:
    """Within one document: a surname or first-name-only mention joins the full name that contains it."""
    full = Counter(m.text for m in mentions if m.label == "PERSON" and len(_person_tokens(m.text)) >= 2)
    for m in mentions:
        if m.label != "PERSON" or m.name:
            continue
        toks = _person_tokens(m.text)
        if len(toks) >= 2:
            m.name = m.text
            continue
        candidates = [n for n in full if m.text in _person_tokens(n)]
        if candidates:
            m.name = max(candidates, key=lambda n: (full[n], len(n)))


def _home_country(mentions: Iterable[Mention], gaz: Gazetteer) -> str | None:
    """The country whose institutions the document talks about (White House → USA), if any."""
    counts = Counter(m.country for m in mentions if m.country and normalise(m.text) in gaz.metonyms)
    return counts.most_common(1)[0][0] if counts else None


def resolve_actors(
    docs: Sequence[list[Mention]], *, gazetteer: Gazetteer | None = None
) -> list[dict[str, object]]:
    """Link mentions to actors within and across documents; set ``actor_id`` on each mention.

    Returns the actor rows (``actor_id, name, type, country, role, aliases``), one per actor.
    """
    gaz = gazetteer or load_gazetteer()
    for mentions in docs:
        _link_people(mentions)
        home = _home_country(mentions, gaz)
        by_name: dict[str, list[Mention]] = defaultdict(list)
        for m in mentions:
            if m.label == "PERSON":
                by_name[m.name or m.text].append(m)
        for group in by_name.values():
            countries = Counter(m.country for m in group if m.country)
            roles = Counter(m.role for m in group if m.role)
            country = countries.most_common(1)[0][0] if countries else (home if roles else None)
            role = max(roles, key=lambda r: (roles[r], r != "Leader", len(r))) if roles else None
            for m in group:
                m.country, m.role = country, role
    # across documents: a bare surname with exactly one full name anywhere
    surnames: dict[str, set[str]] = defaultdict(set)
    for mentions in docs:
        for m in mentions:
            if m.label == "PERSON" and m.name and len(_person_tokens(m.name)) >= 2:
                surnames[_person_tokens(m.name)[-1]].add(m.name)
    for mentions in docs:
        for m in mentions:
            if m.label == "PERSON" and m.name and len(_person_tokens(m.name)) == 1:
                hits = surnames.get(m.name, set())
                if len(hits) == 1:
                    m.name = next(iter(hits))
    # canonical key per mention, then one country/role per (type, name) across documents
    groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for mentions in docs:
        for m in mentions:
            if m.country and m.label in ("GPE", "NORP") and m.name is None:
                key = ("GPE", gaz.country_names.get(m.country, m.country))
            else:
                key = (m.label, m.name or m.text)
            groups[key].append(m)
    rows: list[dict[str, object]] = []
    for (type_, name), group in sorted(groups.items()):
        countries = Counter(m.country for m in group if m.country)
        roles = Counter(m.role for m in group if m.role)
        country = countries.most_common(1)[0][0] if countries else None
        role = max(roles, key=lambda r: (roles[r], r != "Leader", len(r))) if roles else None
        aid = actor_id(type_, country, name)
        aliases: set[str] = set()
        for m in group:
            m.actor_id = aid
            if m.text != name:
                aliases.add(m.text)
            aliases.update(a for a in m.extra_aliases if a != name)
            if m.titled:
                aliases.add(f"{m.titled} {m.text}")
        rows.append(
            {
                "actor_id": aid,
                "name": name,
                "type": type_,
                "country": country,
                "role": role,
                "aliases": sorted(aliases),
            }
        )
    return rows
