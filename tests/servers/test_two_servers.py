"""Issue 15: two dashboard servers on one PostgreSQL, driven through their websockets as browsers would.

An upload accepted on one server is on the other's next run; the failed sign-ins of both count against one
limit; a milestone edit made from a version another server has replaced is refused with both texts.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState

from bench.ws_client import PageRun
from metrics.access.auth import User, hash_password
from metrics.load.config import load_config
from metrics.store import STORE_ENV, close_stores, open_store
from metrics.store.transfer import files_to_postgresql
from tests.streamlit_server import ROOT, streamlit_server
from tests.tmp_data import copy_data
from tests.upload_route import UploadSession, put_file

pytestmark = pytest.mark.multiserver

KEY = "two-servers-test-key-0123456789abcdef0123"
PASSWORD = "correct horse battery staple"
CSV = b"province,milestone,as_of,value,source\nCN-GD,teachers-double-qualified-share,2026-09-30,58.5,two servers\n"
WRONG, WAIT = "Wrong user name or password.", "Too many failed sign-ins"


@pytest.fixture(scope="module")
def servers(pg_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Path, str]]:
    """The bundled data moved into an empty PostgreSQL with four users, and two `serve.py` servers on it."""
    import psycopg

    root = tmp_path_factory.mktemp("two-servers")
    path = copy_data(root)
    close_stores()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(
            "TRUNCATE report_rows, report_batches, milestone_versions, audit_events, users, sign_in_failures, revoked_sessions"
        )
    files, _ = load_config(path, {})
    store = open_store(replace(files, store=pg_url))
    files_to_postgresql(files, store)  # type: ignore[arg-type]
    hashed = hash_password(PASSWORD, rounds=4)
    store.save_users(
        {
            "admin": User("admin", frozenset({"admin"}), password_hash=hashed),
            "gd": User("gd", frozenset({"reporter"}), frozenset({"CN-GD"}), password_hash=hashed),
            "planner": User("planner", frozenset({"planner"}), password_hash=hashed),
        }
    )
    env = {"VET_DASHBOARD_CONFIG": str(path), STORE_ENV: pg_url, "VET_DASHBOARD_COOKIE_KEY": KEY}
    with (
        streamlit_server(ROOT / "serve.py", env=env, log=root / "a.log") as (a, _),
        streamlit_server(ROOT / "serve.py", env=env, log=root / "b.log") as (b, _),
    ):
        yield a, b, path, pg_url
    close_stores()


class Client(UploadSession):
    async def sign_in(self, name: str, password: str = PASSWORD, query: str = "page=sources&lang=en") -> PageRun:
        return await super().sign_in(name, password, query)


def _records(run: PageRun) -> int:
    return next(int(m.group(1)) for text in run.texts if (m := re.fullmatch(r"(\d+) record\(s\)", text)))


async def _upload_on_a_seen_on_b(a: str, b: str) -> tuple[int, int, list[str], int, list[str]]:
    async with Client(b) as viewer, Client(a) as reporter:
        before = _records(await viewer.run("page=report_history&province=CN-GD&lang=en"))
        signed = await reporter.sign_in("gd")
        assert any(t.startswith("Signed in as") for t in signed.texts), signed.texts
        page = await reporter.run("page=report_progress&lang=en")
        uploader = next(w for w in page.widgets.values() if "report_file" in w)
        file_id = str(uuid.uuid4())
        assert put_file(a, reporter.session_id, CSV, "gd.csv", file_id) == 204
        state = WidgetState(id=uploader)
        info = state.file_uploader_state_value.uploaded_file_info.add()
        info.file_id, info.name, info.size = file_id, "gd.csv", len(CSV)
        checked = await reporter.run(page.query_string, page=page.page, widgets=[state])
        accept = WidgetState(id=next(w for label, w in checked.widgets.items() if label.startswith("Accept ")))
        accept.trigger_value = True
        done = await reporter.run(checked.query_string, page=checked.page, widgets=[state, accept])
        after = await viewer.run("page=report_history&province=CN-GD&lang=en")
        return before, _records(after), done.texts, len(done.error_boxes), after.error_boxes


def test_an_upload_accepted_on_one_server_is_on_the_other(servers: tuple[str, str, Path, str]) -> None:
    a, b, _, _ = servers
    before, after, texts, errors, _ = asyncio.run(_upload_on_a_seen_on_b(a, b))
    assert errors == 0 and any(t.startswith("Accepted 1 row(s)") for t in texts), texts
    assert after == before + 1


async def _guesses(a: str, b: str) -> list[str]:
    outcomes = []
    for n in range(7):  # alternately on A and B, a fresh session each time (as a new tab would be)
        async with Client(a if n % 2 == 0 else b) as client:
            run = await client.sign_in("admin", f"wrong guess {n}")
            outcomes.append(
                next((m for t in run.texts for m in (WRONG, WAIT) if t.startswith(m)), "none: " + " | ".join(run.texts))
            )
    return outcomes


def test_the_sign_in_limit_is_shared_by_both_servers(servers: tuple[str, str, Path, str]) -> None:
    a, b, _, _ = servers
    # auth.max_failed_sign_ins is 5 in all: with a limiter per server, A and B would each check 5 guesses.
    assert asyncio.run(_guesses(a, b)) == [WRONG] * 5 + [WAIT] * 2


async def _open_editor(base: str) -> tuple[Client, PageRun]:
    client = Client(base)
    await client.__aenter__()
    signed = await client.sign_in("planner")
    assert any(t.startswith("Signed in as") for t in signed.texts), signed.texts
    return client, await client.run("page=edit_milestones&lang=en")


async def _save(client: Client, page: PageRun, text: str) -> PageRun:
    editor = WidgetState(id=page.widgets["File text (YAML)"])
    editor.string_value = text
    edited = await client.run(page.query_string, page=page.page, widgets=[editor])
    save = WidgetState(id=edited.widgets["Save"])
    save.trigger_value = True
    return await client.run(edited.query_string, page=edited.page, widgets=[editor, save])


async def _stale_edit(a: str, b: str, original: str) -> tuple[PageRun, PageRun]:
    first, first_page = await _open_editor(a)
    second, second_page = await _open_editor(b)  # opens the same version on the other server
    try:
        saved = await _save(first, first_page, original + "\n# saved on A\n")
        refused = await _save(second, second_page, original + "\n# saved on B from the older version\n")
        return saved, refused
    finally:
        await first.__aexit__()
        await second.__aexit__()


def test_a_milestone_edit_from_a_stale_version_on_the_other_server_is_refused(servers: tuple[str, str, Path, str]) -> None:
    a, b, path, url = servers
    name = sorted((path.parent / "data" / "milestones").glob("*.yaml"))[0]  # the editor opens the first file
    original = name.read_text(encoding="utf-8")
    saved, refused = asyncio.run(_stale_edit(a, b, original))
    assert any(t.startswith("Saved ") for t in saved.texts), saved.texts
    assert any(t.startswith("Not saved: someone else saved this file after you opened it") for t in refused.texts), refused.texts
    assert any("# saved on A" in t for t in refused.texts) or refused.error_boxes  # both versions are shown
    current = open_store(load_config(path, {STORE_ENV: url})[0]).milestone_folder() / name.name
    assert current.read_text(encoding="utf-8") == original + "\n# saved on A\n"
