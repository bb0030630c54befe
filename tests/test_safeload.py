"""Contracts and pipelines from a pull request: references stay inside their folder, YAML is bounded.

Each test is a hostile contract or pipeline: a reference by absolute path, by ``../``, through a
symlink; an alias bomb; an oversized file. Each must be exit 2 at once, with a message that does
not show the outside file's content.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from conftest import ROOT
from newsframe.cli import main
from newsframe.errors import ContractError, InputError
from newsframe.pipeline import load_pipeline
from newsframe.safeload import MAX_YAML_BYTES, REFERENCE_ROOTS_ENV, load_yaml, resolve_inside

SECRET = "s3cr3t-first-line"


def _bomb(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.fixture
def contracts(tmp_path: Path) -> Path:
    folder = tmp_path / "contracts"
    folder.mkdir()
    for path in (ROOT / "contracts").glob("*.odcs.yaml"):
        shutil.copy(path, folder / path.name)
    (tmp_path / "secret.csv").write_text(f"{SECRET}\nx\n", encoding="utf-8")
    return folder


def _point_events_ref_to(folder: Path, ref: str) -> None:
    """Make events.event_type's code list a validValuesRef (the shipped contract inlines validValues)."""
    import yaml

    path = folder / "events.odcs.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    prop = next(p for p in doc["schema"][0]["properties"] if p["name"] == "event_type")
    (rule,) = [q for q in prop["quality"] if q.get("metric") == "invalidValues"]
    rule["arguments"] = {"validValuesRef": ref}
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize("kind", ["absolute", "dotdot", "symlink"])
def test_valid_values_ref_outside_the_contracts_folder_is_exit_2(
    contracts: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = contracts.parent / "secret.csv"
    if kind == "absolute":
        ref = f"{secret}#{SECRET}"
    elif kind == "dotdot":
        ref = f"../secret.csv#{SECRET}"
    else:
        (contracts / "codes.csv").symlink_to(secret)
        ref = f"codes.csv#{SECRET}"
    _point_events_ref_to(contracts, ref)
    assert main(["contracts", "lint", str(contracts)]) == 2
    err = capsys.readouterr().err
    assert "outside the allowed folders" in err and "validValuesRef" in err
    assert main(["contracts", "export", str(contracts), "--out", str(contracts.parent / "gx")]) == 2
    assert not (contracts.parent / "gx").exists() or SECRET not in "".join(
        p.read_text() for p in (contracts.parent / "gx").glob("*.json")
    )
    assert SECRET not in capsys.readouterr().err


def test_a_reference_inside_the_folder_or_the_allow_list_still_works(
    contracts: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shutil.copy(ROOT / "seeds" / "reference" / "plover_codebook.csv", contracts / "codes.csv")
    _point_events_ref_to(contracts, "codes.csv#event_type")
    assert main(["contracts", "lint", str(contracts)]) == 0
    shared = tmp_path / "shared_refs"
    shared.mkdir()
    shutil.copy(ROOT / "seeds" / "reference" / "plover_codebook.csv", shared / "codes.csv")
    with pytest.raises(ValueError, match="outside"):
        resolve_inside("../shared_refs/codes.csv", bases=[contracts])
    with pytest.raises(ValueError, match="outside"):
        resolve_inside(str(shared / "codes.csv"), bases=[contracts])
    monkeypatch.setenv(REFERENCE_ROOTS_ENV, str(shared))
    assert resolve_inside(str(shared / "codes.csv"), bases=[contracts]) == shared / "codes.csv"


def test_reference_mismatch_reference_outside_is_a_contract_error(contracts: Path) -> None:
    from newsframe.contracts.model import parse_contract

    path = contracts / "x.odcs.yaml"
    path.write_text(
        (ROOT / "contracts" / "examples" / "gdelt_events.odcs.yaml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    text = path.read_text(encoding="utf-8")
    planted = "- property: reference\n      value: seeds/reference/cameo_codes.csv"
    assert planted in text
    path.write_text(
        text.replace(planted, planted.replace("seeds/reference/cameo_codes.csv", "../secret.csv"))
    )
    with pytest.raises(ContractError, match="outside the allowed folders"):
        parse_contract(path)


def test_pipeline_taxonomy_outside_its_folder_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "secret.csv").write_text(f"{SECRET}\n", encoding="utf-8")
    for ref in (str(tmp_path / "secret.csv"), "../secret.csv"):
        sub = tmp_path / "p"
        sub.mkdir(exist_ok=True)
        (sub / "p.yaml").write_text(f"topics:\n  taxonomy: {ref}\n", encoding="utf-8")
        with pytest.raises(InputError, match="outside the allowed folders") as err:
            load_pipeline(sub / "p.yaml")
        assert err.value.field == "topics.taxonomy" and SECRET not in str(err.value)
    (sub / "mine.csv").write_text("topic_id,label\n", encoding="utf-8")
    (sub / "ok.yaml").write_text("topics:\n  taxonomy: mine.csv\n", encoding="utf-8")
    assert load_pipeline(sub / "ok.yaml").topics.taxonomy == "mine.csv"


def test_alias_bomb_in_a_contract_is_refused_at_once(
    contracts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = contracts / "documents.odcs.yaml"
    body = "".join("  " + line + "\n" for line in _bomb().splitlines())
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "kind: DataContract\n", "kind: DataContract\nx-bomb:\n" + body
        )
    )
    start = time.perf_counter()
    assert main(["contracts", "lint", str(contracts)]) == 2
    assert main(["validate", str(ROOT / "seeds" / "byoe"), "--contracts", str(contracts), "-q"]) == 2
    assert time.perf_counter() - start < 60  # was 100 s and 5.8 GB; now refused before any expansion
    assert "alias bomb" in capsys.readouterr().err


def test_alias_bomb_and_oversized_pipeline_are_input_errors(tmp_path: Path) -> None:
    (tmp_path / "bomb.yaml").write_text("options:\n" + "".join("  " + x + "\n" for x in _bomb().splitlines()))
    with pytest.raises(InputError, match="alias bomb"):
        load_pipeline(tmp_path / "bomb.yaml")
    (tmp_path / "big.yaml").write_text("options: {}\n# " + "x" * MAX_YAML_BYTES + "\n")
    with pytest.raises(InputError, match="larger than"):
        load_pipeline(tmp_path / "big.yaml")


def test_ordinary_aliases_and_deep_documents_still_load() -> None:
    assert load_yaml("base: &b {x: 1}\nother: *b\n") == {"base": {"x": 1}, "other": {"x": 1}}
    deep = "a: " + "[" * 500 + "]" * 500 + "\n"
    assert load_yaml(deep) is not None
    with pytest.raises(ValueError, match="alias bomb"):
        load_yaml(_bomb(7))
