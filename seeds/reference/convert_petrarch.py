"""Convert PETRARCH-2's agents dictionary (Phoenix.agents.txt, MIT, Open Event Data) to cameo_agents.csv.

Run once by hand (not at run time, not a dependency):
    python seeds/reference/convert_petrarch.py ../shared/reference/petrarch2/Phoenix.agents.txt

The format (PETRARCH docs, dictionaries.rst, "Agent Dictionary"): ``PHRASE {plurals} [~CODE]``; ``_`` joins
words; ``!X!`` markers expand to each item of their ``!X! = A, B`` definition (no plural formed); a regular
plural (+S, Y->IES, SS->ES) is generated unless ``{...}`` lists the plurals (``{}``: none). The output has one
row per surface form (lower case): ``phrase, code, sector`` where ``sector`` is the first three letters of
the agent code (the primary CAMEO sector: ``GOVMED`` -> ``GOV``). Organisation-prefix codes (``IGO~``) and
entries without a code are left out.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

_RECORD = re.compile(r"^(?P<phrase>[^\[{]+?)\s*(?:\{(?P<plural>[^}]*)\})?\s*\[(?P<code>[^\]}]+)[\]}]")


def _plural(word: str) -> str:
    if word.endswith("SS"):
        return word + "ES"
    if word.endswith("Y") and not word.endswith(("AY", "EY", "OY")):
        return word[:-1] + "IES"
    return word + "S"


def convert(src: Path) -> list[tuple[str, str, str]]:
    subs: dict[str, list[str]] = {}
    rows: dict[str, tuple[str, str]] = {}
    for raw in src.read_text(encoding="latin-1").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if re.match(r"^!\w+!\s*=", line):
            name, items = line.split("=", 1)
            subs[name.strip()] = [i.strip() for i in items.split(",") if i.strip()]
            continue
        m = _RECORD.match(line)
        if not m:
            continue
        code = m.group("code").strip()
        if not code.startswith("~") or not re.fullmatch(r"~[A-Z]{3,}", code):
            continue
        code = code[1:]
        phrase = m.group("phrase").strip()
        forms: list[str] = []
        marker = re.search(r"!\w+!", phrase)
        if marker and marker.group(0) in subs:
            forms = [phrase.replace(marker.group(0), s) for s in subs[marker.group(0)]]
        elif not marker:
            forms = [phrase]
            plural = m.group("plural")
            if plural is None:
                forms.append(_plural(phrase))
            else:
                forms.extend(p for p in plural.split() if p)
        for form in forms:
            text = " ".join(form.replace("_", " ").split()).lower()
            if text and text not in rows:
                rows[text] = (code, code[:3])
    return sorted((p, c, s) for p, (c, s) in rows.items())


if __name__ == "__main__":
    out = Path(__file__).with_name("cameo_agents.csv")
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["phrase", "code", "sector"])
        w.writerows(convert(Path(sys.argv[1])))
    print(f"wrote {out}")
