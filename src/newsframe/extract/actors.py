"""Actor mentions and actors: clean-up of NER spans, titles, affiliations, countries, alias linking.

From the raw entity spans of each sentence this module

* trims determiners, possessives and titles ("President Joe Biden" → "Joe Biden", role President);
* drops or trims title fragments that NER tags as organisations ("Treasury" in
  "Treasury Secretary", "White House National Security" → "White House");
* maps countries, capitals, metonyms and demonyms to ISO-3 and attaches affiliations to
  people ("Chinese President Xi Jinping" → CHN) and organisations ("Taiwan's defense
  ministry", "the country's defense ministry" → TWN);
* fills countries only from evidence: the text (affiliations, "Ohio", a document that names exactly one
  country, for a titled person or a state institution, weakly) or PETRARCH-2's actor dictionaries
  (``cameo_actors.csv``: "Barack Obama" → USA, "FBI" → USA/COP); a small country's capital ("The Valley",
  "Stanley") counts only where that country is named too;
* repairs what NER gets wrong in news: possessive fragments ("Obama's Afghan"), pieces of hyphenated names
  ("Chick" of "Chick-fil-A"), policy words ("ObamaCare"), headline fragments ("Obama Willing"), datelines
  ("FLORISSANT, Mo. (AP) —"); gives a role only to the person its title was written with (a relative, "his
  daughter Malia Obama", or "Donald Trump Jr." never takes "President Obama"/"President Trump"), and reads
  roles in appositions ("Jim Kessler, a spokesman for Third Way");
* links aliases within a document ("Biden", "President Biden" → "Joe Biden"); across documents
  :func:`resolve_actors` runs :mod:`newsframe.linking`'s relational pass (name variants, the dominant
  full name of a bare surname);
* gives every actor a stable id, a hash of ``type|country|name``.

Examples
--------
>>> from newsframe.extract.actors import actor_id
>>> actor_id("PERSON", "Joe Biden") == actor_id("PERSON", "Joe Biden")
True
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from newsframe.extract.gazetteer import Gazetteer, load_gazetteer, normalise
from newsframe.tables import MENTION_LABELS

__all__ = ["Mention", "actor_id", "doc_mentions", "link_document", "mention_id", "resolve_actors"]

_ORG_HEADS = frozenset(
    [
        "Cooperative",
        "Cooperation",
        "Council",
        "Committee",
        "Commission",
        "Organisation",
        "Organization",
        "Union",
        "Party",
        "Ministry",
        "Department",
        "Agency",
        "Bank",
        "Forum",
        "Conference",
        "Alliance",
        "Association",
        "Federation",
        "League",
        "Assembly",
        "Parliament",
    ]
)
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
    home_country: str | None = None
    key: str | None = None  # provisional per-document actor key
    actor_id: str | None = None
    extra_aliases: list[str] = field(default_factory=list)
    sector: str | None = None  # CAMEO agent sector (GOV, MIL, COP, ...), when known
    generic: bool = False  # a generic actor ("the police", "Iraqi troops"), not a name
    relative: bool = False  # introduced as someone's relative ("his daughter Malia Obama")


def _hash(prefix: str, *parts: object) -> str:
    digest = hashlib.sha1("|".join("" if p is None else str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:16]}"


def actor_id(type_: str, name: str) -> str:
    """Stable actor id: a hash of ``type|canonical name``.

    The country and role are attributes, not identity: they are inferred from context and may
    differ between runs on different documents, while the id must not.
    """
    return _hash("act", type_, name)


def mention_id(doc_id: str, start: int, end: int, label: str) -> str:
    """Stable mention id: a hash of ``doc_id|start|end|label``."""
    return _hash("men", doc_id, start, end, label)


@lru_cache(maxsize=1)
def _title_alternation() -> str:
    """The gazetteer's titles as one regex alternation, longest first."""
    return "|".join(re.escape(t) for t in load_gazetteer().titles)


@lru_cache(maxsize=1)
def _title_regex() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{_title_alternation()})(?![\w-])")


@lru_cache(maxsize=1)
def _title_prefix_regex() -> re.Pattern[str]:
    gaz = load_gazetteer()
    alts = "|".join(re.escape(t) for t in [*gaz.titles, *sorted(gaz.honorifics, key=len, reverse=True)])
    return re.compile(
        rf"^(?:(?:the|The|former|Former|then|acting|Acting|Deputy|deputy|Vice|vice)\s+)*({alts})\s+"
    )


