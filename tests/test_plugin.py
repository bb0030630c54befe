"""The pytest plugin (in-process with pytester) and newsframe.testing, on seeds/byoe and on clean tables."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from importlib.metadata import entry_points
from pathlib import Path

import polars as pl
import pytest

import newsframe
from newsframe.testing import ValidationAssertionError, assert_check_fails, assert_valid

pytest_plugins = ["pytester"]

BYOE = newsframe.example_tables("byoe")
SEED = BYOE.parent / "documents"


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed article's tables from the rules engine: they pass every error-level check."""
    out = tmp_path_factory.mktemp("clean")
    newsframe.extract(SEED, engine="rules").write(out)
    return out


@pytest.fixture(autouse=True, scope="module")
def _warm(clean: Path) -> None:
    """Import everything a validation and an extraction import, before pytester runs in-process.

    pytester restores ``sys.modules`` after each in-process run: modules first imported inside it
    would be dropped and imported again later, leaving objects of two generations (YAML loaders,
    Polars plugins) that do not work together.
    """
    newsframe.validate(BYOE)
    import pandera.polars  # noqa: F401
    import xdist  # noqa: F401


def _expected(tables: Path) -> dict[str, int]:
    counts = newsframe.validate(tables).counts()
    return {
        "failed": counts["failed"] + counts["error"],
        "passed": counts["passed"] + counts["warning"],
        "skipped": counts["skipped"],
    }


def test_the_plugin_is_registered_as_a_pytest11_entry_point() -> None:
    (ep,) = [e for e in entry_points(group="pytest11") if e.name == "newsframe"]
    assert ep.value == "newsframe.pytest_plugin"


