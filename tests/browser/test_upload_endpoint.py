"""Issue 12, item 8: Streamlit's own upload endpoint (PUT /_stcore/upload_file/<session>/<file>) is bounded
by the app's limits, on a real server.

Streamlit keeps every file PUT there, for any live session, whether or not the session shows an
uploader, with no cap on their number. The dashboard's entry point (serve.py, an ``st.App`` with the
upload gate as middleware) refuses files for sessions that may not upload, keeps one file per session
that may, and the server's size limit matches ``limits.max_upload_bytes``. What the server holds is read
from its own metrics endpoint (the uploaded-file manager's bytes).
"""

from __future__ import annotations

import asyncio
import re
import shutil
import urllib.request

import pytest

from metrics.access.auth import User, hash_password, save_users
from tests.streamlit_server import ROOT, streamlit_server
from tests.upload_route import UploadSession, put_file

ENTRY = ROOT / "serve.py"  # what scripts/start.sh runs
KEY = "upload-endpoint-test-key-0123456789abcdef"
PASSWORD = "correct horse battery staple"
MB = 1024 * 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("uploads")
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copy(ROOT / "config.yaml", root / "config.yaml")
    hashed = hash_password(PASSWORD, rounds=4)
    save_users(
        root / ".secrets/users.yaml", {"gd": User("gd", frozenset({"reporter"}), frozenset({"CN-GD"}), password_hash=hashed)}
    )
    env = {"VET_DASHBOARD_CONFIG": str(root / "config.yaml"), "VET_DASHBOARD_COOKIE_KEY": KEY}
    with streamlit_server(ENTRY, env=env, log=root / "server.log") as (base, _):
        yield base


def put(base: str, session_id: str, size: int) -> int:
    """PUT one file of ``size`` bytes as a browser's uploader does; the HTTP status."""
    return put_file(base, session_id, b"a" * size)


def stored_bytes(base: str) -> int:
    """Bytes the server's uploaded-file manager holds (its cache_memory_bytes metric; 0 when none)."""
    with urllib.request.urlopen(f"{base}/_stcore/metrics?families=cache_memory_bytes", timeout=30) as response:
        text = response.read().decode()
    return sum(
        int(float(m.group(1))) for m in re.finditer(r'cache_memory_bytes\{cache_type="UploadedFileManager"[^}]*\} (\S+)', text)
    )


async def _anonymous(base: str) -> tuple[list[int], int]:
    async with UploadSession(base) as client:
        await client.run("lang=en")
        statuses = [put(base, client.session_id, 5 * MB) for _ in range(3)]
        await asyncio.sleep(0)
        return statuses, stored_bytes(base)


async def _reporter(base: str) -> tuple[list[int], int, int, int]:
    async with UploadSession(base) as client:
        signed = await client.sign_in("gd", PASSWORD)
        assert any(t.startswith("Signed in as gd") for t in signed.texts), signed.texts
        await client.run("page=report_progress&lang=en")
        statuses = [put(base, client.session_id, 1 * MB) for _ in range(3)]
        too_big = put(base, client.session_id, 21 * MB)  # limits.max_upload_bytes is 20,000,000
        await asyncio.sleep(6)  # the metrics endpoint caches memory figures for 5 s
        stored = stored_bytes(base)
        await client.run("page=overview&lang=en")  # leaving the page: no uploader shown, nothing more accepted
        after = put(base, client.session_id, 1 * MB)
        await asyncio.sleep(6)
        return [*statuses, after], too_big, stored, stored_bytes(base)


def test_an_anonymous_session_cannot_store_files_through_the_upload_endpoint(server: str) -> None:
    statuses, stored = asyncio.run(_anonymous(server))
    assert stored == 0, f"the server holds {stored / MB:.1f} MB from an anonymous session (PUT statuses {statuses})"
    assert all(s == 403 for s in statuses), statuses


def test_a_reporter_session_keeps_one_file_within_the_apps_size_limit(server: str) -> None:
    statuses, too_big, stored, after_leaving = asyncio.run(_reporter(server))
    assert statuses == [204, 204, 204, 403] and too_big == 413  # the 4th: after leaving Report progress
    assert stored <= 1 * MB + 4096, f"{stored / MB:.2f} MB held for one reporter session"
    assert after_leaving == 0  # its file was dropped when the session left the page


def test_the_servers_upload_limit_matches_the_apps() -> None:
    import math
    import tomllib

    from metrics.load.config import load_config

    config, _ = load_config(ROOT / "config.yaml")
    server_options = tomllib.loads((ROOT / ".streamlit/config.toml").read_text())["server"]
    assert server_options.get("maxUploadSize") == math.ceil(config.limits.max_upload_bytes / MB)
