"""The cross-document pass in Spark SQL: :func:`newsframe.linking.link`, step for step, as DataFrame operations.

``newsframe run --spark`` extracts each document on the executors, then links the staged
``mention_candidates``, ``event_candidates`` and ``topics`` across documents here, on the cluster:
the steps of :mod:`newsframe.linking` (its module docstring numbers them; the comments below use
the same numbers) written with joins, group-bys and windows instead of Polars' lazy frames, so that
no table passes through the driver.

What makes the two agree row for row:

* **order.** Polars keeps rows in corpus order (``maintain_order``), and "the first" row of a group
  is the first in that order; here every "first" is a ``row_number`` over an explicit ordering: the
  mentions by ``(doc_seq, mention_seq)``, the events by ``(doc_id, trigger_start, doc_seq,
  event_seq)`` (the local run's stable sort), ties in a ranking broken by the same columns as the
  local sort (its null placement included);
* **nulls.** Polars' ``n_unique`` counts a null as a value, Spark's ``countDistinct`` does not: it is
  added back; a sum of no values is 0 locally and null here, which both filters drop alike;
* **text.** The name normaliser's ``[^\\w\\s]`` and ``\\s+`` are Unicode classes in Rust's regex
  and ASCII in Java's unless ``(?U)`` says otherwise, so it says so; ``strip_chars`` is a Unicode
  whitespace trim, not Spark's ``trim`` (spaces only);
* **ids.** ``sha1("a|b|...")[:16]`` with Spark's ``sha1`` over the UTF-8 bytes, null when a part is
  null (``concat``, not ``concat_ws``), as :func:`newsframe.linking.sha_id`;
* **dtypes.** each output column is cast to its :mod:`newsframe.tables` dtype.

``tests/spark/test_link.py`` runs both passes on the same staged tables (the seed, a mixed folder of
documents and the parity fixtures) and compares every row; ``tests/spark/test_extract.py`` compares
whole ``run --spark`` and ``run`` outputs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from newsframe import tables

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame

__all__ = ["link_spark", "ordered"]

_UNICODE_TRIM = r"(?U)^\s+|\s+$"

ORDER: dict[str, tuple[str, ...]] = {
    "mentions": ("doc_seq", "mention_seq"),
    "actors": ("type", "name"),
    "events": ("doc_id", "trigger_start", "doc_seq", "event_seq"),
    "topics": ("level", "topic_id"),
}
"""The row order of each linked table (as the local pass writes it); these columns come with the frames."""


def _sha(prefix: str, *columns: str) -> Column:
    """``prefix + "_" + sha1("a|b|...")[:16]``; null when a column is null (:func:`newsframe.linking.sha_id`)."""
    from pyspark.sql import functions as F

    parts: list[Column] = []
    for i, c in enumerate(columns):
        if i:
            parts.append(F.lit("|"))
        parts.append(F.col(c).cast("string"))
    return F.concat(F.lit(f"{prefix}_"), F.substring(F.sha1(F.concat(*parts)), 1, 16))


def _first(frame: DataFrame, by: Sequence[str], order: Sequence[Column]) -> DataFrame:
    """The first row of each group ``by`` in ``order`` (a window rank)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    w = Window.partitionBy(*by).orderBy(*order)
    return frame.withColumn("__rank", F.row_number().over(w)).filter(F.col("__rank") == 1).drop("__rank")


def _best(frame: DataFrame, by: list[str], value: str, order: list[Column]) -> DataFrame:
    """Per group ``by``, the ``value`` of the first row in ``order`` (:func:`newsframe.linking._best`)."""
    return _first(frame, by, order).select(*by, value)


def _cut(frame: DataFrame) -> DataFrame:
    """``frame`` materialised on the executors, its lineage cut (``localCheckpoint``).

    Each step reads the mentions of the step before several times (a join with an aggregate of
    itself); without a cut the plan of the last step holds every earlier one many times over, and
    planning and running it grow with each step.
    """
    return frame.localCheckpoint(eager=True)


