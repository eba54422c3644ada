"""Issue 12, item 11: an accepted upload and its audit event go together. When the audit log cannot be
written, nothing is stored and the sender is told; no report file exists without its audit event."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from metrics.intake.upload import AcceptRefused, accept, read_upload, upload_context
from metrics.load.config import load_config
from tests.app.conftest import run_app
from tests.tmp_data import fingerprint

RAW = b"province,milestone,as_of,value,source\nCN-GD,teachers-double-qualified-share,2026-06-30,58.2,Bulletin\n"


def _break_audit_log(root: Path) -> Path:
    """The audit log's path made unwritable: a folder stands where the file should be."""
    log = root / "data/audit/audit.jsonl"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.mkdir()
    return log


def test_an_upload_is_not_stored_when_its_audit_event_cannot_be_written(data_copy: Path, signed_in) -> None:
    session = signed_in("reporter")
    _break_audit_log(data_copy)
    before = fingerprint(data_copy / "data/progress")
    at = run_app(session, page="report_progress", lang="en")
    at.file_uploader[0].set_value(("gd.csv", RAW, "text/csv")).run()
    at.button(key="report_accept").click().run()
    assert fingerprint(data_copy / "data/progress") == before  # no report file, no receipt
    assert not at.exception, at.exception
    assert any("audit log" in e.value for e in at.error), [e.value for e in at.error]


def test_accept_refuses_and_stores_nothing_when_the_audit_write_fails(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config, _ = load_config(data_copy / "config.yaml")
    from metrics.load.dataset import load_dataset

    context = upload_context(load_dataset(config))
    result = read_upload("gd.csv", RAW, context)
    before = fingerprint(data_copy / "data/progress")
    with pytest.raises(AcceptRefused, match="audit log"):
        accept(result, config.progress[0], "gd", context, audit=_break_audit_log(data_copy))
    assert fingerprint(data_copy / "data/progress") == before


def test_when_the_report_write_fails_after_the_audit_event_the_log_says_so(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import metrics.files.atomic

    config, _ = load_config(data_copy / "config.yaml")
    from metrics.load.dataset import load_dataset

    context = upload_context(load_dataset(config))
    result = read_upload("gd.csv", RAW, context)

    def disk_full(path: Path, data: bytes, mode: int = 0o644) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(metrics.files.atomic, "create_atomic", disk_full)
    with pytest.raises(AcceptRefused, match="No space left"):
        accept(result, config.progress[0], "gd", context, audit=config.auth.audit_path)
    events = [json.loads(line) for line in config.auth.audit_path.read_text().splitlines()]
    assert [e["action"] for e in events] == ["upload", "upload_failed"]
    assert events[0]["file"] == events[1]["file"] and not (config.progress[0] / events[0]["file"]).exists()
