"""The reports table keeps its few-valued text columns as sorted categories, through files, the cache and concatenation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from metrics.load.config import load_config
from metrics.load.dataset import load_dataset
from metrics.load.report_columns import CATEGORY_COLUMNS, categorical, concat_reports, sort_categories

ROOT = Path(__file__).resolve().parents[2]


def test_categorical_keeps_only_the_values_used_in_sorted_order() -> None:
    values = np.array(["b", "a", "c", "a "], dtype=object)
    column = categorical(np.array([0, 3, 0, 1]), values)
    assert list(column) == ["b", "a ", "b", "a"]
    assert list(column.categories) == ["a", "a ", "b"]  # "c" is not used


def test_sorting_by_a_category_column_gives_the_text_order() -> None:
    text = pd.Series(["CN-ZJ", "CN-AH", "CN-GD", "CN-AH"])
    codes, uniques = pd.factorize(text)
    frame = pd.DataFrame({"province": categorical(codes, np.asarray(uniques, dtype=object)), "n": range(4)})
    assert frame.sort_values("province")["n"].tolist() == text.sort_values(kind="stable").index.tolist()


def test_concatenated_files_keep_category_columns() -> None:
    one = pd.DataFrame({"province": pd.Categorical(["CN-GD"]), "number": [1.0]})
    two = pd.DataFrame({"province": pd.Categorical(["CN-AH", "CN-ZJ"]), "number": [2.0, 3.0]})
    joined = concat_reports([one, two])
    assert isinstance(joined["province"].dtype, pd.CategoricalDtype)
    assert list(joined["province"]) == ["CN-GD", "CN-AH", "CN-ZJ"]
    assert list(joined["province"].cat.categories) == ["CN-AH", "CN-GD", "CN-ZJ"]
    assert joined["number"].tolist() == [1.0, 2.0, 3.0]


def test_categories_met_out_of_order_are_sorted() -> None:
    frame = pd.DataFrame({"source": pd.Categorical(["b", "a"], categories=["b", "a"])})
    assert list(sort_categories(frame)["source"].cat.categories) == ["a", "b"]
    assert list(frame["source"]) == ["b", "a"]


def test_the_loaded_reports_hold_their_text_columns_as_categories(tmp_path: Path) -> None:
    config, problems = load_config(ROOT / "config.yaml")
    reports = load_dataset(config, problems).reports
    for column in CATEGORY_COLUMNS:
        assert isinstance(reports[column].dtype, pd.CategoricalDtype), column
        assert reports[column].cat.categories.is_monotonic_increasing, column
    assert not isinstance(reports["value"].dtype, pd.CategoricalDtype)  # a figure as reported stays text