@lru_cache(maxsize=1)
def _title_suffix_regex() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])({_title_alternation()})\s+$")


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
    stripped = re.sub(r"(?:\s+[-–—]+|[\s,;:(\[])+$", "", text)  # "Alan Beith -", "Blair,", "Office ("
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
                poss = re.search(r"(?:'s|’s)\s+", span)
                if poss and poss.start() > 0:  # "Obama's Afghan": the name ends at its possessive
                    rest_a, rest = a + poss.end(), span[poss.end() :]
                    iso_rest = gaz.country_of(rest)
                    if iso_rest:
                        label_rest = "NORP" if gaz.is_demonym(rest) else "GPE"
                        sent.append(
                            Mention(
                                doc_id, sid, s_start + rest_a, s_start + b, rest, label_rest, country=iso_rest
                            )
                        )
                    span = span[: poss.start()].rstrip()
                    b = a + len(span)
            if not span or not span[0].isalnum():
                continue
            if _DERIVED.match(span):
                continue  # "ObamaCare", "Reaganomics": a policy named after a person, not an actor
            glued = (b < len(stext) - 1 and stext[b] == "-" and stext[b + 1].isalnum()) or (
                a > 1 and stext[a - 1] == "-" and stext[a - 2].isalnum()
            )
            if glued and not gaz.country_of(span):
                continue  # "Chick" of "Chick-fil-A": a piece of a hyphenated word is not a name
            if (
                label == "PERSON"
                and role is None
                and " " not in span
                and not span.endswith("s")
                and _THE_BEFORE.search(stext[:a])
                and _PLACE_AFTER.match(stext[b:])
            ):
                label = (
                    "LOC"  # "spanning the Rhine from France", "the Jaffna peninsula": no person takes "the"
                )
            if normalise(span) in gaz.metonyms:
                label = "ORG"  # "White House" is an institution, not a place
            elif label in ("LOC", "GPE", "FAC") and span.split()[-1] in _ORG_HEADS:
                label = "ORG"  # "Asia-Pacific Economic Cooperative" is a body, not a place
            mention = Mention(doc_id, sid, s_start + a, s_start + b, span, label, role=role, titled=titled)
            iso = gaz.country_of(span)
            if iso:
                # a demonym or country that the model called PERSON/LOC/FAC is a country
                if label in ("PERSON", "LOC", "FAC"):
                    mention.label = "NORP" if gaz.is_demonym(span) else "GPE"
                mention.country = iso
                if mention.label == "ORG":  # a metonym: "the Kremlin" is RUS/GOV, "the Pentagon" USA/MIL
                    _known_country(mention, gaz)
                    mention.country = iso
            elif label in ("ORG", "NORP"):
                _known_country(mention, gaz)
            sent.append(mention)
        sent = _merge_peoples(stext, s_start, _dedupe(sent), gaz)
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
    out = _headlines(text, sentences, out, gaz)
    out = _dateline(doc_id, text, sentences, out, gaz)
    out = _consistency(doc_id, text, sentences, out, gaz)
    _weak_capitals(out, gaz)
    for place in out:  # places after the document's repairs: a team named after its city stays a team
        if place.country is None and place.label in ("GPE", "LOC", "FAC"):
            _known_country(place, gaz)
    _ethnic_groups(text, out, gaz)
    _group_countries(out, gaz)
    out.extend(_generic_mentions(doc_id, text, sentences, out, gaz))
    out.sort(key=lambda x: (x.start, x.end))
    return out


_THE_BEFORE = re.compile(r"(?:^|\s)[Tt]he\s+$")
_PLACE_AFTER = re.compile(
    r"^(?:\s+(?:peninsula|river|valley|region|province|district|mountains?|hills|delta|basin|coast|strait|sea|"
    r"gulf|border|plain|plateau|desert|lake|islands?|bridge|canal|pass)\b|\s*[,.;:)]|\s*$|"
    r"\s+(?:from|to|in|at|on|and|or|near|into|across|between|which|where|was|is)\b)"
)
"""After "the", a single name that the model calls a person is a place when a place noun or a function word
follows it ("the Rhine from France", "the Jaffna peninsula"); "the Clinton administration" is a person's
name as a modifier and stays."""


_SMALL_WORDS = frozenset({"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "but", "with", "by", "from", "as", "is", "are", "was", "be", "vs", "v.", "over", "after", "into", "up", "out", "off"})  # fmt: skip
_HEAD_WORD = re.compile(r"[A-Za-z][\w'’.-]*")


def is_headline(sentence: str) -> bool:
    """True for a headline-like line: four or more content words, nearly all capitalised, and no closing
    punctuation ("Obama Willing To Meet Iranian Leaders"), or a line in capitals ("OBAMA WILLING TO TALK").

    Examples
    --------
    >>> is_headline("Senator Warns Of Budget Cuts In Ohio"), is_headline("Joe Biden met Xi Jinping in Lima.")
    (True, False)
    """
    words = _HEAD_WORD.findall(sentence)
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    if len(content) < 3:
        return False
    letters = [c for w in content for c in w if c.isalpha()]
    if len(content) >= 3 and sum(c.isupper() for c in letters) >= 0.8 * len(letters):
        return True  # in capitals
    title = sum(w[0].isupper() for w in content) > 0.85 * len(content)
    return len(content) >= 4 and title and not sentence.rstrip().endswith((".", "?", "!", '"', "”", ":"))


def _headlines(
    text: str, sentences: Sequence[tuple[int, int, int]], mentions: list[Mention], gaz: Gazetteer
) -> list[Mention]:
    """Names in headlines need the body's support: capitalisation there says nothing about names.

    Only a document's first sentence, on a line of its own, is taken for a headline (score lines and tables
    further down look like headlines too). A mention there (:func:`is_headline`) is kept when the body
    (the other sentences) names it too (case-insensitively: "OBAMA" in a capitals headline), trimmed to the
    longest leading part the body names ("Obama Willing" → "Obama"), or dropped; places and peoples that the
    gazetteer knows are kept. A capitals headline's kept name takes the body's spelling-independent label.
    """
    heads = {sid for sid, s, e in sentences[:1] if is_headline(text[s:e]) and "\n" in text[e : e + 3]}
    if not heads:
        return mentions
    body: dict[str, str] = {}
    for m in mentions:
        if m.sentence_id not in heads:
            body.setdefault(m.text.lower(), m.label)
            if m.label == "PERSON":
                for tok in _person_tokens(m.text):
                    body.setdefault(tok.lower(), "PERSON")
    kept: list[Mention] = []
    for m in mentions:
        if m.sentence_id not in heads or m.country or gaz.country_of(m.text):
            kept.append(m)
            continue
        words = m.text.split()
        for k in range(len(words), 0, -1):
            part = " ".join(words[:k])
            if part.lower() in body:
                if k < len(words):
                    m.end = m.start + len(part)
                    m.text = part
                m.label = body[part.lower()]
                kept.append(m)
                break
    return kept


_LEAD_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+)*)(?P<region>\s*,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?"
    r"\s*(?:\((?P<agency>[A-Za-z][\w .-]{1,24})\)\s*[—–-]{1,2}|[—–]|--)\s"
)
"""A wire dateline before the lead: "FLORISSANT, Mo. (AP) — ", "LONDON (Reuters) - ", "PARIS — " (a plain
hyphen needs the agency: "SOCCER - JAPAN WIN" is a headline)."""


