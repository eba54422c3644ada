"""``python -m metrics users``: passwords from stdin or a prompt, never arguments; every change audited."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from metrics.access.auth import load_users, verify_password
from metrics.cli.main import main
from tests.tmp_data import ROOT, copy_data

PASSWORD = "correct horse battery staple"


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return copy_data(tmp_path)


def users_cmd(config: Path, monkeypatch: pytest.MonkeyPatch, *args: str, stdin: str = "") -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(["--config", str(config), "users", *args])


def test_add_list_passwd_roles_remove(config: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    path = config.parent / ".secrets" / "users.yaml"
    assert (
        users_cmd(
            config,
            monkeypatch,
            "add",
            "gd-office",
            "--role",
            "reporter",
            "--province",
            "CN-GD",
            "--password-stdin",
            "--rounds",
            "4",
            stdin=PASSWORD + "\n",
        )
        == 0
    )
    users, _ = load_users(path)
    assert users["gd-office"].roles == {"reporter"} and users["gd-office"].provinces == {"CN-GD"}
    assert verify_password(PASSWORD, users["gd-office"].password_hash)
    assert PASSWORD not in path.read_text()

    capsys.readouterr()
    assert users_cmd(config, monkeypatch, "list") == 0
    assert capsys.readouterr().out == "gd-office\treporter\tCN-GD\t\n"

    assert (
        users_cmd(config, monkeypatch, "passwd", "gd-office", "--password-stdin", "--rounds", "4", stdin="a new password 2\n")
        == 0
    )
    users, _ = load_users(path)
    assert verify_password("a new password 2", users["gd-office"].password_hash)
    assert not verify_password(PASSWORD, users["gd-office"].password_hash)

    assert (
        users_cmd(config, monkeypatch, "roles", "gd-office", "--role", "reporter", "--province", "CN-GD", "--province", "CN-GX")
        == 0
    )
    assert load_users(path)[0]["gd-office"].provinces == {"CN-GD", "CN-GX"}

    assert users_cmd(config, monkeypatch, "remove", "gd-office") == 0
    assert load_users(path)[0] == {}
    events = [json.loads(line) for line in (config.parent / "data/audit/audit.jsonl").read_text().splitlines()]
    assert [e["action"] for e in events] == ["users_add", "users_passwd", "users_roles", "users_remove"]
    assert all(e["target"] == "gd-office" for e in events)
    assert "password" not in json.dumps(events).replace("users_passwd", "")


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["add", "x", "--password-stdin", "--rounds", "4"], "short\n", "password has 5 characters (expected at least 10)"),
        (
            ["add", "x", "--role", "reporter", "--password-stdin", "--rounds", "4"],
            PASSWORD + "\n",
            "a reporter needs at least one province",
        ),
        (["add", "../etc", "--password-stdin", "--rounds", "4"], PASSWORD + "\n", "'../etc' is not a valid user name"),
        (["passwd", "nobody", "--password-stdin", "--rounds", "4"], PASSWORD + "\n", "no user 'nobody'"),
        (["remove", "nobody"], "", "no user 'nobody'"),
    ],
)
def test_refused_changes_say_why_and_write_nothing(
    config: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str], stdin: str, message: str
) -> None:
    assert users_cmd(config, monkeypatch, *args, stdin=stdin) != 0
    assert message in capsys.readouterr().err
    assert not (config.parent / ".secrets" / "users.yaml").exists()
    assert not (config.parent / "data/audit/audit.jsonl").exists()


def test_adding_an_existing_user_is_refused(
    config: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert users_cmd(config, monkeypatch, "add", "bob", "--password-stdin", "--rounds", "4", stdin=PASSWORD + "\n") == 0
    assert users_cmd(config, monkeypatch, "add", "bob", "--password-stdin", "--rounds", "4", stdin=PASSWORD + "\n") == 1
    assert "user 'bob' exists" in capsys.readouterr().err


def test_a_password_is_never_a_command_line_argument() -> None:
    result = subprocess.run([sys.executable, "-m", "metrics", "users", "add", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert "--password-stdin" in result.stdout
    assert "--password " not in result.stdout and "--password=" not in result.stdout


@pytest.mark.parametrize(
    ("args", "code", "close"),
    [
        (["add", "gd", "--role", "reporter", "--province", "ZZ"], "ZZ", ""),
        (["add", "gd", "--role", "reporter", "--province", "CN-GD", "--province", "cn-gd"], "cn-gd", "; did you mean CN-GD?"),
        (["add", "gd", "--role", "reporter", "--province", "Guangdong"], "Guangdong", "; did you mean CN-GD?"),
        (["add", "gd", "--role", "reporter", "--province", "广东省"], "广东省", "; did you mean CN-GD?"),
        (["add", "gd", "--role", "reporter", "--province", "CN-GDD"], "CN-GDD", "; did you mean CN-GD, CN-SD, CN-GZ?"),
    ],
)
def test_an_unknown_province_is_refused_with_close_codes_and_nothing_is_written(
    config: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str], code: str, close: str
) -> None:
    assert users_cmd(config, monkeypatch, *args, "--password-stdin", "--rounds", "4", stdin=PASSWORD + "\n") == 2
    users = config.parent / ".secrets" / "users.yaml"
    assert capsys.readouterr().err.splitlines() == [
        f"config: {config} · store: files (from config)",
        f"unknown province {code!r} (expected an ISO code listed in {config.parent / 'data/provinces.csv'}, e.g. CN-GD, "
        f"or '*' for all provinces{close})",
        f"{users}: nothing changed",
    ]
    assert not users.exists() and not (config.parent / "data/audit/audit.jsonl").exists()


def test_changing_roles_to_an_unknown_province_is_refused_and_keeps_the_old_ones(
    config: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = config.parent / ".secrets" / "users.yaml"
    assert (
        users_cmd(
            config,
            monkeypatch,
            "add",
            "gd",
            "--role",
            "reporter",
            "--province",
            "*",
            "--password-stdin",
            "--rounds",
            "4",
            stdin=PASSWORD + "\n",
        )
        == 0
    )
    before = path.read_bytes()
    assert users_cmd(config, monkeypatch, "roles", "gd", "--role", "reporter", "--province", "CN-GD", "--province", "GD") == 2
    assert any(
        line.startswith("unknown province 'GD' (expected an ISO code listed in ") for line in capsys.readouterr().err.splitlines()
    )
    assert path.read_bytes() == before
