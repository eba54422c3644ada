"""A reporter uploads only their provinces' rows: the rule is in metrics.intake.upload, not only on the page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from metrics.intake.upload import AcceptRefused, accept, read_upload, upload_context
from metrics.load.config import load_config
from metrics.load.dataset import Dataset, load_dataset
from tests.conftest import TEST_DATA
from tests.tmp_data import copy_data, fingerprint

NOW = dt.datetime(2026, 11, 23, 10, 0, 0)
SHARE = "teachers-double-qualified-share"
CSV = (
    f"province,milestone,as_of,value,source\nCN-GD,{SHARE},2026-06-30,58.2,Bulletin\n"
    f"广西壮族自治区,{SHARE},2026-06-30,40.1,Bulletin\nCN-JS,{SHARE},2026-06-30,61.0,Bulletin\n"
).encode()


@pytest.fixture
def data(tmp_path: Path) -> Dataset:
    config, _ = load_config(copy_data(tmp_path))
    return load_dataset(config)


def test_rows_for_other_provinces_are_refused_with_located_messages(data: Dataset) -> None:
    context = upload_context(data, None, NOW, allowed_provinces=frozenset({"CN-GD"}))
    result = read_upload("mixed.csv", CSV, context)
    assert [str(p) for p in result.problems] == [
        "mixed.csv:3:1: province: '广西壮族自治区' is a province you may not report for (expected CN-GD; ask an "
        "administrator to add it to your account)",
        "mixed.csv:4:1: province: 'CN-JS' is a province you may not report for (expected CN-GD; ask an administrator "
        "to add it to your account)",
    ]
    assert list(result.rows["province"]) == ["CN-GD"] and result.rejected_rows == 2


def test_a_reporter_for_two_provinces_may_send_both(data: Dataset) -> None:
    context = upload_context(data, None, NOW, allowed_provinces=frozenset({"CN-GD", "CN-GX"}))
    result = read_upload("mixed.csv", CSV, context)
    assert sorted(result.rows["province"]) == ["CN-GD", "CN-GX"]
    assert [p.line for p in result.problems] == [4]


def test_without_a_scope_any_province_is_accepted(data: Dataset) -> None:
    result = read_upload("mixed.csv", CSV, upload_context(data, None, NOW))
    assert result.problems == [] and len(result.rows) == 3


def test_another_provinces_template_is_refused_whole(data: Dataset) -> None:
    context = upload_context(data, None, NOW, allowed_provinces=frozenset({"CN-GD"}))
    result = read_upload("js.xlsx", (TEST_DATA / "uploads/other-province.xlsx").read_bytes(), context)
    assert [str(p) for p in result.problems] == [
        "js.xlsx[reports]:1: this is the template of CN-JS, a province you may not report for (expected the template of CN-GD)"
    ]
    assert result.rows.empty


def test_accept_refuses_rows_outside_the_scope_even_if_they_were_checked_without_it(data: Dataset, tmp_path: Path) -> None:
    unscoped = read_upload("mixed.csv", CSV, upload_context(data, None, NOW))
    scoped = upload_context(data, None, NOW, allowed_provinces=frozenset({"CN-GD"}))
    before = fingerprint(tmp_path / "data")
    with pytest.raises(AcceptRefused, match="rows for CN-GX, CN-JS, a province you may not report for"):
        accept(unscoped, data.config.progress[0], "gd", scoped)
    assert fingerprint(tmp_path / "data") == before


def test_a_reporter_with_no_province_can_send_nothing(data: Dataset) -> None:
    result = read_upload("mixed.csv", CSV, upload_context(data, None, NOW, allowed_provinces=frozenset()))
    assert result.rows.empty and all("none: your account reports for no province" in p.message for p in result.problems)
