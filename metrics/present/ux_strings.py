"""Strings of the issue-13 screenshot pass that belong to no single module (registered on import)."""

from __future__ import annotations

from metrics.domain.i18n import add_strings

add_strings(
    {
        "history.blank_columns": {
            "zh": "未显示没有任何内容的列：{columns}（演示数据和手工添加的文件没有接收记录；下载的 CSV 中仍有这些列）。",
            "en": "Columns with no entries are not shown: {columns} (demo rows and files added by hand have no receipt; "
            "the CSV download keeps them).",
        },
    }
)
