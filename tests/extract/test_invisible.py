"""Invisible characters inside a name (zero-width space, soft hyphen, NUL, bidi controls) no longer drop it."""

from __future__ import annotations

import polars as pl
import pytest

from newsframe.pipeline import extract_batch, load_pipeline


@pytest.mark.parametrize("mark", ["\u200b", "\u00ad", "\x00", "\u2060", "\u200d"])
def test_a_name_with_an_invisible_character_is_still_a_mention(mark: str) -> None:
    text = f"Joe Bi{mark}den met Xi Jinping in Beijing."
    docs = pl.DataFrame({"doc_id": ["d"], "text": [text], "published_at": [None]})
    out = extract_batch(docs, config=load_pipeline(None), engine="rules")
    cands = out["mention_candidates"].select("start", "end", "text").rows()
    assert (0, 10, f"Joe Bi{mark}den") in cands  # the span indexes the text as given
    assert all(text[s:e] == t for s, e, t in cands)
    assert any(t == "Xi Jinping" for _, _, t in cands)