def _dateline(
    doc_id: str, text: str, sentences: Sequence[tuple[int, int, int]], mentions: list[Mention], gaz: Gazetteer
) -> list[Mention]:
    """A dateline says where the story was filed, not who acts: its place is a LOC mention (with its country
    as ``home_country`` when the gazetteer or the reference dictionaries place it), the wire agency in
    parentheses is no mention, and nothing else in it is an actor."""
    if not sentences:
        return mentions
    sid, s, _e = sentences[0]
    d = _LEAD_DATELINE.match(text[s : s + 200])  # the sentence splitter may cut "Mo." off the rest
    if not d:
        return mentions
    end = s + d.end()
    from newsframe.extract.gazetteer import load_known_actors

    place_a, place_b = s + d.start("place"), s + d.end("place")
    word = text[place_a:place_b]
    fact = load_known_actors().get(normalise(word))
    home = (
        gaz.country_of(word)
        or gaz.weak.get(normalise(word))
        or (fact.country if fact and fact.place else None)
    )
    kept = [m for m in mentions if not (m.start < end and m.end > s)]
    kept.append(Mention(doc_id, sid, place_a, place_b, word, "LOC", home_country=home))
    if d.group("region"):
        ra = s + d.start("region") + len(d.group("region")) - len(d.group("region").lstrip(" ,"))
        rb = s + d.end("region")
        if rb > ra:
            rsid = next((i for i, a, b in sentences if a <= ra < b), sid)
            kept.append(Mention(doc_id, rsid, ra, rb, text[ra:rb], "LOC", home_country=home))
    return kept


def _weak_capitals(mentions: list[Mention], gaz: Gazetteer) -> None:
    """A weak capital ("Stanley", "The Valley") is its country's only where the document names that country."""
    named = {m.country for m in mentions if m.country and m.label in ("GPE", "NORP")}
    for m in mentions:
        if m.country is None and m.label in ("GPE", "LOC", "FAC"):
            iso = gaz.weak.get(normalise(m.text))
            if iso and iso in named:
                m.country, m.label = iso, "GPE"


_DERIVED = re.compile(r"^[A-Z][a-z]+(?:[Cc]are|nomics|ism)$")


def _known_country(m: Mention, gaz: Gazetteer) -> None:
    """Country (and sector) of a named non-person from PETRARCH-2's actor dictionaries, by its whole name.

    A place ("Ohio", "Kirkuk") gives its country to a GPE/LOC/FAC mention as ``home_country``: the actor's
    country when nothing says more, while the mention stays a place (its own actor, not the country, and
    not one that acts in events); a named actor ("FBI", "Hamas") gives its country and
    sector to an ORG/NORP mention (also by a shorter form: "Liberation Tigers", :func:`find_known`), and so
    does a place to a NORP mention: a people the dictionary files under its place ("Gazans"), or a town the
    model read as a people ("Samarra"). An upper-case dateline word ("FLORISSANT") is looked up too.
    """
    from newsframe.extract.gazetteer import find_known, load_known_actors

    hit = load_known_actors().get(normalise(m.text))
    if hit is None and m.label in ("ORG", "NORP"):
        hit = find_known(m.text, person=False)  # "Liberation Tigers" (of Tamil Eelam)
    if hit is None or (not hit.country and not hit.sector):
        return
    if m.label in ("GPE", "LOC", "FAC"):
        if hit.place and hit.country:
            m.home_country = hit.country
    elif m.label in ("ORG", "NORP") and not hit.place:
        m.country = hit.country
        m.sector = m.sector or hit.sector
    elif m.label == "NORP" and hit.place and hit.country:
        m.country = hit.country  # "Gazans", or a town the model read as a people ("Samarra"): the place's


_ETHNIC = re.compile(r"\bethnic\s+$", re.IGNORECASE)


def _leading(countries: Iterable[str]) -> str | None:
    """The most frequent of ``countries`` when one leads (no tie for first), else None."""
    ranked = Counter(countries).most_common(2)
    return ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None


def _ethnic_groups(text: str, mentions: list[Mention], gaz: Gazetteer) -> None:
    """A people named as an ethnic group ("ethnic Albanians", "ethnic Serbs") is a minority of the country it
    lives in, as event data codes it: ethnic Albanians who demonstrate in Serbia are Serbia's (SRB), not
    Albania's. Their country is the other country their sentence names most, else the document; with none
    named, or a tie, the people's own country stays. The group is an actor of its own, named like a generic
    actor ("Serbia ethnic Albanians"), not the country it lives in."""
    places = [m for m in mentions if m.country and m.label in ("GPE", "NORP") and not m.generic]
    for m in mentions:
        if m.label != "NORP" or not m.country or not _ETHNIC.search(text[max(0, m.start - 12) : m.start]):
            continue
        own = m.country
        others = [x for x in places if x.country != own]
        here = _leading(x.country for x in others if x.sentence_id == m.sentence_id and x.country)
        m.country = here or _leading(x.country for x in others if x.country) or own
        m.name = f"{gaz.country_names.get(m.country, m.country)} ethnic {m.text}"


_REGIONAL = frozenset(
    {"arab", "arabs", "african", "africans", "european", "europeans", "asian", "asians", "western", "westerners",
     "eastern", "latin", "scandinavian", "scandinavians", "balkan", "nordic", "caucasian", "gulf", "americans"}
)  # fmt: skip
"""Words of peoples that span many countries ("Arabs", "West Africans"): no one country is theirs."""