def _strip(col: Column) -> Column:
    from pyspark.sql import functions as F

    return F.regexp_replace(col, _UNICODE_TRIM, "")


def _keys(m: DataFrame) -> DataFrame:
    """Steps 0-5: each mention's final ``(atype, aname)`` and ``label``."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    label = F.col("label")
    person = label == "PERSON"
    # 0. person name variants: one pkey, compatible middle initials -> the commonest spelling
    in_order = F.struct("doc_seq", "mention_seq")
    pnames = (
        m.filter(person & (F.col("gk_type") == "PERSON") & F.col("pkey").isNotNull())
        .groupBy("pkey", "gk_name")
        .agg(F.count(F.lit(1)).alias("n"), F.min_by("pmid", in_order).alias("pmid"))
    )
    compatible = (
        pnames.groupBy("pkey")
        .agg(F.countDistinct(F.when(F.col("pmid") != "", F.col("pmid"))).alias("n_mid"))
        .filter(F.col("n_mid") <= 1)
        .select("pkey")
    )
    pkeep = _best(
        pnames.join(compatible, on="pkey", how="left_semi").withColumn("_l", F.char_length("gk_name")),
        ["pkey"],
        "gk_name",
        [F.col("n").desc_nulls_last(), F.col("_l").asc_nulls_last(), F.col("gk_name").asc_nulls_last()],
    ).withColumnRenamed("gk_name", "_pname")
    m = m.join(pkeep, on="pkey", how="left")
    folds = person & (F.col("gk_type") == "PERSON") & F.col("_pname").isNotNull()
    m = m.withColumns(
        {
            "gk_name": F.when(folds, F.col("_pname")).otherwise(F.col("gk_name")),
            "name": F.when(folds & F.col("name").isNotNull(), F.col("_pname")).otherwise(F.col("name")),
        }
    ).drop("_pname")
    m = _cut(m)
    # 1. surnames: the dominance rule over the documents each full name appears in
    per_name = (
        m.filter(person & F.col("surname").isNotNull())
        .groupBy(F.lower(F.col("surname")).alias("bare_lc"), "name")
        .agg(F.countDistinct("doc_id").alias("docs"))
        .withColumn(
            "_rank",
            F.row_number().over(
                Window.partitionBy("bare_lc").orderBy(
                    F.col("docs").desc_nulls_first(), F.col("name").asc_nulls_first()
                )
            ),
        )
    )
    top = per_name.filter(F.col("_rank") == 1).select("bare_lc", F.col("name").alias("hit"), "docs")
    runner = per_name.filter(F.col("_rank") == 2).select("bare_lc", F.col("docs").alias("_second"))
    surnames = (
        top.join(runner, on="bare_lc", how="left")
        .filter(F.col("_second").isNull() | (F.col("docs") >= 2 * F.col("_second")))
        .select("bare_lc", "hit")
    )
    votes = m.filter(~person).groupBy("text").agg(F.count(F.lit(1)).alias("votes"))
    votes = votes.withColumnRenamed("text", "bare")
    # 2-3. bare surnames become that person (case-insensitively)
    m = m.withColumn("bare", F.coalesce("name", "text")).withColumn("bare_lc", F.lower(F.col("bare")))
    m = m.join(votes, on="bare", how="left").join(surnames, on="bare_lc", how="left")
    located = ~person & (F.col("country").isNotNull() | label.isin("LOC", "FAC"))
    eligible = (
        ~F.col("bare").contains(" ")
        & ~located
        & ~(~person & (F.coalesce(F.col("votes"), F.lit(0)) > 2))
        & F.col("hit").isNotNull()
    )
    m = m.withColumns(
        {
            "label": F.when(eligible, F.lit("PERSON")).otherwise(label),
            "atype": F.when(eligible, F.lit("PERSON")).otherwise(F.col("gk_type")),
            "aname": F.when(eligible, F.col("hit")).otherwise(F.col("gk_name")),
            "_hit": eligible,
        }
    ).drop("bare", "bare_lc", "votes", "hit")
    m = _cut(m)
    # 4. plurals: a NORP/ORG key whose singular is a key moves into it
    singular = (
        m.select("atype", "aname")
        .distinct()
        .select("atype", F.col("aname").alias("gk_singular"), F.lit(True).alias("_sing"))
    )
    m = m.join(singular, on=["atype", "gk_singular"], how="left")
    plural = ~F.col("_hit") & F.col("atype").isin("NORP", "ORG") & F.coalesce(F.col("_sing"), F.lit(False))
    m = _cut(
        m.withColumn("aname", F.when(plural, F.col("gk_singular")).otherwise(F.col("aname"))).drop("_sing")
    )
    # 5. variants of one name fold into the keep key
    countries = (
        m.filter(F.col("gk_country"))
        .select(
            F.col("gk_type").alias("atype"), F.col("gk_name").alias("aname"), F.lit(True).alias("is_country")
        )
        .distinct()
    )
    norm = F.regexp_replace(F.lower(F.col("aname")), r"(?U)[^\w\s]", "")
    norm = _strip(F.regexp_replace(norm, r"(?U)\s+", " "))
    sized = (
        m.groupBy("atype", "aname")
        .agg(F.count(F.lit(1)).alias("size"))
        .join(countries, on=["atype", "aname"], how="left")
        .withColumn("is_country", F.coalesce(F.col("is_country"), F.lit(False)))
        .withColumn("norm", norm)
    )
    by_norm = Window.partitionBy("norm")
    any_country = F.max(F.col("is_country").cast("int")).over(by_norm) == 1
    atype = F.col("atype")
    candidate = F.when(
        any_country, (atype != "PERSON") & (F.col("is_country") | ~atype.isin("GPE", "NORP"))
    ).otherwise(F.lit(True))
    sized = sized.withColumn("cand", candidate)
    sized = sized.withColumn("merge", F.sum(F.col("cand").cast("int")).over(by_norm) >= 2)
    cands = sized.filter(F.col("cand") & F.col("merge")).withColumns(
        {"_p": atype == "PERSON", "_u": F.col("aname") != F.lower(F.col("aname"))}
    )
    order = ["is_country", "size", "_p", "_u", "atype", "aname"]
    keep = _first(cands, ["norm"], [F.col(c).desc_nulls_first() for c in order]).select(
        "norm", F.col("atype").alias("ktype"), F.col("aname").alias("kname")
    )
    remap = cands.join(keep, on="norm").select("atype", "aname", "ktype", "kname")
    m = m.join(remap, on=["atype", "aname"], how="left")
    ktype = F.col("ktype")
    cross = (label == "PERSON") != (ktype == "PERSON")
    return m.withColumns(
        {
            "label": F.when(ktype.isNotNull() & cross, ktype).otherwise(label),
            "atype": F.coalesce(ktype, F.col("atype")),
            "aname": F.coalesce(F.col("kname"), F.col("aname")),
        }
    ).drop("ktype", "kname", "_hit")


def _actors(m: DataFrame) -> DataFrame:
    """Step 6: one actor per key, with its country, role, sector and aliases."""
    from pyspark.sql import functions as F

    by = ["atype", "aname"]

    def vote(column: str) -> DataFrame:
        per_doc = (
            m.filter(F.col(column).isNotNull()).select(*by, "doc_id", F.col(column).alias("c")).distinct()
        )
        counted = per_doc.groupBy(*by, "c").agg(F.count(F.lit(1)).alias("n"))
        best = _best(counted, by, "c", [F.col("n").desc_nulls_last(), F.col("c").asc_nulls_last()])
        return best.withColumnRenamed("c", column)

    country = vote("country").join(vote("home_country"), on=by, how="full")
    roles = (
        m.filter(F.col("role").isNotNull() & (F.col("label") == "PERSON") & (F.col("atype") == "PERSON"))
        .groupBy(*by, "role")
        .agg(
            F.count(F.lit(1)).alias("n"),
            F.min(F.col("doc_seq") * 1_000_000 + F.col("mention_seq")).alias("first"),
        )
    )
    role = _best(
        roles,
        by,
        "role",
        [
            F.col("n").desc_nulls_last(),
            (F.col("role") != "Leader").desc_nulls_last(),
            F.char_length("role").desc_nulls_last(),
            F.col("first").asc_nulls_last(),
        ],
    )
    aliases = (
        m.filter(F.col("text") != F.col("aname"))
        .select(*by, F.col("text").alias("alias"))
        .unionByName(
            m.select(*by, F.explode("extra_aliases").alias("alias")).filter(
                F.col("alias").isNotNull() & (F.col("alias") != F.col("aname"))
            )
        )
        .unionByName(
            m.filter(F.col("titled").isNotNull()).select(
                *by, F.concat(F.col("titled"), F.lit(" "), F.col("text")).alias("alias")
            )
        )
    )
    alias_lists = aliases.groupBy(*by).agg(F.array_sort(F.collect_set("alias")).alias("alias"))
    return (
        m.select(*by)
        .distinct()
        .join(country, on=by, how="left")
        .join(role, on=by, how="left")
        .join(vote("sector"), on=by, how="left")
        .join(alias_lists, on=by, how="left")
        .select(
            _sha("act", "atype", "aname").alias("actor_id"),
            F.col("aname").alias("name"),
            F.col("atype").alias("type"),
            F.coalesce("country", "home_country").alias("country"),
            "role",
            "sector",
            F.coalesce(F.col("alias"), F.array().cast("array<string>")).alias("aliases"),
        )
    )


def _clear_conflicting_dates(ev: DataFrame, *, tolerance_days: int = 1) -> DataFrame:
    """:func:`newsframe.extract.consistency.clear_conflicting_dates` as Spark windows."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    a, b = F.col("source_actor_id"), F.col("target_actor_id")
    start = F.coalesce("date_start", "date_end")
    end = F.coalesce("date_end", "date_start")
    happening = start.isNotNull() & b.isNotNull() & ~F.col("modality").isin("hypothetical", "negated")
    ev = ev.withColumns(
        {
            "__s": F.when(happening, start),
            "__e": F.when(happening, end),
            "__happening": happening,
            "__k1": F.least(a, b),
            "__k2": F.greatest(a, b),
            "__k3": _strip(F.lower(F.col("trigger"))),
        }
    )
    key = ["event_type", "__k1", "__k2", "__k3"]
    s, e = F.col("__s"), F.col("__e")
    in_doc_w = Window.partitionBy(*key, "doc_id")
    across_w = Window.partitionBy(*key)
    in_doc = (s > F.min(e).over(in_doc_w)) | (e < F.max(s).over(in_doc_w))
    across = (F.date_sub(s, tolerance_days) > F.min(e).over(across_w)) | (
        F.date_add(e, tolerance_days) < F.max(s).over(across_w)
    )
    clear = F.coalesce(F.col("__happening") & (in_doc | across), F.lit(False))
    ev = ev.withColumn("__clear", clear)
    ev = ev.withColumns(
        {
            c: F.when(F.col("__clear"), F.lit(None)).otherwise(F.col(c))
            for c in ("date_start", "date_end", "date_precision")
        }
    )
    return ev.drop("__s", "__e", "__happening", "__k1", "__k2", "__k3", "__clear")


