"""Resource bounds: no single document can crash or hang a run (each case has a clear outcome).

The cases are the hostile inputs that used to: a sentence over spaCy's 1,000,000 characters
(error E088), runs of quotes, brackets or emoji (quadratic in spaCy's tokenizer: 32,000 quotes took
minutes), 10,000 capitalised words in a row (cubic in the rule matcher), a 5 MB document with no
full stop. Speed itself is measured in ``benchmarks/bench_hostile.py``, not asserted here.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from newsframe.errors import InputError
from newsframe.extract.nlp import MAX_NAME_WORDS, MAX_RUN, load_engine, tokenizer_safe
from newsframe.extract.sentences import split
from newsframe.pipeline import extract_batch, load_pipeline, run_pipeline


def _pipeline(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_a_5_mb_document_with_no_full_stop_is_a_too_large_reject(tmp_path: Path) -> None:
    (tmp_path / "huge.txt").write_text("word " * 1_000_000, encoding="utf-8")
    (tmp_path / "ok.txt").write_text("Joe Biden called Xi Jinping on Tuesday.", encoding="utf-8")
    out = run_pipeline([tmp_path], config=load_pipeline(None), engine="rules", workers=1, text_column=None)
    rejects = out.tables["rejects"]
    assert rejects.select("reason", "detail").rows() == [
        ("too-large", "the text has 5,000,000 characters, more than max_document_chars (1,000,000)")
    ]
    assert out.tables["documents"].height == 1 and out.tables["mentions"].height == 2
    assert out.run["limits"] == {"max_document_chars": 1_000_000, "max_sentence_chars": 10_000}


def test_a_sentence_longer_than_the_limit_is_cut_at_spaces(tmp_path: Path) -> None:
    text = (
        "Joe Biden " + "spoke " * 40_000 + "to Xi Jinping."
    )  # 240,024 characters, no full stop before the end
    docs = pl.DataFrame({"doc_id": ["d"], "text": [text]})
    sentences = split(docs, max_chars=10_000)
    lengths = [e - s for s, e in sentences.select("start", "end").rows()]
    assert len(lengths) == 25 and max(lengths) <= 10_000
    assert all(text[s:e] == t for s, e, t in sentences.select("start", "end", "text").rows())
    assert all(not t.startswith(" ") and not t.endswith(" ") for t in sentences["text"])
    assert "".join(sentences["text"]).replace(" ", "") == text.replace(" ", "")  # nothing lost


def test_a_sentence_of_over_a_million_characters_gives_tables_not_e088(tmp_path: Path) -> None:
    """One 1,050,000-character sentence, with the document limit raised: cut, annotated, no spaCy E088."""
    text = "Joe Biden met Xi Jinping " + "x" * 1_050_000
    config = load_pipeline(_pipeline(tmp_path, "limits:\n  max_document_chars: 2000000\n"))
    docs = pl.DataFrame({"doc_id": ["d"], "text": [text], "published_at": [None]})
    out = extract_batch(docs, config=config, engine="rules")
    assert out["sentences"].height == 106  # the words, then 105 hard cuts of the unbroken run
    assert out["mention_candidates"]["text"].to_list()[:2] == ["Joe Biden", "Xi Jinping"]


def test_runs_of_quotes_brackets_and_emoji_are_tokenised_safely() -> None:
    eng = load_engine("rules")
    for run in ('"' * 32_000, "(" * 32_000, "\U0001f600" * 32_000, "a." * 16_000):
        text = "Joe Biden said " + run + " to Xi Jinping."
        safe = tokenizer_safe(text)
        assert len(safe) == len(text)
        assert all(len(w) <= MAX_RUN for w in safe.split())
        tokens, ents = eng.entities([text])[0]
        assert [text[s:e] for s, e, _ in ents] == ["Joe Biden", "Xi Jinping"]
        assert all(0 <= s < e <= len(text) for s, e in tokens)


def test_ten_thousand_capitalised_words_in_a_row() -> None:
    text = " ".join(["Word"] * 10_000) + " Bank."
    tokens, ents = load_engine("rules").entities([text])[0]
    assert len(tokens) == 10_002
    assert ents, "the run still yields bounded entities"
    assert max(len(text[s:e].split()) for s, e, _ in ents) <= 2 * MAX_NAME_WORDS + 2


def test_limits_are_checked_when_the_pipeline_loads(tmp_path: Path) -> None:
    cfg = load_pipeline(
        _pipeline(tmp_path, "limits:\n  max_document_chars: 5000\n  max_sentence_chars: 400\n")
    )
    assert (cfg.limits.max_document_chars, cfg.limits.max_sentence_chars) == (5000, 400)
    for body, field in (
        ("limits:\n  max_sentence_chars: 2000000\n", "limits.max_sentence_chars"),
        ("limits:\n  max_document_chars: 0\n", "limits.max_document_chars"),
        ("limits:\n  max_pages: 3\n", "limits.max_pages"),
        ("limits: 3\n", "limits"),
    ):
        with pytest.raises(InputError) as err:
            load_pipeline(_pipeline(tmp_path, body))
        assert err.value.field == field and err.value.exit_code == 2