def _group_countries(mentions: list[Mention], gaz: Gazetteer) -> None:
    """A religious, ethnic or political group the gazetteer gives no country ("Moslem fundamentalists",
    "Shiite militiamen", "Kurds", "Republicans") is, weakly (``home_country``), of the country the document
    names most, when one leads: event data codes such a group within its country ("EGY MOS"), so the group
    there is an actor of its own ("Egypt Moslem"), not one "Moslem" for every country. An adjacent demonym,
    which says more, has given its country already ("Iraqi Kurds", :func:`_merge_peoples`). A people with
    a country that is more than a demonym ("Iraqi Kurds", "Hamas") is named by its text, not merged into
    the country's actor."""
    for m in mentions:
        if (
            m.label == "NORP"
            and m.country
            and m.name is None
            and not m.generic
            and not gaz.country_of(m.text)
        ):
            m.name = m.text
    dominant = _leading(m.country for m in mentions if m.country and m.label in ("GPE", "NORP"))
    if dominant is None:
        return
    for m in mentions:
        regional = any(w.lower().strip(".") in _REGIONAL for w in m.text.split())
        if m.label == "NORP" and not m.country and not m.home_country and not m.generic and not regional:
            m.home_country = dominant
            m.name = f"{gaz.country_names.get(dominant, dominant)} {m.text}"  # the group in that country


_QUALIFIER_GAP = re.compile(r"^(?:'s|’s)?\s+(?:[a-z][\w-]*\s+){0,2}$")
_SPACES = re.compile(r"^\s+$")
_QUALIFIER_AFTER = re.compile(r"^\s+(?:in|of|from)\s+(?:the\s+)?$")