def _events(events: DataFrame, final: DataFrame, requires_target: list[str]) -> DataFrame:
    """Step 8: events with final actor ids, tidied by the codebook and repeats."""
    from pyspark.sql import functions as F

    src = final.select("doc_id", F.col("key").alias("source_actor_id"), F.col("actor_id").alias("_src"))
    tgt = final.select("doc_id", F.col("key").alias("target_actor_id"), F.col("actor_id").alias("_tgt"))
    ev = (
        events.join(src, on=["doc_id", "source_actor_id"], how="left")
        .join(tgt, on=["doc_id", "target_actor_id"], how="left")
        .withColumns(
            {
                "source_actor_id": F.col("_src"),
                "target_actor_id": F.when(F.col("_tgt") != F.col("_src"), F.col("_tgt")),
            }
        )
        .drop("_src", "_tgt")
        .filter(F.col("source_actor_id").isNotNull())
        .filter(~(F.col("event_type").isin(*requires_target) & F.col("target_actor_id").isNull()))
    )
    order = [F.col(c).asc_nulls_first() for c in ORDER["events"]]
    key = ["doc_id", "event_type", "source_actor_id", "target_actor_id", "date_start", "date_end"]
    from pyspark.sql import Window

    first = F.row_number().over(Window.partitionBy(*key).orderBy(*order)) == 1
    ev = (
        ev.withColumn("__first", first)
        .filter(F.col("date_start").isNull() | F.col("__first"))
        .drop("__first")
    )
    ev = _first(ev, ["event_id"], order)
    return _clear_conflicting_dates(ev)


