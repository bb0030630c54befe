"""The cross-document pass: staged per-batch tables in, the linked ``mentions``, ``actors``, ``events`` and ``topics`` out.

:func:`newsframe.pipeline.extract_batch` does everything that needs one
document at a time (NER, mention clean-up, in-document linking, events with
*provisional* actor keys, topics). What needs the whole corpus is here, as
plain relational operations over whole tables (filters, joins, group-bys and
windows), so that Polars can run it lazily and streaming, and so that it can be
written again in SQL (the Spark engine does). Nothing here calls back into
per-row Python except the id hash.

Inputs (staging tables, one row per mention / event / topic of a batch)
-----------------------------------------------------------------------
``mention_candidates``
    ``doc_seq, mention_seq`` (global order), ``doc_id, sentence_id, start,
    end, text, label``, ``key`` (the provisional per-document actor key),
    ``name`` (canonical name after in-document linking, may be null),
    ``country, home_country, role, sector, titled, extra_aliases``, and columns the
    batch computed from them with Python string rules: ``surname`` (last token
    of a clean full person name), ``gk_type, gk_name`` (the group key before
    cross-document linking), ``gk_country`` (that key names a country),
    ``gk_singular`` (the singular of a NORP/ORG plural name, or its variant in
    ``actor_lexicon.csv``: "Democratic" → "Democrat"), and, for a person key
    that is a clean full name, ``pkey`` (its first and last name and suffix,
    lower case: "Donald J. Trump" → "donald trump", "Donald Trump Jr." →
    "donald trump jr.") and ``pmid`` (the initials of its middle names, upper
    case: "J", "" for none); ``kin`` marks a person introduced as someone's
    relative ("his daughter Malia Obama", "Ivanka Trump, the president's
    daughter") or named with a suffix ("Donald Trump Jr.").
``event_candidates``
    The ``events`` columns plus ``doc_seq, event_seq``; ``source_actor_id`` and
    ``target_actor_id`` hold provisional keys (``mention_candidates.key``).
``topics``
    Every batch's topics (with ``level``), repeated across batches.

The steps, each one relational
------------------------------
0. **Person name variants.** Person keys with the same ``pkey`` are one
   person written with or without middle names or initials ("Donald Trump",
   "Donald J. Trump", "Donald John Trump"), unless their middle initials
   disagree (``pmid``: more than one distinct non-empty value, as in "George
   H. W. Bush" / "George W. Bush"): then none of them folds. A folding group
   takes the full name with the most mentions (ties: the shorter, then the
   smaller name); ``gk_name`` and ``name`` of its mentions become that name. A
   suffix is part of the key, so "Donald Trump Jr." stays his own person.
1. **Surnames.** ``S``: per lower-cased ``surname``, the full names (after
   step 0) of person mentions with the number of documents each appears in.
   A surname *resolves* to its top full name (most documents, then the smaller
   name) when it has exactly one full name, or when the top one appears in at
   least twice as many documents as the runner-up (**the dominance rule**:
   "Trump" is "Donald Trump" in a corpus where "Donald Trump" is in 40
   documents and "Ivanka Trump" in 6; with 40 and 25 it stays unresolved).
   Full names with a ``kin`` mention anywhere take no bare surname (a title
   or a bare "Trump" belongs to the person it was written of, not to his
   daughter or son). ``V = count(*) by text`` of non-person mentions.
2. **Bare surnames.** A mention whose ``bare = coalesce(name, text)`` has no
   space, is not a located non-person, and is not a name the corpus calls a
   non-person more than twice (``V``), joins ``S`` on ``lower(bare) =
   surname`` (case-insensitive: "DiGenova" at a sentence start is
   "diGenova"); on a hit it becomes that PERSON. In-document linking
   (:func:`newsframe.extract.actors.link_document`) has already given a bare
   surname the document's own full name when it has exactly one; this step
   settles only the bare surnames the document leaves open.
3. **Group key** ``(type, name)``: ``(PERSON, full name)`` on a hit, else
   ``(gk_type, gk_name)``.
4. **Plurals and variants.** A NORP/ORG key whose ``gk_singular`` (singular,
   or lexicon variant) is also a key of the same type moves into it (one level).
5. **Variants.** Keys with the same normalised name (lower case, punctuation
   removed, spaces collapsed) fold into one *keep* key, chosen by
   ``(is country, mentions, is person, has upper case, type, name)``
   descending; when one of them is a country, people are left out. A mention
   keeps its label unless it crosses the person/non-person line.
6. **Actors**: one row per key; ``country`` by one vote per document (then
   ``home_country``), ties to the smaller code; ``role`` (people only) by
   count, then not ``Leader``, then length, then first seen; ``aliases`` the
   sorted other spellings; ``actor_id = "act_" + sha1("type|name")[:16]``.
7. **Mentions**: ``actor_id`` of their key, ``mention_id = "men_" +
   sha1("doc_id|start|end|label")[:16]``, first of a repeated id kept.
8. **Events**: provisional keys mapped through ``(doc_id, key) -> actor_id``;
   no source, no event; a target equal to the source is dropped; a type that
   requires a target (PLOVER codebook) without one is dropped; the same
   dated event (doc, type, source, target, dates) is kept once, at its first
   trigger; first of a repeated ``event_id`` kept.
9. **Topics**: distinct ``topic_id``, sorted by ``level, topic_id``.

Examples
--------
>>> import polars as pl
>>> from newsframe.pipeline import extract_batch, load_pipeline
>>> docs = pl.DataFrame({"doc_id": ["d1", "d2"], "text": ["Joe Biden met Xi Jinping.", "Biden left."],
...                      "published_at": [None, None]})
>>> staged = extract_batch(docs, config=load_pipeline(None), engine="rules")
>>> out = link({k: v.lazy() for k, v in staged.items()})
>>> sorted(out["actors"].collect()["name"].to_list())
['Joe Biden', 'Xi Jinping']
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Mapping

import polars as pl

from newsframe import tables
from newsframe.assets import asset_path

__all__ = ["CANDIDATE_SCHEMA", "LINKED", "STAGED", "link", "resolve", "sha_id"]

STAGED: tuple[str, ...] = ("mention_candidates", "event_candidates", "topics")
"""The staging tables :func:`link` reads."""

LINKED: tuple[str, ...] = ("mentions", "actors", "events", "topics")
"""The v1 tables :func:`link` returns."""

CANDIDATE_SCHEMA: dict[str, pl.DataType] = {
    "doc_seq": pl.Int64(),
    "mention_seq": pl.Int64(),
    "doc_id": pl.String(),
    "sentence_id": pl.Int64(),
    "start": pl.Int64(),
    "end": pl.Int64(),
    "text": pl.String(),
    "label": pl.String(),
    "key": pl.String(),
    "name": pl.String(),
    "country": pl.String(),
    "home_country": pl.String(),
    "role": pl.String(),
    "sector": pl.String(),
    "titled": pl.String(),
    "extra_aliases": pl.List(pl.String()),
    "surname": pl.String(),
    "gk_type": pl.String(),
    "gk_name": pl.String(),
    "gk_country": pl.Boolean(),
    "gk_singular": pl.String(),
    "kin": pl.Boolean(),
    "pkey": pl.String(),
    "pmid": pl.String(),
}
"""Columns and dtypes of the ``mention_candidates`` staging table."""


def _sha(prefix: str, values: pl.Series) -> pl.Series:
    return pl.Series(
        [
            None if v is None else f"{prefix}_{hashlib.sha1(v.encode('utf-8')).hexdigest()[:16]}"
            for v in values.to_list()
        ],
        dtype=pl.String,
    )


def sha_id(prefix: str, *columns: str) -> pl.Expr:
    """``prefix + "_" + sha1("a|b|...")[:16]`` over columns: the stable ids of :mod:`newsframe.extract.actors`.

    Examples
    --------
    >>> from newsframe.extract.actors import actor_id
    >>> df = pl.DataFrame({"type": ["PERSON"], "name": ["Joe Biden"]})
    >>> df.select(sha_id("act", "type", "name")).item() == actor_id("PERSON", "Joe Biden")
    True
    """
    joined = pl.concat_str([pl.col(c).cast(pl.String) for c in columns], separator="|")
    return joined.map_batches(lambda s: _sha(prefix, s), return_dtype=pl.String, is_elementwise=True)


def _requires_target() -> list[str]:
    with asset_path("seeds", "reference", "plover_codebook.csv").open(encoding="utf-8", newline="") as fh:
        return [r["event_type"] for r in csv.DictReader(fh) if r["requires_target"].strip().lower() == "true"]


def _best(
    frame: pl.LazyFrame, by: list[str], value: str, order: list[pl.Expr], desc: list[bool]
) -> pl.LazyFrame:
    """Per group ``by``, the ``value`` of the first row in ``order`` (a window rank, not a Python max)."""
    return (
        frame.sort([*by, *order], descending=[False] * len(by) + desc, nulls_last=True, maintain_order=True)
        .group_by(by, maintain_order=True)
        .agg(pl.col(value).first())
    )


Checkpoint = Callable[[pl.LazyFrame], pl.LazyFrame]
"""What :func:`link` does with an intermediate frame that later steps read several times."""


def _lazy(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Keep the plan lazy (streaming, and Spark-like: the whole pass is one query)."""
    return frame