def _generic_mentions(
    doc_id: str, text: str, sentences: Sequence[tuple[int, int, int]], mentions: list[Mention], gaz: Gazetteer
) -> list[Mention]:
    """Generic actors ("the police", "Iraqi troops", "officials of Iran") as mentions with a country and sector.

    The country comes from a country or demonym right before the phrase (up to two lower-case words
    between: "Iraqi special troops", "Iran's military"; there a title or an institution is an actor too: "the
    Syrian president", "a Pakistani court") or right after it ("police in Kenya"), else from
    the country the document names most (when one leads); the name is the country and the sector's
    label ("Iraq military"), or the label alone.
    """
    from newsframe.extract.sectors import find_generic, load_sectors

    labels = load_sectors()
    by_sentence: dict[int, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_sentence[m.sentence_id].append(m)
    votes = Counter(m.country for m in mentions if m.country and m.label in ("GPE", "NORP"))
    ranked = votes.most_common(2)
    dominant = ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None
    out: list[Mention] = []
    for sid, s_start, s_end in sentences:
        stext = text[s_start:s_end]
        sent = sorted(by_sentence.get(sid, []), key=lambda x: x.start)
        blocked = [(m.start - s_start, m.end - s_start) for m in sent]
        qualified = [m.end - s_start for m in sent if m.country and m.label in ("GPE", "NORP")]
        owners = [m.start - s_start for m in sent if m.country and m.label == "GPE"]
        for g in find_generic(stext, blocked=blocked, qualified=qualified, owners=owners):
            if any(m.label == "PERSON" and _SPACES.match(stext[g.end : m.start - s_start]) for m in sent):
                continue  # a title: "Treasury Secretary Janet Yellen"
            before = next(
                (
                    m
                    for m in reversed(sent)
                    if m.end - s_start <= g.start and _QUALIFIER_GAP.match(stext[m.end - s_start : g.start])
                ),
                None,
            )
            after = next(
                (
                    m
                    for m in sent
                    if m.start - s_start >= g.end and _QUALIFIER_AFTER.match(stext[g.end : m.start - s_start])
                ),
                None,
            )
            owner = before if before is not None and before.country else after
            iso = owner.country if owner is not None and owner.label != "PERSON" else None
            iso = iso or dominant  # "the police" in a Kenyan story: Kenya's
            label, group = labels[g.sector]
            m = Mention(doc_id, sid, s_start + g.start, s_start + g.end, g.text, group, country=iso)
            m.name = f"{gaz.country_names.get(iso, iso)} {label}" if iso else label
            m.sector, m.generic = g.sector, True
            out.append(m)
    return out


_SPLIT = re.compile(r" (?:-|,|\(|\)|/) ")
_TRAIL_NUM = re.compile(r"(?:\s+[\d][\d.,:/-]*)+$")
_INITIAL_NAME = re.compile(r"(?<![\w.])[A-Z]\. ?(?:[A-Z]\. ?)?[A-Z][a-z]+(?:[-'][A-Za-z]+)?(?![\w])")
_DATELINE = re.compile(
    r"^([A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+)*)(?: ,? ?[A-Z][A-Za-z.]*)?\s+\d{4}-\d{2}-\d{2}\s*$"
)
_SCORE_AFTER = re.compile(r"^\s+\d+(?:-\d+)?(?:\s|$)")
_SPORT_VERBS = re.compile(
    r"^\s+(?:beat|beats|drew with|draw with|lost to|lose to|v|vs\.?|defeated|edged|thrashed)\s"
)


_CAPITAL_RUN = re.compile(r"(?<![\w.-])[A-Z][\w.’'-]*(?:[ -][A-Z][\w.’'-]*)*")
_RUN_WORD = re.compile(r"[^\s]+")


def _consistency(
    doc_id: str, text: str, sentences: Sequence[tuple[int, int, int]], mentions: list[Mention], gaz: Gazetteer
) -> list[Mention]:
    """Document-level repairs: split glued spans, trim trailing scores, one label per name,
    names repeated without a tag, initials + surname, datelines, and teams named in score lines."""
    starts = [s for _sid, s, _e in sentences]

    def sid_of(pos: int) -> int:
        k = bisect.bisect_right(starts, pos) - 1
        return sentences[max(k, 0)][0]

    fixed: list[Mention] = []
    for m in mentions:
        pieces = [(m.start, m.end)]
        if _SPLIT.search(m.text):
            pieces = []
            cur = m.start
            for sp in _SPLIT.finditer(m.text):
                pieces.append((cur, m.start + sp.start()))
                cur = m.start + sp.end()
            pieces.append((cur, m.end))
        for a, b in pieces:
            seg = text[a:b]
            trail = _TRAIL_NUM.search(seg)
            if trail and trail.start() > 0:
                b = a + trail.start()
                seg = text[a:b]
            if (a, b) == (m.start, m.end):
                fixed.append(m)
                continue
            if not seg or not seg[:1].isalpha() or not any(c.isupper() for c in seg):
                continue
            piece = Mention(m.doc_id, sid_of(a), a, b, seg, m.label, role=m.role, titled=m.titled)
            iso = gaz.country_of(seg)
            if iso:
                piece.country = iso
                piece.label = "NORP" if gaz.is_demonym(seg) else "GPE"
            fixed.append(piece)
    mentions = fixed
    # a country name is a GPE whatever the model said (not demonyms, not institutions)
    for m in mentions:
        key = normalise(m.text)
        country_name = key in gaz.names and key not in gaz.metonyms and not gaz.is_demonym(m.text)
        if m.label in ("ORG", "NORP", "PERSON") and country_name:
            m.label = "GPE"
            m.country = gaz.names[key]
    taken = sorted((m.start, m.end) for m in mentions)

    def free(a: int, b: int) -> bool:
        k = bisect.bisect_left(taken, (a, a))
        return all(not (0 <= j < len(taken) and taken[j][0] < b and a < taken[j][1]) for j in (k - 1, k))

    added: list[Mention] = []

    def add(a: int, b: int, label: str) -> None:
        if free(a, b):
            mm = Mention(doc_id, sid_of(a), a, b, text[a:b], label, country=gaz.country_of(text[a:b]))
            added.append(mm)
            bisect.insort(taken, (a, b))

    # countries, capitals and demonyms the model missed
    for run in _CAPITAL_RUN.finditer(text):
        words = [(w.start(), w.end()) for w in _RUN_WORD.finditer(run.group(0))]
        i = 0
        base = run.start()
        while i < len(words):
            for n in range(min(4, len(words) - i), 0, -1):
                a, b = base + words[i][0], base + words[i + n - 1][1]
                word = text[a:b]
                if len(word) <= 3 and not word.isupper():
                    continue
                key = word.lower()
                if key in gaz.metonyms or not (key in gaz.names or gaz.is_demonym(word)):
                    continue
                add(a, b, "NORP" if gaz.is_demonym(word) else "GPE")
                i += n - 1
                break
            i += 1
    # datelines ("ROME 1996-12-06") and initials with a surname ("W. Athey")
    for _sid, s, e in sentences:
        d = _DATELINE.match(text[s:e])
        if d:
            add(s + d.start(1), s + d.end(1), "GPE")
        for ini in _INITIAL_NAME.finditer(text, s, e):
            add(ini.start(), ini.end(), "PERSON")
    # teams: a non-country name followed by a score or a match verb is an organisation
    teams: set[str] = set()
    for m in mentions:
        after = text[m.end : m.end + 20]
        if (
            (_SCORE_AFTER.match(after) or _SPORT_VERBS.match(after))
            and m.country is None
            and m.label != "PERSON"
        ) or (_SCORE_AFTER.match(after) and m.label == "PERSON" and " " not in m.text and m.country is None):
            teams.add(m.text)
    # one label per name: surnames of people are people, teams are organisations, else the majority
    surnames = {_person_tokens(m.text)[-1] for m in mentions if m.label == "PERSON" and _clean_name(m.text)}
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        votes[m.text][m.label] += 1
    for m in mentions:
        if m.country is not None:
            continue
        if m.text in teams:
            m.label = "ORG"
        elif m.text in surnames and " " not in m.text:
            m.label = "PERSON"
        else:
            m.label = votes[m.text].most_common(1)[0][0]
    # names tagged somewhere in the document are tagged everywhere
    names = {m.text: m.label for m in mentions if len(m.text) >= 3 and m.text[:1].isupper()}
    for surname in surnames:  # "Biden" alone, after "Joe Biden" was found
        if (
            len(surname) >= 3
            and surname[:1].isupper()
            and surname not in names
            and not gaz.country_of(surname)
        ):
            names[surname] = "PERSON"
    for a, b, name in _whole_names(text, names):
        add(a, b, names[name])
    return mentions + added


_WORD_RUN = re.compile(r"(?<![\w-])\w+")
_WORD_OR_HYPHEN = re.compile(r"[\w-]")


def _whole_names(text: str, names: Iterable[str]) -> list[tuple[int, int, str]]:
    r"""``(start, end, name)`` of the names in ``text`` as whole words (not after or before a word character
    or a hyphen), left to right, not overlapping, the longest name first at each position.

    The same hits as one regular expression of the names, longest first, between ``(?<![\w-])`` and
    ``(?![\w-])``, without compiling one per document: a name can only start where a run of word
    characters does, and that run is the name's own leading run (a hyphen or a word character after it
    would fail the look-ahead), so the names are indexed by it.

    Examples
    --------
    >>> _whole_names("Al-Qaeda and Al met Alan Smith; Smith-Jones left.", ["Al", "Al-Qaeda", "Smith", "Alan"])
    [(0, 8, 'Al-Qaeda'), (13, 15, 'Al'), (20, 24, 'Alan'), (25, 30, 'Smith')]
    """
    ordered = sorted(names, key=len, reverse=True)
    by_run: dict[str, list[str]] = {}
    for name in ordered:
        lead = _WORD_RUN.match(name)
        if lead is None:  # a name that does not start with a word character ("Ⓐ"): the regular expression
            pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in ordered) + r")(?![\w-])")
            return [(h.start(), h.end(), h.group(1)) for h in pattern.finditer(text)]
        by_run.setdefault(lead.group(0), []).append(name)
    out: list[tuple[int, int, str]] = []
    if not by_run:
        return out
    n = len(text)
    done = 0
    for run in _WORD_RUN.finditer(text):
        a = run.start()
        if a < done:
            continue
        for name in by_run.get(run.group(0), ()):
            b = a + len(name)
            if text.startswith(name, a) and (b >= n or not _WORD_OR_HYPHEN.match(text, b)):
                out.append((a, b, name))
                done = b
                break
    return out


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    mentions.sort(key=lambda x: (x.start, -(x.end - x.start)))
    kept: list[Mention] = []
    for m in mentions:
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept


