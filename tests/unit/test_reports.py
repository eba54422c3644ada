"""Progress-report files: encodings, line numbers, province names, limits."""

from __future__ import annotations

import pandas as pd

from metrics.load.reports import ReportContext, load_report_file, province_aliases
from tests.conftest import TEST_DATA

VALID = TEST_DATA / "valid"


def context(bundled, **limits) -> ReportContext:
    return ReportContext(bundled.milestones, province_aliases(bundled.provinces), **limits)


def test_gb18030_file_with_chinese_province_names_reads_correctly(bundled) -> None:
    frame, problems = load_report_file(VALID / "reports-gb18030.csv", context(bundled), demo=False)
    assert problems == []
    assert frame["province"].tolist() == ["CN-GD", "CN-GD"]  # 广东省 and the GB/T 2260 code 440000
    assert frame["note"].tolist()[0] == "广东省教育厅 报送"


def test_utf8_bom_is_not_part_of_the_first_column(bundled) -> None:
    frame, problems = load_report_file(VALID / "reports-bom.csv", context(bundled), demo=False)
    assert problems == []
    assert frame.loc[0, "province"] == "CN-GD"


def test_quoted_line_breaks_keep_line_numbers_exact(bundled) -> None:
    frame, problems = load_report_file(VALID / "reports-quoted-newline.csv", context(bundled), demo=False)
    assert problems == []
    assert frame["line"].tolist() == [2, 4]
    assert frame.loc[0, "note"] == "first line\nsecond line"


def test_rows_are_typed_and_marked_with_their_origin(bundled) -> None:
    frame, _ = load_report_file(VALID / "reports-correction.csv", context(bundled), demo=True)
    assert frame["number"].tolist() == [58.1, 57.9]
    assert frame["as_of"].tolist() == [pd.Timestamp("2024-06-30")] * 2
    assert frame["demo"].all()
    assert frame["file"].iloc[0].endswith("reports-correction.csv")


def test_valid_rows_load_when_others_in_the_same_file_are_broken(bundled, tmp_path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_text(
        "province,milestone,as_of,value,reported_at,source\n"
        "CN-GD,teachers-double-qualified-share,2024-06-30,58.1,2024-07-15,ok\n"
        "CN-GD,teachers-double-qualified-share,2024-09-30,lots,2024-10-15,bad\n"
        "CN-JS,teachers-double-qualified-share,2024-09-30,61,2024-10-15,ok\n",
        encoding="utf-8",
    )
    frame, problems = load_report_file(path, context(bundled), demo=False)
    assert frame["province"].tolist() == ["CN-GD", "CN-JS"]
    assert [(p.line, p.field) for p in problems] == [(3, "value")]


def test_a_row_limit_refuses_a_huge_file_before_parsing_it(bundled, tmp_path) -> None:
    path = tmp_path / "huge.csv"
    path.write_text("province,milestone,as_of,value,reported_at,source\n" + "x\n" * 1000, encoding="utf-8")
    frame, problems = load_report_file(path, context(bundled, max_rows=100), demo=False)
    assert frame.empty
    assert [p.message for p in problems] == [
        "file has more than 100 rows (expected at most 100; split it or raise limits.max_csv_rows)"
    ]


def test_many_bad_rows_are_summarised_after_the_configured_count(bundled, tmp_path) -> None:
    path = tmp_path / "bad.csv"
    rows = "".join(f"CN-GD,teachers-double-qualified-share,2024-06-{d:02d},n/a,2024-07-15,s\n" for d in range(1, 21))
    path.write_text("province,milestone,as_of,value,reported_at,source\n" + rows, encoding="utf-8")
    _, problems = load_report_file(path, context(bundled, max_problems=5), demo=False)
    assert len(problems) == 6
    assert problems[-1].message == "... and 15 more rows with problems in this column (first 5 listed)"


def test_row_key_finds_the_same_duplicates_with_and_without_packing() -> None:
    import numpy as np

    from metrics.load.reports import _row_key

    rng = np.random.default_rng(1)
    small = [rng.integers(0, 5, 200) for _ in range(4)]
    huge = [*small[:2], small[2] * 10**9, small[3] * 10**9]  # forces the overflow-safe path
    assert _row_key(small).duplicated().tolist() == _row_key(huge).duplicated().tolist()
    assert _row_key(small).duplicated().any()