def _materialise(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Collect now and read on from memory.

    Every step reads the mentions of the step before it several times (a join back onto itself), so
    the one lazy query of the whole pass has a plan of some 30,000 nodes before optimisation, and
    planning it costs about a second whatever the input size (58 mentions: 1.1 s). In memory, a
    collected intermediate keeps each plan to one step.
    """
    return frame.collect().lazy()


def _keys(m: pl.LazyFrame, checkpoint: Checkpoint = _lazy) -> pl.LazyFrame:
    """Steps 1-5: each mention's final ``(atype, aname)`` and ``label``; ``checkpoint`` after each step."""
    person = pl.col("label") == "PERSON"
    # 0. person name variants: one pkey, compatible middle initials -> the commonest spelling
    pnames = (
        m.filter(person & (pl.col("gk_type") == "PERSON") & pl.col("pkey").is_not_null())
        .group_by("pkey", "gk_name")
        .agg(pl.len().alias("n"), pl.col("pmid").first().alias("pmid"))
    )
    compatible = (
        pnames.group_by("pkey")
        .agg(pl.col("pmid").filter(pl.col("pmid") != "").n_unique().alias("n_mid"))
        .filter(pl.col("n_mid") <= 1)
        .select("pkey")
    )
    pkeep = _best(
        pnames.join(compatible, on="pkey", how="semi").with_columns(
            pl.col("gk_name").str.len_chars().alias("_l")
        ),
        ["pkey"],
        "gk_name",
        [pl.col("n"), pl.col("_l"), pl.col("gk_name")],
        [True, False, False],
    ).rename({"gk_name": "_pname"})
    m = m.join(pkeep, on="pkey", how="left", maintain_order="left")
    folds = person & (pl.col("gk_type") == "PERSON") & pl.col("_pname").is_not_null()
    m = m.with_columns(
        pl.when(folds).then(pl.col("_pname")).otherwise(pl.col("gk_name")).alias("gk_name"),
        pl.when(folds & pl.col("name").is_not_null())
        .then(pl.col("_pname"))
        .otherwise(pl.col("name"))
        .alias("name"),
    ).drop("_pname")
    m = checkpoint(m)
    # 1. surnames: the dominance rule over the documents each full name appears in
    kin_names = m.filter(person & pl.col("kin")).select("name").unique()
    per_name = (
        m.filter(person & pl.col("surname").is_not_null())
        .join(kin_names, on="name", how="anti")
        .group_by(pl.col("surname").str.to_lowercase().alias("bare_lc"), "name")
        .agg(pl.col("doc_id").n_unique().alias("docs"))
        .sort(["bare_lc", "docs", "name"], descending=[False, True, False], maintain_order=True)
        .with_columns(pl.int_range(pl.len()).over("bare_lc").alias("_rank"))
    )
    top = per_name.filter(pl.col("_rank") == 0).select("bare_lc", pl.col("name").alias("hit"), "docs")
    runner = per_name.filter(pl.col("_rank") == 1).select("bare_lc", pl.col("docs").alias("_second"))
    surnames = (
        top.join(runner, on="bare_lc", how="left")
        .filter(pl.col("_second").is_null() | (pl.col("docs") >= 2 * pl.col("_second")))
        .select("bare_lc", "hit")
    )
    votes = m.filter(~person).group_by("text").agg(pl.len().alias("votes")).rename({"text": "bare"})
    m = m.with_columns(pl.coalesce("name", "text").alias("bare"))
    m = m.with_columns(pl.col("bare").str.to_lowercase().alias("bare_lc"))
    m = m.join(votes, on="bare", how="left", maintain_order="left").join(
        surnames, on="bare_lc", how="left", maintain_order="left"
    )
    located = ~person & (pl.col("country").is_not_null() | pl.col("label").is_in(["LOC", "FAC"]))
    eligible = (
        ~pl.col("bare").str.contains(" ", literal=True)
        & ~located
        & ~(~person & (pl.col("votes").fill_null(0) > 2))
        & pl.col("hit").is_not_null()
    )
    m = m.with_columns(
        pl.when(eligible).then(pl.lit("PERSON")).otherwise(pl.col("label")).alias("label"),
        pl.when(eligible).then(pl.lit("PERSON")).otherwise(pl.col("gk_type")).alias("atype"),
        pl.when(eligible).then(pl.col("hit")).otherwise(pl.col("gk_name")).alias("aname"),
        eligible.alias("_hit"),
    ).drop("bare", "bare_lc", "votes", "hit")
    m = checkpoint(m)
    # 4. plurals: a NORP/ORG key whose singular is a key moves into it
    keys = m.select("atype", "aname").unique()
    singular = keys.select(pl.col("atype"), pl.col("aname").alias("gk_singular"), pl.lit(True).alias("_sing"))
    m = m.join(singular, on=["atype", "gk_singular"], how="left", maintain_order="left")
    plural = ~pl.col("_hit") & pl.col("atype").is_in(["NORP", "ORG"]) & pl.col("_sing").fill_null(False)
    m = m.with_columns(pl.when(plural).then(pl.col("gk_singular")).otherwise(pl.col("aname")).alias("aname"))
    m = checkpoint(m.drop("_sing"))
    # 5. variants of one name fold into the keep key
    countries = (
        m.filter(pl.col("gk_country"))
        .select(
            pl.col("gk_type").alias("atype"),
            pl.col("gk_name").alias("aname"),
            pl.lit(True).alias("is_country"),
        )
        .unique()
    )
    norm = (
        pl.col("aname")
        .str.to_lowercase()
        .str.replace_all(r"[^\w\s]", "")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )
    sized = (
        m.group_by("atype", "aname")
        .agg(pl.len().alias("size"))
        .join(countries, on=["atype", "aname"], how="left")
        .with_columns(pl.col("is_country").fill_null(False), norm.alias("norm"))
    )
    any_country = pl.col("is_country").any().over("norm")
    candidate = (
        pl.when(any_country)
        .then(
            (pl.col("atype") != "PERSON") & (pl.col("is_country") | ~pl.col("atype").is_in(["GPE", "NORP"]))
        )
        .otherwise(True)
    )
    sized = sized.with_columns(candidate.alias("cand"))
    sized = sized.with_columns((pl.col("cand").sum().over("norm") >= 2).alias("merge"))
    cands = sized.filter(pl.col("cand") & pl.col("merge")).with_columns(
        (pl.col("atype") == "PERSON").alias("_p"),
        (pl.col("aname") != pl.col("aname").str.to_lowercase()).alias("_u"),
    )
    order = ["is_country", "size", "_p", "_u", "atype", "aname"]
    keep = (
        cands.sort(["norm", *order], descending=[False] + [True] * len(order), maintain_order=True)
        .group_by("norm", maintain_order=True)
        .agg(pl.col("atype").first().alias("ktype"), pl.col("aname").first().alias("kname"))
    )
    remap = cands.join(keep, on="norm").select("atype", "aname", "ktype", "kname")
    m = m.join(remap, on=["atype", "aname"], how="left", maintain_order="left")
    cross = (pl.col("label") == "PERSON") != (pl.col("ktype") == "PERSON")
    return m.with_columns(
        pl.when(pl.col("ktype").is_not_null() & cross)
        .then(pl.col("ktype"))
        .otherwise(pl.col("label"))
        .alias("label"),
        pl.coalesce("ktype", "atype").alias("atype"),
        pl.coalesce("kname", "aname").alias("aname"),
    ).drop("ktype", "kname", "_hit")


def _actors(m: pl.LazyFrame) -> pl.LazyFrame:
    """Step 6: one actor per key, with its country, role and aliases."""
    by = ["atype", "aname"]

    def vote(column: str) -> pl.LazyFrame:
        per_doc = (
            m.filter(pl.col(column).is_not_null()).select(*by, "doc_id", pl.col(column).alias("c")).unique()
        )
        counted = per_doc.group_by(*by, "c").agg(pl.len().alias("n"))
        return _best(counted, by, "c", [pl.col("n"), pl.col("c")], [True, False]).rename({"c": column})

    country = vote("country").join(vote("home_country"), on=by, how="full", coalesce=True)
    sector = vote("sector")
    roles = (
        m.filter(pl.col("role").is_not_null() & (pl.col("label") == "PERSON") & (pl.col("atype") == "PERSON"))
        .group_by(*by, "role")
        .agg(
            pl.len().alias("n"), (pl.col("doc_seq") * 1_000_000 + pl.col("mention_seq")).min().alias("first")
        )
    )
    role = _best(
        roles,
        by,
        "role",
        [pl.col("n"), pl.col("role") != "Leader", pl.col("role").str.len_chars(), pl.col("first")],
        [True, True, True, False],
    )
    aliases = pl.concat(
        [
            m.filter(pl.col("text") != pl.col("aname")).select(*by, pl.col("text").alias("alias")),
            m.select(*by, pl.col("extra_aliases").alias("alias"))
            .explode("alias")
            .filter(pl.col("alias").is_not_null() & (pl.col("alias") != pl.col("aname"))),
            m.filter(pl.col("titled").is_not_null()).select(
                *by, (pl.col("titled") + " " + pl.col("text")).alias("alias")
            ),
        ]
    )
    alias_lists = aliases.group_by(by).agg(pl.col("alias").unique().sort())
    actors = (
        m.select(by)
        .unique()
        .join(country, on=by, how="left")
        .join(role, on=by, how="left")
        .join(sector, on=by, how="left")
        .join(alias_lists, on=by, how="left")
        .with_columns(
            pl.coalesce("country", "home_country").alias("country"),
            pl.col("alias").fill_null(pl.lit([], dtype=pl.List(pl.String))).alias("aliases"),
        )
        .sort(by)
        .select(
            sha_id("act", "atype", "aname").alias("actor_id"),
            pl.col("aname").alias("name"),
            pl.col("atype").alias("type"),
            "country",
            "role",
            "sector",
            "aliases",
        )
    )
    return actors


def _events(events: pl.LazyFrame, final: pl.LazyFrame) -> pl.LazyFrame:
    """Step 8: events with final actor ids, tidied by the codebook and repeats."""
    src = final.rename({"key": "source_actor_id", "actor_id": "_src"})
    tgt = final.rename({"key": "target_actor_id", "actor_id": "_tgt"})
    ev = (
        events.join(src, on=["doc_id", "source_actor_id"], how="left", maintain_order="left")
        .join(tgt, on=["doc_id", "target_actor_id"], how="left", maintain_order="left")
        .with_columns(
            pl.col("_src").alias("source_actor_id"),
            pl.when(pl.col("_tgt") != pl.col("_src")).then(pl.col("_tgt")).alias("target_actor_id"),
        )
        .filter(pl.col("source_actor_id").is_not_null())
        .filter(~(pl.col("event_type").is_in(_requires_target()) & pl.col("target_actor_id").is_null()))
        .sort("doc_id", "trigger_start", maintain_order=True)
    )
    key = ["doc_id", "event_type", "source_actor_id", "target_actor_id", "date_start", "date_end"]
    first = pl.int_range(pl.len()).over(key) == 0
    ev = ev.filter(pl.col("date_start").is_null() | first)
    ev = ev.unique("event_id", keep="first", maintain_order=True)
    from newsframe.extract.consistency import clear_conflicting_dates  # what date-conflict would reject

    return clear_conflicting_dates(ev.select(list(tables.TABLES["events"].columns)))


def link(staged: Mapping[str, pl.LazyFrame], *, in_memory: bool = False) -> dict[str, pl.LazyFrame]:
    """Link the staged per-batch tables across documents (the module docstring gives every step).

    Parameters
    ----------
    staged
        ``mention_candidates``, ``event_candidates`` and ``topics``, as lazy
        frames over the whole corpus (any number of batches concatenated).
    in_memory
        Collect the keyed mentions and the actors on the way (the tables are then computed once
        and each plan stays small: 1.8 s to 0.3 s on 417 articles, same rows in the same order).
        ``False`` keeps the whole pass one lazy query, for a streaming sink over Parquet parts.

    Returns
    -------
    dict
        ``mentions``, ``actors``, ``events`` and ``topics``, lazy, conformed to
        :mod:`newsframe.tables` (``topics`` keeps its ``level`` column).
    """
    keep = _materialise if in_memory else _lazy
    m = keep(staged["mention_candidates"].sort("doc_seq", "mention_seq", maintain_order=True))
    m = keep(_keys(m, keep))
    actors = keep(_actors(m))
    with_ids = keep(m.with_columns(sha_id("act", "atype", "aname").alias("actor_id")))
    return _linked(with_ids, actors, staged)


def resolve(candidates: pl.LazyFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Steps 0-6 on ``mention_candidates`` (in ``doc_seq, mention_seq`` order): each mention's final
    ``label`` and ``actor_id`` (same rows, same order) and the ``actors`` table, collected.

    :func:`newsframe.extract.actors.resolve_actors` runs the in-memory extraction through this, so the
    cross-document rules exist once.
    """
    m = _materialise(
        _keys(_materialise(candidates.sort("doc_seq", "mention_seq", maintain_order=True)), _materialise)
    )
    keyed = m.with_columns(sha_id("act", "atype", "aname").alias("actor_id")).select("label", "actor_id")
    return keyed.collect(), _actors(m).collect()


def _linked(
    with_ids: pl.LazyFrame, actors: pl.LazyFrame, staged: Mapping[str, pl.LazyFrame]
) -> dict[str, pl.LazyFrame]:
    """Steps 7-9: mentions, events and topics from the keyed mentions."""
    mentions = with_ids.select(
        sha_id("men", "doc_id", "start", "end", "label").alias("mention_id"),
        "doc_id",
        "sentence_id",
        "start",
        "end",
        "text",
        "label",
        "actor_id",
    ).unique("mention_id", keep="first", maintain_order=True)
    final = with_ids.group_by("doc_id", "key").agg(pl.col("actor_id").first())
    events = _events(staged["event_candidates"].sort("doc_seq", "event_seq", maintain_order=True), final)
    topics = (
        staged["topics"]
        .unique("topic_id", keep="first", maintain_order=True)
        .sort(["level", "topic_id"], nulls_last=True, maintain_order=True)
    )
    return {"mentions": mentions, "actors": actors, "events": events, "topics": topics}
