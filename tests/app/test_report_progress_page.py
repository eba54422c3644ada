"""The Report progress and Report history pages through AppTest, on a copy of the data."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from metrics.load.config import load_config
from metrics.load.dataset import load_dataset
from tests.app.conftest import ROOT, page_text, run_app, run_script
from tests.tmp_data import fingerprint
from tests.unit.test_upload import TEMPLATE_ROW  # the share milestone's row in the CN-GD template

UPLOADS = ROOT / "tests/data/uploads"
SHARE = "teachers-double-qualified-share"
_DATA = load_dataset(*load_config(ROOT / "config.yaml"))
TITLE = _DATA.milestones[SHARE].title
STAGE_TITLE = _DATA.milestones["teaching-reform-textbook-selection"].title
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(at: AppTest, name: str, content: bytes, province: str = "CN-GD") -> AppTest:
    at.selectbox(key="report_province").set_value(province).run()
    at.file_uploader[0].set_value((name, content, XLSX if name.endswith(".xlsx") else "text/csv")).run()
    assert not at.exception, at.exception
    return at


def table_text(at: AppTest) -> str:
    return "\n".join(df.value.to_csv(index=False) for df in at.dataframe)


@pytest.mark.parametrize("lang, title", [("zh", "填报进展"), ("en", "Report progress")])
def test_page_runs_in_both_languages(lang: str, title: str, signed_in) -> None:
    at = run_app(signed_in("admin"), page="report_progress", lang=lang)
    assert not at.exception, at.exception
    assert at.title[0].value == title
    assert at.get("download_button")


def test_page_runs_on_its_own(data_copy: Path, signed_in) -> None:
    at = run_script(str(ROOT / "app_pages/report_progress.py"), signed_in("admin"))
    assert not at.exception, at.exception
    assert at.title[0].value == "填报进展"


def test_a_bad_upload_lists_located_problems_and_cannot_be_accepted(data_copy: Path, signed_in) -> None:
    before = fingerprint(data_copy / "data")
    at = upload(
        run_app(signed_in("admin"), page="report_progress", lang="en"),
        "text-in-number.xlsx",
        (UPLOADS / "text-in-number.xlsx").read_bytes(),
    )
    text = table_text(at)
    assert f"reports,{TEMPLATE_ROW},I,value,'about 58' is not a number (expected a number such as 42.5),error" in text
    assert "Nothing can be accepted; nothing on disk has changed." in page_text(at)
    assert not [b for b in at.button if b.key == "report_accept"]
    assert fingerprint(data_copy / "data") == before


def test_another_provinces_template_is_refused(data_copy: Path, signed_in) -> None:
    before = fingerprint(data_copy / "data")
    at = upload(
        run_app(signed_in("admin"), page="report_progress", lang="en"),
        "other-province.xlsx",
        (UPLOADS / "other-province.xlsx").read_bytes(),
    )
    assert "this is the template of CN-JS (expected the template of CN-GD" in table_text(at)
    assert fingerprint(data_copy / "data") == before


def filled_template(value: float, as_of: dt.date) -> bytes:
    wb = load_workbook(UPLOADS / "valid-template.xlsx")
    ws = wb["reports"]
    for row in ws.iter_rows(min_row=2):
        if row[1].value == SHARE:
            row[8].value, row[9].value, row[10].value = value, as_of, "广东省教育厅 通报"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_accepting_stores_a_new_file_and_the_figure_shows_on_the_province_page(data_copy: Path, signed_in) -> None:
    at = upload(
        run_app(signed_in("admin"), page="report_progress", lang="en"),
        "广东 11月.xlsx",
        filled_template(61.3, dt.date(2026, 11, 20)),
    )
    assert "Nothing on disk changes until you accept." in page_text(at)
    preview = at.dataframe[-1].value
    # names and stage labels, not ids (issue 13, item 6); in English the id is kept in its own column
    assert list(preview["Milestone"]) == [TITLE["en"], STAGE_TITLE["en"]]
    assert list(preview["Milestone id"]) == [SHARE, "teaching-reform-textbook-selection"]
    assert list(preview["Value"]) == ["61.3", "In operation"]
    before = set(fingerprint(data_copy / "data"))
    at.button(key="report_accept").click().run()
    assert not at.exception, at.exception
    assert at.success and "Accepted 2 row(s), stored as 2" in at.success[0].value and "(sent by admin)" in at.success[0].value
    added = set(fingerprint(data_copy / "data")) - before
    added.remove("audit/audit.jsonl")  # issue 6: the accepted upload is in the audit log
    assert len(added) == 2 and all(a.startswith("progress/") for a in added)
    receipt = next(data_copy.glob("data/progress/*.meta.json"))
    meta = json.loads(receipt.read_text())
    assert (meta["user"], meta["original_name"], meta["rows"]) == ("admin", "广东 11月.xlsx", 2)

    province = run_app(page="province", province="CN-GD", milestone=SHARE, lang="en")
    assert not province.exception
    assert "61.3" in province.dataframe[0].value.to_csv()

    history = run_app(signed_in("viewer"), page="report_history", lang="en")  # senders are shown to signed-in users only
    history.selectbox(key="history_province").set_value("CN-GD")
    history.selectbox(key="history_milestone").set_value(SHARE).run()
    rows = history.dataframe[0].value
    top = rows.iloc[0]
    assert (top["Value"], top["Sent by"], top["Original file name"]) == ("61.3", "admin", "广东 11月.xlsx")


def test_the_preview_in_chinese_shows_names_and_stage_labels_and_no_ids(data_copy: Path, signed_in) -> None:
    at = upload(
        run_app(signed_in("admin"), page="report_progress", lang="zh"), "gd.xlsx", filled_template(61.3, dt.date(2026, 11, 20))
    )
    preview = at.dataframe[-1].value
    assert list(preview["任务"]) == [TITLE["zh"], STAGE_TITLE["zh"]]
    assert list(preview["数值"]) == ["61.3", "运行中"] and list(preview["省份"]) == ["广东省", "广东省"]
    assert "teaching-reform-textbook-selection" not in preview.to_csv() and "in-operation" not in preview.to_csv()


@pytest.mark.parametrize(
    "lang, words", [("en", "This very file (the same content) was already accepted on "), ("zh", "这个文件（内容完全相同）已于 ")]
)
def test_the_same_file_sent_again_is_refused_with_a_clear_message(data_copy: Path, signed_in, lang: str, words: str) -> None:
    raw = filled_template(61.3, dt.date(2026, 11, 20))
    at = upload(run_app(signed_in("admin"), page="report_progress", lang=lang), "gd.xlsx", raw)
    at.button(key="report_accept").click().run()
    assert at.success
    files = sorted(data_copy.glob("data/progress/*.csv"))
    at = upload(at, "gd (copy).xlsx", raw)  # the same bytes under another name
    assert any(words in e.value for e in at.error), [e.value for e in at.error]
    assert not [b for b in at.button if b.key == "report_accept"]
    assert sorted(data_copy.glob("data/progress/*.csv")) == files


def test_the_history_opens_on_the_reporters_province_with_the_newest_upload_on_top(data_copy: Path, signed_in) -> None:
    session = signed_in("reporter")  # reports for CN-GD only
    at = upload(run_app(session, page="report_progress", lang="en"), "gd.xlsx", filled_template(61.3, dt.date(2026, 11, 20)))
    at.button(key="report_accept").click().run()
    history = run_app(session, page="report_history", lang="en")
    assert not history.exception, history.exception
    assert history.selectbox(key="history_province").value == "CN-GD"
    rows = history.dataframe[0].value
    assert set(rows["Province"]) == {"Guangdong"}
    assert list(rows["Value"].iloc[:2]) == ["61.3", "In operation"] and (rows["Sent by"].iloc[:2] == "reporter").all()


def test_a_half_valid_upload_needs_an_explicit_choice(data_copy: Path, signed_in) -> None:
    raw = (
        f"province,milestone,as_of,value,source\nCN-GD,{SHARE},2026-06-30,58.2,Bulletin\nCN-GD,{SHARE},2026-03-31,lots,Bulletin\n"
    ).encode()
    before = fingerprint(data_copy / "data")
    at = upload(run_app(signed_in("admin"), page="report_progress", lang="en"), "half.csv", raw)
    assert at.button(key="report_accept").disabled
    assert fingerprint(data_copy / "data") == before
    at.checkbox(key="report_partial").check().run()
    assert not at.button(key="report_accept").disabled
    at.button(key="report_accept").click().run()
    assert "Accepted 1 row(s)" in at.success[0].value
    assert len(list(data_copy.glob("data/progress/*.csv"))) == 1


def test_history_page_lists_corrections(data_copy: Path) -> None:
    at = run_app(page="report_history", lang="en")
    assert not at.exception, at.exception
    at.selectbox(key="history_province").set_value("")
    at.checkbox(key="history_corrections").check().run()
    rows = at.dataframe[0].value
    assert len(rows) > 0 and rows["Corrections"].min() >= 1 and rows["Superseded"].any()
