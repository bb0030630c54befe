"""Country, demonym, title and institution gazetteers, loaded once from ``seeds/reference``.

``countries.csv`` (ISO codes, names, demonyms, capitals, population) is our own
reference table, generated once from countryinfo (MIT) and pycountry; see
``seeds/reference/SOURCES.md``. ``actor_lexicon.csv`` adds titles, honorifics,
title fragments, organisation head nouns, metonyms ("White House" → USA) and
extra country names and demonyms.

Capitals that are weak evidence on their own (``Gazetteer.weak``): the capital of a country or territory of
fewer than a million people, unless it is the country's own name ("Singapore"), and any capital written with
an article ("The Valley", Anguilla). Such a name is a common word or a common place name elsewhere
("Florissant Valley", "Stanley", "Hamilton", "Douglas"); it stands for its country only in a document that
also names that country (:func:`newsframe.extract.actors.doc_mentions`).

``cameo_actors.csv`` (:func:`load_known_actors`) holds the facts of PETRARCH-2's actor dictionaries: the
country and sector of named actors ("Barack Obama" → USA, "Hamas" → PSE/REB, "FBI" → USA/COP) and the
country of places ("Ohio", "Kirkuk"). It is looked up by a mention's whole name, never scanned for.

Examples
--------
>>> from newsframe.extract.gazetteer import load_gazetteer
>>> gaz = load_gazetteer()
>>> gaz.country_of("Chinese"), gaz.country_of("Taiwan's"), gaz.country_of("the Philippines")
('CHN', 'TWN', 'PHL')
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from newsframe.assets import asset_path

__all__ = [
    "Gazetteer",
    "KnownActor",
    "load_gazetteer",
    "load_known_actors",
    "load_known_surnames",
    "normalise",
]

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_THE = re.compile(r"^(?:the|The|THE)\s+")


def _fold(text: str) -> str:
    """``text`` without accents ("Bogotá" → "Bogota"); ASCII text is returned as it is."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Key for gazetteer look-ups: no leading article, no possessive, no accents, single spaces, lower case.

    News in English often drops the accents of a name ("Bogota", "Cote d'Ivoire"), so the key does too, and
    a typographic apostrophe is a plain one.

    Examples
    --------
    >>> normalise("the United States'"), normalise("Bogotá")
    ('united states', 'bogota')

    A pure function of ``text``, cached (tens of thousands of look-ups per hundred articles, few distinct).
    """
    text = " ".join(_fold(text).replace("’", "'").split())
    text = _THE.sub("", text)
    text = _POSSESSIVE.sub("", text)
    return text.lower().strip(" .,")


@dataclass(frozen=True)
class Gazetteer:
    """Look-up tables for actors.

    Attributes
    ----------
    names
        Normalised country name, alias, capital or metonym → ISO-3.
    demonyms
        Normalised demonym (singular) → ISO-3, duplicates resolved by population.
    country_names
        ISO-3 → canonical English short name.
    titles
        Title phrase as written → canonical role, longest phrases first.
    honorifics, title_parts, org_nouns, metonyms
        Sets of phrases (metonyms: normalised).
    """

    names: dict[str, str]
    demonyms: dict[str, str]
    country_names: dict[str, str]
    titles: dict[str, str]
    honorifics: frozenset[str]
    title_parts: frozenset[str]
    org_nouns: frozenset[str]
    metonyms: frozenset[str] = field(default_factory=frozenset)
    weak: dict[str, str] = field(default_factory=dict)
    """Normalised capital → ISO-3 for capitals that need their country named in the document too."""

    def country_of(self, text: str) -> str | None:
        """ISO-3 code for a country name, alias, capital, metonym or demonym (singular or plural)."""
        key = normalise(text)
        if not key:
            return None
        hit = self.names.get(key) or self.demonyms.get(key)
        if hit:
            return hit
        if key.endswith("s") and len(key) > 4:
            return self.demonyms.get(key[:-1])
        return None

    def is_demonym(self, text: str) -> bool:
        """True when ``text`` is a demonym (singular or plural), not a country name."""
        key = normalise(text)
        return key in self.demonyms or (key.endswith("s") and key[:-1] in self.demonyms)


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Load and cache the gazetteer from ``seeds/reference`` (``countries.csv``, ``actor_lexicon.csv``)."""
    names: dict[str, str] = {}
    weak: dict[str, str] = {}
    demonym_pop: dict[str, tuple[int, str]] = {}
    country_names: dict[str, str] = {}
    with asset_path("seeds", "reference", "countries.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows.sort(key=lambda r: -int(r["population"] or 0))  # larger countries win shared names
    for row in rows:
        iso = row["iso3"]
        country_names[iso] = row["name"]
        for name in [row["name"], *_split(row["aliases"])]:
            names.setdefault(normalise(name), iso)
        capital = row["capital"].strip()
        small = int(row["population"] or 0) < 1_000_000 and normalise(capital) != normalise(row["name"])
        if capital and (small or _THE.match(capital)):
            weak.setdefault(normalise(capital), iso)
        elif capital:
            names.setdefault(normalise(capital), iso)
        pop = int(row["population"] or 0)
        for demonym in row["demonym"].split(","):  # "Bosnian,Herzegovinian": one demonym per part
            key = normalise(demonym)
            if key and (key not in demonym_pop or demonym_pop[key][0] < pop):
                demonym_pop[key] = (pop, iso)
    demonyms = {k: v[1] for k, v in demonym_pop.items()}
    titles: dict[str, str] = {}
    honorifics: set[str] = set()
    title_parts: set[str] = set()
    org_nouns: set[str] = set()
    metonyms: set[str] = set()
    with asset_path("seeds", "reference", "actor_lexicon.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            kind, phrase, value = row["kind"], row["phrase"].strip(), row["value"].strip()
            if kind == "title":
                titles[phrase] = value
            elif kind == "honorific":
                honorifics.add(phrase)
            elif kind == "title_part":
                title_parts.add(phrase)
            elif kind == "org_noun":
                org_nouns.add(phrase)
            elif kind == "metonym":
                names[normalise(phrase)] = value
                metonyms.add(normalise(phrase))
            elif kind == "country_alias":
                names[normalise(phrase)] = value
            elif kind == "demonym":
                demonyms[normalise(phrase)] = value
    # news writes many titles in lower case ("Germany's chancellor Olaf Scholz", "shadow chancellor
    # Oliver Letwin"); the lower-case form means the same title (it is only ever matched before a name)
    for phrase, value in list(titles.items()):
        titles.setdefault(phrase.lower(), value)
    ordered_titles = dict(sorted(titles.items(), key=lambda kv: -len(kv[0])))
    return Gazetteer(
        names=names,
        demonyms=demonyms,
        country_names=country_names,
        titles=ordered_titles,
        honorifics=frozenset(honorifics),
        title_parts=frozenset(title_parts),
        org_nouns=frozenset(org_nouns),
        metonyms=frozenset(metonyms),
        weak={k: v for k, v in weak.items() if k not in names},
    )


@dataclass(frozen=True)
class KnownActor:
    """What PETRARCH-2's actor dictionaries say of a name: its country, sector, whether it is a place, and
    whether it belongs to no country (an international organisation, a multinational: "NATO", "Red Cross")."""

    country: str | None
    sector: str | None
    place: bool
    international: bool = False


_INTERNATIONAL = frozenset({"IGO", "NGO", "MNC", "IMG", "INT"})
"""Code prefixes of PETRARCH-2 actors that belong to no country."""


@lru_cache(maxsize=1)
def load_known_actors() -> dict[str, KnownActor]:
    """Normalised phrase → :class:`KnownActor`, from ``seeds/reference/cameo_actors.csv``.

    Examples
    --------
    >>> known = load_known_actors()
    >>> known["barack obama"].country, known["hamas"].sector, known["ohio"].place
    ('USA', 'REB', True)
    """
    out: dict[str, KnownActor] = {}
    with asset_path("seeds", "reference", "cameo_actors.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            key = normalise(row["phrase"])
            if key and key not in out:
                international = not row["country"] and row["code"][:3] in _INTERNATIONAL
                out[key] = KnownActor(
                    row["country"] or None, row["sector"] or None, row["kind"] == "place", international
                )
    return out


_NAME_WORD = re.compile(r"[a-z][a-z'-]*")


@lru_cache(maxsize=1)
def load_known_surnames() -> dict[str, str]:
    """Surname → country, for the people PETRARCH-2's actor dictionaries also list by title and surname.

    The dictionaries write many leaders with a title or an honorific before the bare surname as well as by
    full name ("president clinton", "mr clinton", "chancellor kohl", "russian president yeltsin"): in news
    such a surname alone names that person. A surname counts when one such titled entry exists and the
    entries that end with it (people of two to four words) mostly name one country: at least three in four of
    them, so that "clinton" is USA though one Haitian minister shares the name. Surnames of people the
    dictionaries only know by full name ("kim", "li", "smith") are not keys.

    Examples
    --------
    >>> surnames = load_known_surnames()
    >>> surnames["kohl"], surnames["clinton"], "smith" in surnames
    ('DEU', 'USA', False)
    """
    gaz = load_gazetteer()
    title_words = {w for t in [*gaz.titles, *gaz.honorifics] for w in normalise(t).replace(".", "").split()}
    place_words = {w for name in [*gaz.names, *gaz.demonyms] for w in name.replace(".", "").split()}
    by_surname: dict[str, list[str]] = {}
    titled: dict[str, set[str]] = {}
    for phrase, fact in load_known_actors().items():
        words = phrase.replace(".", "").split()
        if fact.place or not fact.country or not 2 <= len(words) <= 4:
            continue
        if not all(_NAME_WORD.fullmatch(w) for w in words) or words[-1] in title_words | place_words:
            continue  # "us president", "american samoa": no surname
        by_surname.setdefault(words[-1], []).append(fact.country)
        head = words[:-1]
        if all(w in title_words | place_words for w in head) and any(w in title_words for w in head):
            titled.setdefault(words[-1], set()).add(fact.country)
    from newsframe.extract.sectors import load_agents

    agents = load_agents()
    known = load_known_actors()
    out: dict[str, str] = {}
    for surname, countries in by_surname.items():
        if surname in agents or surname.rstrip("s") in agents or (surname in known and known[surname].place):
            continue  # "us militia", "supreme court", "texas": a word of an institution or a place
        top = max(set(countries), key=countries.count)
        if top in titled.get(surname, set()) and countries.count(top) >= 0.75 * len(countries):
            out[surname] = top
    return out


def _agree(facts: list[KnownActor]) -> KnownActor | None:
    """One fact for several dictionary entries: their country when they all have the same one (the sector
    only when that agrees too), else None."""
    countries = {f.country for f in facts}
    if len(countries) != 1 or None in countries:
        return None
    sectors = {f.sector for f in facts}
    return KnownActor(facts[0].country, sectors.pop() if len(sectors) == 1 else None, False)


@lru_cache(maxsize=1)
def _variant_index() -> tuple[
    dict[str, KnownActor], dict[tuple[str, str], KnownActor], dict[str, KnownActor]
]:
    """The named actors of the dictionaries by two shorter forms news writes: an organisation's name
    without its "of ..." tail ("liberation tigers" of "liberation tigers of tamil eelam") and a person's
    first and last name without the middle ones ("omar bashir" of "omar hassan ahmad al bashir")."""
    heads: dict[str, list[KnownActor]] = {}
    people: dict[tuple[str, str], list[KnownActor]] = {}
    surnames: dict[str, list[KnownActor]] = {}
    for phrase, fact in load_known_actors().items():
        if fact.place or not fact.country:
            continue
        if " of " in phrase:
            head = phrase.split(" of ", 1)[0]
            if len(head.split()) >= 2:
                heads.setdefault(head, []).append(fact)
        words = phrase.replace("-", " ").split()
        if 2 <= len(words) <= 6 and all(_NAME_WORD.fullmatch(w) for w in words):
            people.setdefault((words[0], words[-1]), []).append(fact)
            surnames.setdefault(words[-1], []).append(fact)
    agreed_heads = {k: a for k, v in heads.items() if (a := _agree(v)) is not None}
    agreed_people = {k: a for k, v in people.items() if (a := _agree(v)) is not None}
    one_country = {k: a for k, v in surnames.items() if (a := _agree(v)) is not None}
    return agreed_heads, agreed_people, one_country


def find_known(name: str, *, person: bool) -> KnownActor | None:
    """What PETRARCH-2's actor dictionaries say of ``name``, allowing for the forms news writes it in.

    The whole name first (as :func:`load_known_actors`), then with hyphens as spaces ("al-Bashir" is
    written "al bashir" there) or with "United Nations" and "U.N." as "un" ("un security council"); then, for a person, the entries with the same first and last name (for a
    name of two words only, when all the people of that surname are of one country), and for an
    organisation, the entries whose name before "of" it is; a shorter form counts only when all the
    entries it stands for name one country.

    Examples
    --------
    >>> find_known("Omar Hassan al-Bashir", person=True).country
    'SDN'
    >>> find_known("Liberation Tigers", person=False).sector
    'REB'
    """
    known = load_known_actors()
    key = normalise(name)
    short = re.sub(r"^united nations\b", "un", key.replace(".", ""))  # "U.N.", "United Nations" → "un"
    hit = known.get(key) or known.get(key.replace("-", " ")) or known.get(short)
    if hit is not None:
        return hit
    heads, people, one_country = _variant_index()
    words = key.replace("-", " ").split()
    if person:
        # a first and a last name alone ("John Smith") stand for the entries only when the surname is one
        # country's in all the dictionaries (not "smith", of a dozen countries); a middle name says more
        if len(words) < 2 or (len(words) == 2 and words[-1] not in one_country):
            return None
        return people.get((words[0], words[-1]))
    return heads.get(key) if len(words) >= 2 else None
