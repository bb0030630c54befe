"""Convert PETRARCH-2's actor dictionaries (Phoenix.*.actors.txt, MIT, Open Event Data) to cameo_actors.csv.

Run once by hand (not at run time, not a dependency):
    python seeds/reference/convert_petrarch_actors.py ../shared/reference/petrarch2 > seeds/reference/cameo_actors.csv

The format (PETRARCH docs, dictionaries.rst, "Actor Dictionary"): a record is a primary phrase with an optional
``[CODE]``, then synonyms (``+PHRASE``) and date restrictions (``<tab>[CODE DATE-DATE]``, ``[CODE >DATE]``,
``[CODE <DATE]``); ``_`` joins words; ``#`` starts a comment. A code is a country (ISO-3 or IGO-style prefix)
followed by sector codes (``USAGOV``, ``PSEREBHMS``, ``IGOUNO``).

Only facts that hold for the whole record are kept, so that nothing depends on the date of the news:

* ``country``: the ISO-3 country of every current code of the record (codes that start with a three-letter
  country newsframe knows, ``countries.csv``); a code whose dates have ended (``<DATE``, ``DATE-DATE``) is a
  past fact and counts only when the record has no current code (undated or ``>DATE``): "Macedonia" is MKD
  (``[YUGMKD <910908]`` is its past), "Bosnia" is BIH; left empty when the codes disagree (a person who moved
  to an international post) or name no country (``IGOUNO``);
* ``sector``: the CAMEO sector after the country (``USACOP`` → COP, ``PSEREBHMS`` → REB) when every code of
  the record has the same one and it is in ``cameo_sectors.csv``; people whose sector changes with time
  (``ELI`` then ``GOV``) get none;
* ``kind``: ``place`` for a record whose only current code is a bare country (country names, cities and
  provinces: ``KABUL`` → AFG), ``international`` for one whose current codes are all international
  (``IGO``, ``NGO``, ``MNC``, ``IMG``: "united nations security council", "red cross"; no country, no
  sector), else ``actor``.

A phrase that two records code differently is left out (ambiguous), and so is a phrase of the agents
dictionary (``cameo_agents.csv``: "senate", "secretary of state" are generic, any country's). Phrases are written in lower case with
spaces; one row per surface form.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt")
_INTERNATIONAL = frozenset({"IGO", "NGO", "MNC", "IMG", "INT"})
"""Code prefixes of actors that belong to no country: international governmental and non-governmental
organisations, multinational companies, international militant groups."""
_CODE = re.compile(r"\[\s*([A-Z~-]{3,})(?:\s+([<>]?)\d{6,8}(-\d{6,8})?)?\s*\]")


def _phrase(raw: str) -> str:
    """A dictionary phrase as news writes it: spaces for ``_``, lower case, and without a parenthesised
    acronym or gloss ("LIBERATION_TIGERS_OF_TAMIL_EELAM_(LTTE)" → "liberation tigers of tamil eelam"), which
    the text never writes next to the name in that form."""
    text = re.sub(r"\s*\([^)]*\)\s*", " ", raw.replace("_", " "))
    return " ".join(text.split()).lower()


def _codes(line: str) -> list[tuple[str, bool]]:
    """``(code, current)`` of the codes on a line: a code is *past* when its dates end (``<DATE``,
    ``DATE-DATE``), *current* when it has no date or an open one (``>DATE``)."""
    return [(code, not (sign == "<" or span)) for code, sign, span in _CODE.findall(line)]


def _records(path: Path) -> list[tuple[list[str], list[tuple[str, bool]]]]:
    """``(phrases, codes)`` per record of one actors file."""
    out: list[tuple[list[str], list[tuple[str, bool]]]] = []
    for raw in path.read_text(encoding="latin-1").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        codes = _codes(line)
        body = _CODE.sub("", line).strip()
        if raw.startswith(("\t", " ")) and not body:  # a date restriction of the current record
            if out:
                out[-1][1].extend(codes)
            continue
        if body.startswith("+"):
            if out:
                out[-1][0].append(_phrase(body[1:]))
                out[-1][1].extend(codes)
            continue
        if body:
            out.append(([_phrase(body)], list(codes)))
    return out


def convert(folder: Path, countries: set[str], sectors: set[str], generic: set[str]) -> list[dict[str, str]]:
    """Rows ``phrase, country, sector, kind, code, file`` (see the module docstring)."""
    seen: dict[str, dict[str, str] | None] = {}
    for name in FILES:
        for phrases, codes in _records(folder / name):
            dated = [(c, now) for c, now in codes if c not in ("---",) and not c.startswith("~")]
            if not dated:
                continue
            codes_all = [c for c, _now in dated]
            # a place's country is its current one: "Macedonia" was YUGMKD before 1991 and is MKD since
            # 1992, "Bosnia" is BIH (YUGBIH before 1992); past codes count only where no code is current
            current = [c for c, now in dated if now] or codes_all
            isos = {c[:3] if c[:3] in countries else "" for c in current}
            country = next(iter(isos)) if len(isos) == 1 else ""
            secs = {c[3:6] for c in codes_all}
            sector = next(iter(secs)) if len(secs) == 1 and next(iter(secs)) in sectors else ""
            kind = "place" if country and all(c == country for c in current) else "actor"
            if not country and not sector:
                if not all(c[:3] in _INTERNATIONAL for c in current):
                    continue
                kind = "international"  # the UN, NATO, the Red Cross, a multinational: no country's
            row = {
                "phrase": "",
                "country": country,
                "sector": sector,
                "kind": kind,
                "code": codes_all[-1],
                "file": name,
            }
            for phrase in phrases:
                if len(phrase) < 2 or not re.search(r"[a-z]", phrase) or phrase in generic:
                    continue
                if phrase in seen:
                    old = seen[phrase]
                    if old is not None and (old["country"], old["sector"]) != (country, sector):
                        seen[phrase] = None  # coded two ways: ambiguous
                    continue
                seen[phrase] = {**row, "phrase": phrase}
    return [r for _p, r in sorted(seen.items()) if r is not None]


def main(argv: list[str]) -> int:
    folder = Path(argv[1])
    here = Path(__file__).resolve().parent
    with (here / "countries.csv").open(encoding="utf-8", newline="") as fh:
        countries = {r["iso3"] for r in csv.DictReader(fh)}
    with (here / "cameo_sectors.csv").open(encoding="utf-8", newline="") as fh:
        sectors = {r["sector"] for r in csv.DictReader(fh)}
    with (here / "cameo_agents.csv").open(encoding="utf-8", newline="") as fh:
        generic = {r["phrase"] for r in csv.DictReader(fh)}
    rows = convert(folder, countries, sectors, generic)
    writer = csv.DictWriter(sys.stdout, fieldnames=["phrase", "country", "sector", "kind", "code", "file"])
    writer.writeheader()
    writer.writerows(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
