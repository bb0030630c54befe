"""Event modality from tense, auxiliary and negation cues around the trigger.

Four values (``tables.MODALITIES``): ``asserted`` (reported as having happened or
happening), ``future`` (expected or planned), ``hypothetical`` (conditional or
possible) and ``negated``. Cues are read in the clause before the trigger (a few
words, stopping at punctuation or a new clause) and a few words after it.

Examples
--------
>>> from newsframe.extract.modality import modality
>>> s = "Treasury Secretary Janet Yellen will travel to China on Thursday."
>>> modality(s, s.index("travel"), s.index("travel") + 6)
'future'
>>> s = "Biden held a phone call with Xi."
>>> modality(s, s.index("held"), s.index("held") + 4)
'asserted'
"""

from __future__ import annotations

import re

__all__ = ["modality"]

_NEGATED = re.compile(
    r"\b(?:not|never|no longer|refused to|failed to|declined to|did not|didn't|won't|wouldn't|cannot|can't)\b"
    r"|n't\b",
    re.IGNORECASE,
)
_HYPOTHETICAL = re.compile(
    r"\b(?:would|could|might|may|if|unless|potential|possible|possibly|considering|consider|whether|"
    r"threatened to|threatens to|should)\b",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"(?:\b(?:will|shall|going to|due to|expected to|expects to|plans? to|planning to|planned|set to|"
    r"scheduled to|intends? to|is to|are to|was to|were to|aims? to|to follow|ready to|prepared to|"
    r"upcoming|about to)\b|'ll\b)",
    re.IGNORECASE,
)
_FUTURE_AFTER = re.compile(
    r"^[^.;:]{0,40}?\b(?:in the works|ahead\b(?! of)|next (?:week|month|year)|tomorrow|later this (?:week|month|year)|"
    r"in the coming)",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[.;:!?\"'‘’“”(),]|\b(?:said|says|and|but|while|who|which|after|before|since)\b")


def _window_before(sentence: str, start: int, *, words: int = 7) -> str:
    before = sentence[:start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].end() :]
    return " ".join(before.split()[-words:])


def modality(sentence: str, trigger_start: int, trigger_end: int) -> str:
    """Return ``asserted``, ``future``, ``hypothetical`` or ``negated`` for the trigger at these offsets.

    Offsets are relative to ``sentence``. Negation wins over hypothesis, hypothesis over future.
    """
    before = _window_before(sentence, trigger_start)
    trigger = sentence[trigger_start:trigger_end]
    if _NEGATED.search(before) or _NEGATED.search(trigger):
        return "negated"
    if _HYPOTHETICAL.search(before):
        return "hypothetical"
    if _FUTURE.search(before) or _FUTURE_AFTER.search(sentence[trigger_end:]):
        return "future"
    return "asserted"