def _merge_peoples(stext: str, s_start: int, sent: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """A demonym and the people it qualifies are one actor: "Iraqi" + "Kurds" → "Iraqi Kurds" (IRQ), as the
    model often tags them already ("Turkish Kurds"); a people that is a country's own ("Bosnian Serbs")
    keeps its two mentions."""
    out: list[Mention] = []
    for m in sent:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.label == "NORP"
            and m.label == "NORP"
            and prev.country
            and gaz.is_demonym(prev.text)
            and not gaz.country_of(m.text)
            and stext[prev.end - s_start : m.start - s_start] == " "
        ):
            prev.end, prev.text = m.end, stext[prev.start - s_start : m.end - s_start]
            continue
        out.append(m)
    return out


def _affiliations(stext: str, s_start: int, sent: list[Mention], gaz: Gazetteer) -> None:
    """Give people their title (if not yet known) and the country of an adjacent affiliation."""
    for i, m in enumerate(sent):
        if m.label in ("ORG", "NORP") and not m.country:
            m.country = _inner_country(m.text, gaz)
        if (
            m.label == "PERSON"
            and not m.titled
            and gaz.is_demonym(m.text.split()[0])
            and len(m.text.split()) > 1
        ):
            m.label, m.country = "NORP", gaz.country_of(m.text.split()[0])  # "Bosnian Serbs"
        if not m.country and i > 0:
            prev = sent[i - 1]
            gap = stext[prev.end - s_start : m.start - s_start]
            # "Ivory Coast's Supreme Court", "Iraqi Kurds": an adjacent country owns the actor
            owned = re.fullmatch(r"(?:'s|’s)\s+", gap) is not None
            multiword = " " in m.text
            adjacent_people = gap == " " and prev.label == "NORP" and m.label == "NORP"  # "Hamas Islamists"
            if prev.country and (
                (multiword and (owned or (gap == " " and prev.label == "NORP" and m.label != "PERSON")))
                or adjacent_people
            ):
                m.country = prev.country
        nxt = sent[i + 1] if i + 1 < len(sent) else None
        if m.label == "ORG" and not m.country and nxt is not None and nxt.country and nxt.label == "GPE":
            gap_after = stext[m.end - s_start : nxt.start - s_start]
            if _QUALIFIER_AFTER.match(gap_after) and _institution(m.text, gaz, _agents()):
                m.country = nxt.country  # "the Foreign Ministry in Beijing", "the Interior Ministry of Iraq"
        if (
            m.label == "ORG"
            and _clean_name(m.text)
            and _title_suffix_regex().search(stext[: m.start - s_start])
        ):
            m.label = "PERSON"  # "Germany's chancellor Olaf Scholz": a title makes the name a person
        if m.label != "PERSON":
            continue
        prefix = stext[: m.start - s_start]
        after = stext[m.end - s_start :]
        if _KIN_BEFORE.search(prefix) or _KIN_AFTER.match(after):
            m.relative = True
        if m.role is None:
            appos = _appositive_regex().match(after)
            if appos:
                m.role, m.titled = gaz.titles[appos.group(1)], appos.group(1)
                org_at = m.end - s_start + appos.end()
                org = next((x for x in sent[i + 1 :] if x.start - s_start == org_at), None)
                if org is not None and org.label in ("LOC", "FAC") and not org.country:
                    org.label = "ORG"  # "a spokesman for Third Way": someone speaks for an organisation
                if org is not None and org.country and not m.country:
                    m.country = org.country
                continue
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
        affil = next((x for x in reversed(sent[:i]) if x.end - s_start <= prefix_end), None)
        if affil is not None and prefix_end - (affil.end - s_start) <= 1 and affil.country:
            m.country = affil.country
        else:
            word = re.search(r"([A-Z][\w.-]*)\s*$", prefix_stripped)
            if word:
                m.country = gaz.country_of(word.group(1))


_KIN = (
    r"(?:daughters?|sons?|wife|husband|brothers?|sisters?|mother|father|children|grandsons?|granddaughters?|"
    r"nieces?|nephews?|widow|son-in-law|daughter-in-law|stepson|stepdaughter|first lady|First Lady)"
)
_KIN_BEFORE = re.compile(rf"\b{_KIN}\s+(?:[A-Z][\w.’'-]*\s+(?:and|&)\s+)?$")
"""A relative named after the kinship word: "his daughter Ivanka Trump", "daughters Malia and Sasha Obama"."""
_KIN_AFTER = re.compile(
    rf"^,\s+(?:(?:his|her|their|the)\s+|[A-Z]?[\w.-]+(?:'s|’s)\s+)*(?:eldest\s+|youngest\s+|older\s+|"
    rf"younger\s+)?{_KIN}\b"
)
"""A relative named before it: "Ivanka Trump, the president's daughter"."""


@lru_cache(maxsize=1)
def _appositive_regex() -> re.Pattern[str]:
    """A title in an apposition after a name: "Jim Kessler, a spokesman for Third Way", "Ann Lee, the
    group's senior director of policy at" (group 1 is the title; the match ends where the organisation starts)."""
    return re.compile(
        rf"^,\s+(?:a|an|the|its|their|[A-Z]?[\w.-]+(?:'s|’s))\s+(?:(?:former|senior|chief|top|deputy|longtime|"
        rf"press|national|executive|acting)\s+)*({_title_alternation()})\s+(?:for|of|at|with|to)\s+(?:the\s+)?"
    )


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


_NAME_WORD = re.compile(
    r"^(?:[A-Z][a-z]+(?:[-'’][A-Za-z][a-z]+)*|[A-Z]\.|Mc[A-Z][a-z]+|Mac[A-Z][a-z]+"
    r"|(?:[dD][aeiu]|[lL][ae]|[vV]an|O')[A-Z][a-z]+)$"
)
"""A word of a personal name: "Biden", "W.", "McCain", and names with a particle: "diGenova", "DiCaprio",
"LaHood", "O'Rourke"."""


def _clean_name(name: str) -> bool:
    """Two or more words that look like a personal name ("Joe Biden", "W. Athey"; not "ofNew Labour")."""
    words = _person_tokens(name)
    return len(words) >= 2 and all(_NAME_WORD.match(w) for w in words)


