"""Numbers: an event's quantity must be written in its evidence sentence, in digits or in words.

Numbers are read out of the sentences with vectorised regular expressions:
digits with thousands separators, decimals and a scale word ("32", "1,000",
"1.5 million", "2bn", "40%") and number words ("thirty-two", "five",
"two hundred thousand", "a dozen"). A compound such as "three hundred and
twenty" reads as 300 and 20; say it in digits or widen nothing.

Examples
--------
>>> import polars as pl
>>> from newsframe.checks.numbers import sentence_numbers
>>> s = pl.DataFrame({"doc_id": ["d"], "sentence_id": [0],
...                   "text": ["Thirty-two jets, 1.5 million dollars and 1,000 troops"]})
>>> sorted(sentence_numbers(s)["value"].to_list())
[32.0, 1000.0, 1500000.0]
"""

from __future__ import annotations

import polars as pl

from newsframe.checks.base import CheckContext, Tables, missing
from newsframe.results import CheckResult

__all__ = ["derive_numbers", "number_ungrounded", "sentence_numbers"]

_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SMALL: dict[str, float] = {
    "zero": 0.0,
    "a": 1.0,
    "an": 1.0,
    **{w: float(i + 1) for i, w in enumerate(_UNITS)},
    **{w: float(i + 10) for i, w in enumerate(_TEENS)},
    **{w: float(10 * (i + 2)) for i, w in enumerate(_TENS)},
}
_SCALE: dict[str, float] = {
    "dozen": 12.0,
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "bn": 1e9,
}
_SCALE_WORDS = "hundred|thousand|million|billion|trillion|dozen"
_DIGITS_SCALED = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?:\s*(?:{_SCALE_WORDS}|bn|mn|m|k)\b)?"
_SMALL_WORD = (
    rf"(?:(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(_UNITS)}))?|{'|'.join(_TEENS)}|{'|'.join(_UNITS)}|zero)"
)
_WORDS = (
    rf"\b(?:{_SMALL_WORD}(?:[\s-]+(?:{_SCALE_WORDS}))*|an?\s+(?:{_SCALE_WORDS})(?:\s+(?:{_SCALE_WORDS}))*)\b"
)


def _digit_numbers(low: pl.LazyFrame) -> pl.LazyFrame:
    return (
        low.select("doc_id", "sentence_id", pl.col("_t").str.extract_all(_DIGITS_SCALED).alias("_m"))
        .explode("_m")
        .drop_nulls("_m")
        .select(
            "doc_id",
            "sentence_id",
            (
                pl.col("_m").str.extract(r"^([\d,]+(?:\.\d+)?)", 1).str.replace_all(",", "").cast(pl.Float64)
                * pl.col("_m")
                .str.extract(rf"({_SCALE_WORDS}|bn|mn|m|k)$", 1)
                .replace_strict(_SCALE, default=1.0, return_dtype=pl.Float64)
            ).alias("value"),
        )
    )


def _word_numbers(low: pl.LazyFrame) -> pl.LazyFrame:
    small = pl.element().replace_strict(_SMALL, default=0.0, return_dtype=pl.Float64)
    scale = pl.element().replace_strict(_SCALE, default=1.0, return_dtype=pl.Float64)
    return (
        low.select("doc_id", "sentence_id", pl.col("_t").str.extract_all(_WORDS).alias("_m"))
        .explode("_m")
        .drop_nulls("_m")
        .with_columns(pl.col("_m").str.replace_all(r"[\s-]+", " ").str.split(" ").alias("_tok"))
        .select(
            "doc_id",
            "sentence_id",
            (
                pl.col("_tok").list.eval(small).list.sum()
                * pl.col("_tok").list.eval(scale.product()).list.first()
            ).alias("value"),
        )
    )


def _lowered(sentences: pl.DataFrame | pl.LazyFrame) -> pl.LazyFrame:
    return sentences.lazy().select("doc_id", "sentence_id", pl.col("text").str.to_lowercase().alias("_t"))


def sentence_numbers(sentences: pl.DataFrame) -> pl.DataFrame:
    """Every number written in each sentence: ``doc_id, sentence_id, value`` (Float64).

    Vectorised: ``str.extract_all`` then ``explode`` and list arithmetic; no Python per row.
    """
    low = _lowered(sentences)
    found: pl.DataFrame = (
        pl.concat([_digit_numbers(low), _word_numbers(low)]).drop_nulls("value").collect(engine="streaming")
    )
    return found


