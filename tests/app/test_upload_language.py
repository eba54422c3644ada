"""A bad upload read in each language (issue 13, item 4): every message on the Report progress page is in the
reader's language; in Chinese no English sentence is left, only the ids and values the sender typed."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import page_text, run_app

SHARE = "teachers-double-qualified-share"  # a percent milestone
STAGE = "teaching-reform-textbook-selection"  # a stage milestone
# One problem per row, each of a different kind, plus a reported_at column the server ignores (a warning).
BAD = "\n".join(
    [
        "province,milestone,as_of,value,source,flag,reported_at",
        f"CN-GD,{SHARE},2025-06-30,about ninety,Office,,2025-07-01",
        f"CN-ZZ,{SHARE},2025-06-30,60,Office,,2025-07-01",
        "CN-GD,no-such-milestone,2025-06-30,60,Office,,2025-07-01",
        f"CN-GD,{SHARE},2025-13-45,60,Office,,2025-07-01",
        f"CN-GD,{SHARE},2099-01-01,60,Office,,2025-07-01",
        f'CN-GD,{SHARE},2025-03-31,"12,5",Office,,2025-07-01',
        f"CN-GD,{SHARE},2025-04-30,150,Office,,2025-07-01",
        f"CN-GD,{SHARE},2025-05-31,61,Office,maybe,2025-07-01",
        f"CN-GD,{SHARE},2025-02-28,62,=SUM(A1),,2025-07-01",
        f"CN-GX,{SHARE},2025-01-31,63,Office,,2025-07-01",
        f"CN-GD,{SHARE},2024-12-31,,Office,,2025-07-01",
        f"CN-GD,{STAGE},2025-06-30,halfway,Office,,2025-07-01",
        f"CN-GD,{SHARE},2024-11-30,64,Office,,2025-07-01",
        f"CN-GD,{SHARE},2024-11-30,65,Office,,2025-07-01",
    ]
).encode()
TYPED = ("about ninety", "no-such-milestone", "=SUM(A1)", "halfway", "maybe", "Office")  # what the sender wrote
# Three or more Latin words in a row: an English phrase. Ids (CN-GD, limits.max_upload_bytes) have no spaces.
LATIN_PHRASE = re.compile(r"[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}")
CJK = re.compile(r"[\u3400-\u9fff\uff08\uff09\uff0c\uff1a\uff1b\u3001\u3002]")


def uploaded(signed_in, lang: str) -> AppTest:
    at = run_app(signed_in("reporter"), page="report_progress", lang=lang)
    at.file_uploader[0].set_value(("bad.csv", BAD, "text/csv")).run()
    assert not at.exception, at.exception
    return at


def shown_text(at: AppTest) -> list[str]:
    """Every text the main area shows: alerts, captions, headings, widget labels and options, table cells and headers."""
    texts = page_text(at).split("\n")
    for widget in (*at.button, *at.checkbox, *at.selectbox):
        texts.append(str(widget.label))
    for box in at.selectbox:
        texts += [str(o) for o in box.options]
    for table in at.dataframe:
        frame = table.value
        texts += [str(c) for c in frame.columns]
        texts += [str(v) for v in frame.astype(str).to_numpy().ravel()]
    return [x for x in texts if x.strip()]


def problems(at: AppTest, lang: str) -> list[str]:
    column = "说明" if lang == "zh" else "Message"
    tables = [t.value for t in at.dataframe if column in t.value.columns]
    assert tables, "the problems table is shown"
    return [str(m) for m in tables[0][column]]


def test_a_bad_upload_reads_in_chinese_with_no_english_sentence(signed_in) -> None:
    at = uploaded(signed_in, "zh")
    messages = problems(at, "zh")
    assert len(messages) >= 12  # one per bad row, and the ignored reported_at column
    english = []
    for text in shown_text(at):
        for typed in TYPED:  # the sender's own words may be English: they are data, quoted back
            text = text.replace(typed, "")
        english += LATIN_PHRASE.findall(text)
    assert english == []
    assert all(CJK.search(m) for m in messages), [m for m in messages if not CJK.search(m)]
    for expected in (
        "'about ninety' 不是数字（应为数字，如 42.5）",
        "'CN-ZZ' 不是已知的省份（应为 ISO 代码，如 CN-GD，或省份名称）",
        "'no-such-milestone' 不是已知的任务编号（应为 data/milestones 中的编号）",
        "'maybe' 不是有效标记（应为 estimated（估计）、provisional（初步）、revised（修订）或留空）",
    ):
        assert expected in messages
    assert "错误" in " ".join(shown_text(at)) and "警告" in " ".join(shown_text(at))  # the severity column
    assert any("每个文件不超过 20 MB" in c.value for c in at.caption)  # our limit, not Streamlit's "200MB per file"


def test_the_same_upload_reads_in_english(signed_in) -> None:
    at = uploaded(signed_in, "en")
    messages = problems(at, "en")
    assert len(messages) >= 12
    assert [m for m in messages if CJK.search(m)] == []
    assert "'about ninety' is not a number (expected a number such as 42.5)" in messages
    assert "'CN-ZZ' is not a known province (expected an ISO code such as CN-GD, or its name)" in messages
    assert any("At most 20 MB per file" in c.value for c in at.caption)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_streamlits_own_upload_hint_is_hidden_and_the_button_speaks_the_language(signed_in, lang: str) -> None:
    at = run_app(signed_in("reporter"), page="report_progress", lang=lang)
    styles = " ".join(str(el.proto) for el in at.get("html"))
    assert "stFileUploaderDropzoneInstructions" in styles
    assert ("选择文件" if lang == "zh" else "Choose a file") in styles