def _person_tokens(name: str) -> list[str]:
    return [t for t in name.split() if t not in _PERSON_SUFFIX]


def _link_people(mentions: list[Mention]) -> None:
    """Within one document: a surname or first-name-only mention joins the full name that contains it."""
    full = Counter(m.text for m in mentions if m.label == "PERSON" and len(_person_tokens(m.text)) >= 2)
    relatives = {m.text for m in mentions if m.label == "PERSON" and m.relative}
    titled_bare = {m.text for m in mentions if m.label == "PERSON" and m.role and " " not in m.text}
    for m in mentions:
        if m.label != "PERSON" or m.name:
            continue
        toks = _person_tokens(m.text)
        if len(toks) >= 2:
            m.name = m.text
            continue
        candidates = [n for n in full if m.text in _person_tokens(n)]
        # a title belongs to the person it was written with: a titled surname ("President Obama") never joins
        # a relative ("his daughter Malia Obama") or a son ("Donald Trump Jr."), and neither does a bare
        # surname when such a titled one, or another full name, is there to take it
        kin = {n for n in candidates if n in relatives or any(t in _PERSON_SUFFIX for t in n.split())}
        if kin and (m.role or len(candidates) > len(kin) or m.text in titled_bare):
            candidates = [n for n in candidates if n not in kin]
        if candidates:
            m.name = max(candidates, key=lambda n: (full[n], len(n)))


def _home_country(mentions: Iterable[Mention], gaz: Gazetteer) -> str | None:
    """The country whose institutions the document talks about (White House → USA), if any."""
    counts = Counter(m.country for m in mentions if m.country and normalise(m.text) in gaz.metonyms)
    return counts.most_common(1)[0][0] if counts else None


def link_document(mentions: list[Mention], *, gazetteer: Gazetteer | None = None) -> None:
    """Within one document: link aliases, share role and country, and give each mention a provisional
    per-document actor key (``Mention.key``; also set as ``actor_id`` until :func:`resolve_actors`)."""
    gaz = gazetteer or load_gazetteer()
    from newsframe.extract.gazetteer import find_known, load_known_actors, load_known_surnames

    _link_people(mentions)
    home = _home_country(mentions, gaz) or _single_country(mentions)
    known = load_known_actors()
    surnames = load_known_surnames()
    by_name: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.label == "PERSON":
            by_name[m.name or m.text].append(m)
    for name, group in by_name.items():
        countries = Counter(m.country for m in group if m.country)
        fact = known.get(normalise(name)) or (find_known(name, person=True) if " " in name.strip() else None)
        if not countries and fact is not None and fact.country and not fact.place:
            countries[fact.country] += 1  # PETRARCH-2's actor dictionaries: "Barack Obama" is USA
        elif not countries and fact is None and " " not in name.strip() and normalise(name) in surnames:
            countries[surnames[normalise(name)]] += 1  # a leader's bare surname: "Yeltsin", "Kohl"
        roles = Counter(m.role for m in group if m.role)
        role = max(roles, key=lambda r: (roles[r], r != "Leader", len(r))) if roles else None
        for m in group:
            m.role = role
            if countries:
                m.country = countries.most_common(1)[0][0]
            elif roles:
                m.home_country = home  # weak evidence, used only when no document says more
            elif _clean_name(group[0].name or group[0].text) and not group[0].text.endswith("s"):
                m.home_country = _nearest_country_before(group[0], mentions)
    from newsframe.extract.sectors import load_agents, sector_for

    agents = load_agents()
    for m in mentions:
        if m.sector is None and not (m.country and m.label in ("GPE", "NORP") and m.name is None):
            m.sector = sector_for(m.label, m.name or m.text, m.role)
        if m.label == "ORG" and not m.country and not m.generic and m.sector in _STATE_SECTORS:
            fact = find_known(m.text, person=False)
            if fact is None or not fact.international:  # the UN Security Council is no country's
                m.home_country = home  # "Parliament", "the Supreme Court": the document's country's, weakly
        iso = m.country or m.home_country
        if (
            m.label == "ORG"
            and iso
            and m.name is None
            and not m.generic
            and _institution(m.text, gaz, agents)
        ):
            # every country has a "Foreign Ministry": Israel's is not China's, in this document or another
            m.name = f"{gaz.country_names.get(iso, iso)} {m.text}"
        t, name = _group_key(m, gaz)
        m.key = f"tmp|{t}|{name}"
        m.actor_id = m.key


def _agents() -> Mapping[str, str]:
    from newsframe.extract.sectors import load_agents

    return load_agents()


def _institution(text: str, gaz: Gazetteer, agents: Mapping[str, str]) -> bool:
    """True for a name that is an institution every country has ("Foreign Ministry", "Supreme Court",
    "Parliament": a phrase of the agents dictionary), not a metonym ("White House") or a proper name."""
    key = normalise(text)
    return key in agents and key not in gaz.metonyms and not any(w in _ABROAD for w in key.split())


_ABROAD = frozenset(
    {"embassy", "embassies", "consulate", "consulates", "mission", "missions", "envoy", "envoys", "ambassador",
     "ambassadors", "delegation", "delegations", "legation"}
)  # fmt: skip
"""Words of a country's bodies abroad: "the embassy in Tehran" is another country's embassy, so a place after
it ("in Tehran") is not its country."""


_STATE_SECTORS = frozenset({"GOV", "LEG", "JUD", "MIL", "COP"})


def _single_country(mentions: Sequence[Mention]) -> str | None:
    """The one country a document names (countries, peoples, and places the reference dictionaries place:
    "Ohio" is in the USA), when it names exactly one; else None."""
    found = {
        m.country or (m.home_country if m.label == "GPE" else None)
        for m in mentions
        if m.label in ("GPE", "NORP") and not m.generic
    } - {None}
    return next(iter(found)) if len(found) == 1 else None