def _conformed(frame: DataFrame, name: str, extra: Sequence[str] = ()) -> DataFrame:
    """``frame``'s columns of table ``name`` in order, cast to its dtypes (and ``extra`` columns kept)."""
    from pyspark.sql import functions as F

    from newsframe.spark.frames import spark_type

    spec = tables.TABLES[name].columns
    return frame.select(*[F.col(c).cast(spark_type(t)).alias(c) for c, t in spec.items()], *extra)


def link_spark(
    staged: Mapping[str, DataFrame],
    *,
    requires_target: list[str] | None = None,
) -> dict[str, DataFrame]:
    """Link the staged tables across documents on Spark (the steps of :func:`newsframe.linking.link`).

    Parameters
    ----------
    staged
        ``mention_candidates``, ``event_candidates`` and ``topics`` as Spark DataFrames over the corpus.
    requires_target
        The event types that need a target (default: the PLOVER codebook's, as the local pass).

    Returns
    -------
    dict
        ``mentions``, ``actors``, ``events`` and ``topics`` as Spark DataFrames with the
        :mod:`newsframe.tables` columns and dtypes (``topics`` keeps ``level``), each with the columns
        of its row order (:data:`ORDER`) as well: write them with :func:`ordered`.
    """
    from pyspark.sql import functions as F

    from newsframe.linking import _requires_target

    targets = _requires_target() if requires_target is None else requires_target
    m = _cut(_keys(_cut(staged["mention_candidates"])))
    actors = _conformed(_actors(m), "actors")
    with_ids = m.withColumn("actor_id", _sha("act", "atype", "aname"))
    mentions = _first(
        with_ids.withColumn("mention_id", _sha("men", "doc_id", "start", "end", "label")),
        ["mention_id"],
        [F.col("doc_seq"), F.col("mention_seq")],
    )
    final = _first(with_ids, ["doc_id", "key"], [F.col("doc_seq"), F.col("mention_seq")]).select(
        "doc_id", "key", "actor_id"
    )
    events = _events(staged["event_candidates"], final, targets)
    topics = staged["topics"].dropDuplicates().dropDuplicates(["topic_id"])
    return {
        "mentions": _conformed(mentions, "mentions", ORDER["mentions"]),
        "actors": actors,
        "events": _conformed(events, "events", ("doc_seq", "event_seq")),
        "topics": _conformed(topics, "topics", ("level",)),
    }


def ordered(frame: DataFrame, name: str) -> DataFrame:
    """A linked table in the local pass's row order, without the columns that ordered it (but ``level``)."""
    from pyspark.sql import functions as F

    nulls_last = name == "topics"  # topics sort nulls last, the others first (Polars' defaults)
    order = [F.col(c).asc_nulls_last() if nulls_last else F.col(c).asc_nulls_first() for c in ORDER[name]]
    drop = [c for c in ORDER[name] if c not in tables.TABLES[name].columns and c != "level"]
    return frame.orderBy(*order).drop(*drop)