def test_every_check_is_an_item_and_failures_print_sample_rows(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest(f"--newsframe-tables={BYOE}", "-p", "no:cacheprovider", "-rf")
    result.assert_outcomes(**_expected(BYOE))
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    out = result.stdout.str()
    assert "FAILED newsframe::events.quantity.number-ungrounded" in out
    assert '"event_id": "evt-05"' in out and '"quantity": 23.0' in out  # the sample row is printed
    assert '"found": "anet Yellen "' in out  # span-mismatch shows what the offsets point at


def test_k_selects_checks_by_id_and_slug(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--newsframe-tables", str(BYOE), "-k", "events.quantity.number-ungrounded")
    result.assert_outcomes(failed=1)
    result = pytester.runpytest("--newsframe-tables", str(BYOE), "-k", "span-mismatch and mentions")
    result.assert_outcomes(failed=1)
    result = pytester.runpytest("--newsframe-tables", str(BYOE), "-m", "newsframe", "-k", "not-null")
    assert result.parseoutcomes().get("passed", 0) > 3 and "failed" not in result.parseoutcomes()


def test_junitxml_names_each_testcase_by_its_check_id(pytester: pytest.Pytester) -> None:
    xml = pytester.path / "junit.xml"
    pytester.runpytest("--newsframe-tables", str(BYOE), f"--junitxml={xml}")
    cases = ET.parse(xml).getroot().findall(".//testcase")
    ids = {c.get("name") for c in cases}
    assert {c.id for c in newsframe.validate(BYOE).checks} == ids
    failing = {c.get("name") for c in cases if c.find("failure") is not None}
    assert "events.quantity.number-ungrounded" in failing and "events.event_id.not-null" not in failing
    assert all(c.get("classname") == "newsframe" for c in cases)


def test_clean_tables_pass(pytester: pytest.Pytester, clean: Path) -> None:
    result = pytester.runpytest("--newsframe-tables", str(clean))
    expected = _expected(clean)
    assert expected["failed"] == 0
    result.assert_outcomes(**expected)
    assert result.ret == pytest.ExitCode.OK


def test_ini_options_and_warning_level(pytester: pytest.Pytester, clean: Path) -> None:
    pytester.makeini(f"[pytest]\nnewsframe_tables = {clean}\n")
    result = pytester.runpytest("-k", "events")
    assert result.ret == pytest.ExitCode.OK and result.parseoutcomes()["passed"] > 5


def test_xdist_runs_the_checks_in_workers(pytester: pytest.Pytester) -> None:
    pytest.importorskip("xdist")
    result = pytester.runpytest_subprocess(
        "--newsframe-tables", str(BYOE), "-n", "2", "-p", "no:cacheprovider"
    )
    result.assert_outcomes(**_expected(BYOE))


def test_a_missing_folder_is_a_usage_error(pytester: pytest.Pytester, tmp_path: Path) -> None:
    result = pytester.runpytest("--newsframe-tables", str(tmp_path / "nope"))
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*newsframe:*nope: tables folder not found*"])


def test_without_options_the_plugin_collects_nothing(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_plain():
            assert True

        def test_fixture(newsframe_results):
            raise AssertionError("not reached: skipped without --newsframe-tables")
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(passed=1, skipped=1)


def test_a_users_own_suite_tests_its_extractor(pytester: pytest.Pytester, clean: Path) -> None:
    """The README's worked example, as a user's project would write it."""
    pytester.makepyfile(
        test_extractor=f"""
        import polars as pl
        import pytest
        import newsframe
        from newsframe.testing import assert_check_fails, assert_valid

        TABLES = {str(clean)!r}

        @pytest.fixture
        def tables():
            return {{p.stem: pl.read_parquet(p) for p in sorted(__import__("pathlib").Path(TABLES).glob("*.parquet"))}}

        def test_my_tables_are_valid(tables):
            assert_valid(tables)

        def test_a_wrong_number_is_caught(tables):
            events = tables["events"]
            bad_id = events.filter(pl.col("quantity").is_not_null())["event_id"][0]
            tables["events"] = events.with_columns(
                pl.when(pl.col("event_id") == bad_id).then(pl.col("quantity") + 7).otherwise("quantity").alias("quantity")
            )
            assert_check_fails(tables, "number-ungrounded", rows=[bad_id], count=1)

        def test_an_invented_actor_is_caught(tables):
            tables["actors"] = pl.concat([tables["actors"], tables["actors"].head(1).with_columns(
                actor_id=pl.lit("X1"), name=pl.lit("Vladimir Putin"))], how="vertical_relaxed")
            assert_check_fails(tables, "actor-ungrounded", table="actors", rows=["X1"])

        def test_the_session_results(newsframe_results):
            assert newsframe_results.ok
        """
    )
    result = pytester.runpytest("--newsframe-tables", str(clean), "-k", "test_")
    result.assert_outcomes(passed=4)


# ------------------------------------------------------------------------------------------ newsframe.testing


def test_assert_valid_names_the_failures() -> None:
    with pytest.raises(ValidationAssertionError) as info:
        assert_valid(BYOE)
    text = str(info.value)
    assert "events.quantity.number-ungrounded [failed]" in text and '"event_id": "evt-05"' in text
    assert isinstance(info.value, AssertionError) and info.value.results.status == "failed"


def test_assert_valid_returns_the_results(clean: Path) -> None:
    assert assert_valid(clean).ok


def test_assert_check_fails_on_the_planted_faults() -> None:
    (check,) = assert_check_fails(BYOE, "number-ungrounded", rows=["evt-05"], count=1)
    assert check.id == "events.quantity.number-ungrounded"
    assert assert_check_fails(BYOE, "mentions.text.span-mismatch", rows=["men-034", "men-036", "men-037"])
    assert assert_check_fails(BYOE, "actor-ungrounded", table="actors", rows=["A18"])


def test_assert_check_fails_says_what_happened_instead(clean: Path) -> None:
    with pytest.raises(AssertionError, match=r"ran but did not fail.*nothing failed"):
        assert_check_fails(clean, "number-ungrounded")
    with pytest.raises(AssertionError, match="no such check ran"):
        assert_check_fails(clean, "no-such-slug")
    with pytest.raises(AssertionError, match=r"not on row\(s\) \['evt-01'\]"):
        assert_check_fails(BYOE, "number-ungrounded", rows=["evt-01"])
    with pytest.raises(AssertionError, match="failed on 1 row"):
        assert_check_fails(BYOE, "number-ungrounded", count=2)


def test_assert_check_fails_on_one_frame() -> None:
    topics = pl.DataFrame({"topic_id": ["t1", "t1"], "label": ["a", "b"], "parent_id": [None, None]})
    (check,) = assert_check_fails(topics, "key-duplicate", table="topics", count=2)
    assert check.column == "topic_id"