def _nearest_country_before(person: Mention, mentions: Sequence[Mention]) -> str | None:
    """Weak evidence for an untitled person: the last country named before them in their sentence
    ("discuss Taiwan, ahead of the inauguration of Lai Ching-te").

    None when another person, or an organisation not of that country, stands between that country
    and the person: the country is theirs ("Germany's chancellor Olaf Scholz spoke with Xi Jinping"
    says nothing of Xi); an organisation of the same country keeps it ("The Ivory Coast's Supreme
    Court decided to allow candidate Alassane Ouattara").
    """
    before = [m for m in mentions if m.sentence_id == person.sentence_id and m.end <= person.start]
    countries = [m for m in before if m.country and m.label == "GPE"]
    if not countries:
        return None
    last = countries[-1]
    between = [m for m in before if m.start >= last.end]
    if any(m.label == "PERSON" or (m.label == "ORG" and m.country != last.country) for m in between):
        return None
    return last.country


def _group_key(m: Mention, gaz: Gazetteer) -> tuple[str, str]:
    if m.country and m.label in ("GPE", "NORP") and m.name is None:
        return "GPE", gaz.country_names.get(m.country, m.country)
    return m.label, m.name or m.text


def _singular(name: str) -> str | None:
    """The singular of a plural group name ("Tories" -> "Tory", "Democrats" -> "Democrat"), else None."""
    if name.endswith("ies") and len(name) > 4:
        return name[:-3] + "y"
    if name.endswith("s") and not name.endswith("ss") and len(name) > 3:
        return name[:-1]
    return None


def _person_key(name: str) -> tuple[str, str] | None:
    """``(pkey, pmid)`` of a clean full person name: first and last name (and suffix) in lower case, and
    the initials of the middle names ("Donald J. Trump" → ``("donald trump", "J")``), else None.

    Examples
    --------
    >>> _person_key("Donald John Trump"), _person_key("Donald Trump Jr."), _person_key("Trump")
    (('donald trump', 'J'), ('donald trump jr.', ''), None)
    """
    if not _clean_name(name):
        return None
    words = name.split()
    suffix = [w for w in words if w in _PERSON_SUFFIX]
    toks = _person_tokens(name)
    first, last, middle = toks[0], toks[-1], toks[1:-1]
    if len(first) <= 2 and first.endswith("."):
        return None  # "W. Athey": no first name to key on
    key = " ".join([first, last, *suffix]).lower()
    return key, "".join(w[0].upper() for w in middle)


@lru_cache(maxsize=1)
def _variants() -> dict[str, str]:
    """Variant spellings of a group name from ``actor_lexicon.csv`` (``kind=variant``: "Democratic" → "Democrat")."""
    import csv

    from newsframe.assets import asset_path

    with asset_path("seeds", "reference", "actor_lexicon.csv").open(encoding="utf-8", newline="") as fh:
        return {r["phrase"].strip(): r["value"].strip() for r in csv.DictReader(fh) if r["kind"] == "variant"}


def candidate_rows(mentions: Sequence[Mention], doc_seq: int, gaz: Gazetteer) -> list[dict[str, object]]:
    """One ``mention_candidates`` row per mention of one document (:data:`newsframe.linking.CANDIDATE_SCHEMA`).

    The per-document string rules the relational pass needs are computed here, once per mention.
    """
    rows: list[dict[str, object]] = []
    for seq, m in enumerate(mentions):
        gk_type, gk_name = _group_key(m, gaz)
        clean = m.label == "PERSON" and bool(m.name) and _clean_name(m.name or "")
        pk = _person_key(gk_name) if gk_type == "PERSON" and m.label == "PERSON" else None
        singular = None
        if gk_type in ("NORP", "ORG"):
            singular = _variants().get(gk_name) or _singular(gk_name)
        rows.append(
            {
                "doc_seq": doc_seq,
                "mention_seq": seq,
                "doc_id": m.doc_id,
                "sentence_id": m.sentence_id,
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "label": m.label,
                "key": m.key,
                "name": m.name,
                "country": m.country,
                "home_country": m.home_country,
                "role": m.role,
                "sector": m.sector,
                "titled": m.titled,
                "extra_aliases": list(m.extra_aliases),
                "surname": _person_tokens(m.name)[-1]
                if clean and m.name and _person_tokens(m.name)
                else None,
                "gk_type": gk_type,
                "gk_name": gk_name,
                "gk_country": gk_type in ("GPE", "NORP") and bool(gaz.country_of(gk_name)),
                "gk_singular": singular,
                "kin": m.label == "PERSON"
                and (m.relative or any(t in _PERSON_SUFFIX for t in gk_name.split())),
                "pkey": pk[0] if pk else None,
                "pmid": pk[1] if pk else None,
            }
        )
    return rows


def resolve_actors(
    docs: Sequence[list[Mention]], *, gazetteer: Gazetteer | None = None
) -> list[dict[str, object]]:
    """Link mentions to actors within and across documents; set ``actor_id`` (and ``label``) on each mention.

    Documents not yet passed through :func:`link_document` are linked first. The cross-document pass is
    :func:`newsframe.linking.link`'s, run in memory over these documents (one implementation of the rules).
    Returns the actor rows (``actor_id, name, type, country, role, sector, aliases``), one per actor.
    """
    import polars as pl

    from newsframe.linking import CANDIDATE_SCHEMA, resolve

    gaz = gazetteer or load_gazetteer()
    for mentions in docs:
        if mentions and mentions[0].key is None:
            link_document(mentions, gazetteer=gaz)
    rows = [r for seq, mentions in enumerate(docs) for r in candidate_rows(mentions, seq, gaz)]
    frame = pl.DataFrame(rows, schema=CANDIDATE_SCHEMA).lazy()
    keyed, actors = resolve(frame)
    flat = [m for mentions in docs for m in mentions]
    for m, (label, aid) in zip(flat, keyed.select("label", "actor_id").iter_rows(), strict=True):
        m.label, m.actor_id = label, aid
    return actors.to_dicts()