def derive_numbers(
    frame: pl.DataFrame | pl.LazyFrame,
    sentences: pl.DataFrame | pl.LazyFrame,
    *,
    window: int = 0,
    key: str = "event_id",
) -> pl.LazyFrame:
    """What number-ungrounded derives from the source, once for every engine: ``frame`` (all its
    columns, ``quantity`` as Float64) with ``_grounded``: True when the quantity is written in the row's
    sentence or ``window`` sentences either side (digits or words, compared after rounding to 6
    decimals), False when it is not, null when there is no quantity.

    A row is grounded when any row of its ``key`` is (``key`` identifies an event). ``number-ungrounded``
    fails the rows whose ``_grounded`` is False; the GX engine checks the same column
    (:mod:`newsframe.contracts.gx_factual`). Digits are read first (the common case); number words only
    in the sentences still needed. The lowered sentences and their exploded numbers are collected on
    the streaming engine: they exist one batch at a time, never for the whole table.

    Examples
    --------
    >>> s = pl.DataFrame({"doc_id": ["d", "d"], "sentence_id": [0, 1],
    ...                   "text": ["Last month 32 jets flew.", "Thirty-two more came."]})
    >>> ev = pl.DataFrame({"event_id": ["e1", "e2", "e3"], "doc_id": ["d"] * 3, "sentence_id": [0, 0, 1],
    ...                    "quantity": [32.0, 23.0, None]})
    >>> derive_numbers(ev, s).collect()["_grounded"].to_list()
    [True, False, None]
    >>> derive_numbers(ev, s, window=1).collect()["_grounded"].to_list()
    [True, False, None]
    """
    ev = frame.lazy().with_columns(pl.col("quantity").cast(pl.Float64))
    candidates = (
        ev.select(key, "doc_id", "sentence_id", "quantity")
        .filter(pl.col("quantity").is_not_null())
        .with_columns(pl.col("quantity").round(6).alias("value"))
    )
    if window:
        offsets = pl.LazyFrame({"_off": list(range(-window, window + 1))}, schema={"_off": pl.Int64})
        candidates = candidates.join(offsets, how="cross").with_columns(
            (pl.col("sentence_id") + pl.col("_off")).alias("_sid")
        )
    else:
        candidates = candidates.with_columns(pl.col("sentence_id").alias("_sid"))
    needed = candidates.select("doc_id", pl.col("_sid").alias("sentence_id"))
    sents = (
        sentences.lazy()
        .select("doc_id", "sentence_id", "text")
        .join(needed, on=["doc_id", "sentence_id"], how="semi")
    )

    def hits(nums: pl.LazyFrame, rows: pl.LazyFrame) -> pl.DataFrame:
        nums = nums.drop_nulls("value").with_columns(pl.col("value").round(6))
        found: pl.DataFrame = (
            rows.join(
                nums,
                left_on=["doc_id", "_sid", "value"],
                right_on=["doc_id", "sentence_id", "value"],
                how="semi",
            )
            .select(key)
            .collect(engine="streaming")
        )
        return found

    low = _lowered(sents)
    grounded = hits(_digit_numbers(low), candidates)
    rest = candidates.join(grounded.lazy(), on=key, how="anti").collect(engine="streaming")
    if rest.height:
        low_rest = low.join(
            rest.lazy(), left_on=["doc_id", "sentence_id"], right_on=["doc_id", "_sid"], how="semi"
        )
        grounded = pl.concat([grounded, hits(_word_numbers(low_rest), rest.lazy())])
    marks = grounded.drop_nulls(key).unique().with_columns(pl.lit(True).alias("_hit"))
    return (
        ev.join(marks.lazy(), on=key, how="left", maintain_order="left")
        .with_columns(
            pl.when(pl.col("quantity").is_null())
            .then(None)
            .otherwise(pl.col("_hit").fill_null(False))
            .alias("_grounded")
        )
        .drop("_hit")
    )


def number_ungrounded(tables: Tables, ctx: CheckContext) -> list[CheckResult]:
    """An event quantity that its evidence sentence does not contain, in digits or in words.

    Rationale: LLM extractors round, transpose and invent counts; a quantity is
    only as good as the sentence that states it. The evidence is the event's
    sentence (``sentences.text``), widened by ``window`` sentences either side
    (default 0). Values compare after rounding to 6 decimals.

    Example: the seed's MOBILIZE event with ``quantity=23`` fails: its sentence
    says "Last month 32 Chinese warplanes ..."; 32 or "thirty-two" would pass.

    Parameters (``params``): ``window`` (int, default 0).
    """
    rule = "events.quantity is written in the event's sentence (digits or words)"
    why = missing(
        tables,
        {
            "events": ["event_id", "doc_id", "sentence_id", "quantity"],
            "sentences": ["doc_id", "sentence_id", "text"],
        },
    )
    if why:
        return [ctx.skipped(table="events", column="quantity", rule=rule, message=why)]
    events = tables["events"]
    ev = events.select("event_id", "doc_id", "sentence_id", "quantity")
    bad = (
        derive_numbers(ev, tables["sentences"], window=ctx.number("window"))
        .filter(pl.col("_grounded").not_())
        .drop("_grounded")
        .join(
            tables["sentences"].lazy().select("doc_id", "sentence_id", pl.col("text").alias("evidence")),
            on=["doc_id", "sentence_id"],
            how="left",
        )
        .sort("event_id")
        .collect(engine="streaming")
    )
    return [ctx.result(table="events", column="quantity", rule=rule, failures=bad, total_rows=events.height)]
