"""The reports table's text columns with few distinct values (province, milestone, source, flag, note, file) as categories.

At the county scale of issue 16 (24 M reports) these columns held as text took 4.5 GB of the 5 GB the
table needed (a 60-character source repeated on every row); as categories each row holds a small integer
code. The categories are kept in sorted order, so sorting the table by a column gives the same order as
sorting its text did. The value column stays text: a figure as reported, with as many distinct values as
reports.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CATEGORY_COLUMNS = ("province", "milestone", "source", "flag", "note", "file")


def categorical(codes: np.ndarray, values: np.ndarray) -> pd.Categorical:
    """``values[codes]`` as a categorical whose categories are the distinct values used, sorted."""
    used = np.unique(codes)
    categories, position = np.unique(values[used].astype(str), return_inverse=True)
    recode = np.full(len(values), -1, dtype=np.int64)
    recode[used] = position
    return pd.Categorical.from_codes(recode[codes], categories=pd.Index(categories, dtype=str))


def sort_categories(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the categories of its category columns in sorted order (a Parquet file keeps them in the
    order the file met them)."""
    for column in CATEGORY_COLUMNS:
        if column in frame and isinstance(frame[column].dtype, pd.CategoricalDtype):
            categories = frame[column].cat.categories
            if not categories.is_monotonic_increasing:
                frame[column] = frame[column].cat.reorder_categories(categories.sort_values())
    return frame


def concat_reports(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The reports of several files in one table, each category column still a category: every file's column
    is given the same (sorted) categories first, which ``pd.concat`` keeps (it turns columns with different
    categories into text)."""
    if len(frames) == 1:
        return frames[0]
    shared = {}
    for column in CATEGORY_COLUMNS:
        parts = [frame[column] for frame in frames if column in frame]
        if len(parts) == len(frames) and all(isinstance(part.dtype, pd.CategoricalDtype) for part in parts):
            categories = pd.Index(sorted(set().union(*(part.cat.categories for part in parts))), dtype=str)
            shared[column] = categories
    frames = [frame.assign(**{c: frame[c].cat.set_categories(cats) for c, cats in shared.items()}) for frame in frames]
    return pd.concat(frames, ignore_index=True)
