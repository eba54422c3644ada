"""Issue 12, item 4: user names are not shown to anonymous visitors. The report history listed each
report's sender (a sign-in name) and the sender's file name to everyone."""

from __future__ import annotations

from pathlib import Path

from metrics.intake.upload import accept, read_upload, upload_context
from metrics.load.config import load_config
from metrics.load.dataset import load_dataset
from tests.app.conftest import run_app

RAW = b"province,milestone,as_of,value,source\nCN-GD,teachers-double-qualified-share,2026-06-30,58.2,Bulletin\n"


def _accepted(root: Path) -> None:
    config, _ = load_config(root / "config.yaml")
    context = upload_context(load_dataset(config))
    accept(read_upload("zhang-san-guangdong.csv", RAW, context), config.progress[0], "zhangsan", context)


def _shown(at) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(frame.value.to_csv() for frame in at.dataframe) + "\n".join(
        str(c) for frame in at.dataframe for c in frame.value.columns
    )


def test_anonymous_visitors_see_no_sender_names_in_the_report_history(data_copy: Path) -> None:
    _accepted(data_copy)
    at = run_app(page="report_history", lang="en", province="CN-GD")
    assert not at.exception, at.exception
    shown = _shown(at)
    assert "58.2" in shown  # the report itself is public
    assert "zhangsan" not in shown and "zhang-san" not in shown


def test_signed_in_users_see_who_sent_each_report(data_copy: Path, signed_in) -> None:
    session = signed_in("viewer")
    _accepted(data_copy)
    at = run_app(session, page="report_history", lang="en", province="CN-GD")
    assert "zhangsan" in _shown(at)


def test_columns_nobody_filled_are_left_off_the_screen_and_named(signed_in) -> None:
    """Demo rows have no receipt: a blank 'Received' column came first and looked like a fault (issue 13 sweep)."""
    at = run_app(signed_in("reporter"), page="report_history", lang="en")
    assert not at.exception, at.exception
    columns = list(at.dataframe[0].value.columns)
    assert "Received" not in columns and "Province" in columns and "Value" in columns
    assert any(c.value.startswith("Columns with no entries are not shown: Received") for c in at.caption)


def test_a_received_upload_brings_its_columns_back(data_copy: Path, signed_in) -> None:
    _accepted(data_copy)
    at = run_app(signed_in("reporter"), page="report_history", lang="zh")
    assert not at.exception, at.exception
    assert "接收时间" in list(at.dataframe[0].value.columns)
