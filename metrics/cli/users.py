"""``python -m metrics users add|passwd|remove|list``: the dashboard's users, in the credentials file.

Passwords are read from a prompt (twice) or, with ``--password-stdin``, from the first line of
standard input: never from an argument, which any user of the machine could read in ``ps``.
Every change is recorded in the audit log (never the password or its hash).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from metrics.access.audit import users_event
from metrics.access.auth import (
    ALL_PROVINCES,
    DEFAULT_ROUNDS,
    User,
    UserError,
    check_name,
    check_password_rules,
    check_roles,
    hash_password,
)
from metrics.cli.common import load_config_or_report
from metrics.load.auth_config import ROLES
from metrics.load.provinces import check_province_codes, load_provinces
from metrics.store import open_store


def add_users_commands(sub: Any) -> None:
    u = sub.add_parser("users", help="add, change or remove dashboard users (credentials file: auth.credentials)")
    actions = u.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="create a user (asks for the password)")
    add.add_argument("name")
    add.add_argument(
        "--role", action="append", choices=ROLES, default=None, dest="roles", help="a role; repeat for several (default: viewer)"
    )
    add.add_argument(
        "--province",
        action="append",
        default=[],
        dest="provinces",
        help="a province a reporter reports for (ISO code, e.g. CN-GD; '*' for all); repeat for several",
    )
    add.add_argument("--display", default="", help="the name shown in the dashboard (default: the user name)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from the first line of standard input")
    add.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS, help=argparse.SUPPRESS)  # tests use fewer rounds
    pw = actions.add_parser("passwd", help="set a new password (ends the user's sessions)")
    pw.add_argument("name")
    pw.add_argument("--password-stdin", action="store_true", help="read the password from the first line of standard input")
    pw.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS, help=argparse.SUPPRESS)
    roles = actions.add_parser("roles", help="replace a user's roles and provinces")
    roles.add_argument("name")
    roles.add_argument("--role", action="append", choices=ROLES, required=True, dest="roles")
    roles.add_argument("--province", action="append", default=[], dest="provinces")
    rm = actions.add_parser("remove", help="remove a user (ends their sessions)")
    rm.add_argument("name")
    actions.add_parser("list", help="list users, roles and provinces (never hashes)")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("New password: ")
    if getpass.getpass("Repeat it: ") != first:
        raise UserError("the two passwords differ")
    return first


def run_users_command(args: argparse.Namespace) -> int:
    config = load_config_or_report(args.config)
    if config is None:
        return 2
    store = open_store(config)  # the users file, or the database's users (issue 15)
    path = config.auth.credentials_path if store.kind == "files" else store.describe()
    users, found = store.load_users()
    if found:
        for problem in found:
            print(problem, file=sys.stderr)
        print(f"{path}: fix the problems above before changing users", file=sys.stderr)
        return 2
    if args.action == "list":
        for user in sorted(users.values(), key=lambda u: u.name):
            print(f"{user.name}\t{','.join(sorted(user.roles))}\t{','.join(sorted(user.provinces))}\t{user.display}")
        if not users:
            print(f"no users in {path}", file=sys.stderr)
        return 0
    if args.action in ("add", "roles") and args.provinces:
        provinces, found = load_provinces(config.provinces)
        unknown = check_province_codes(args.provinces, provinces, config.provinces, wildcard=ALL_PROVINCES)
        if unknown:
            for message in [str(p) for p in found] + unknown:
                print(message, file=sys.stderr)
            print(f"{path}: nothing changed", file=sys.stderr)
            return 2
    try:
        name = check_name(args.name)
        event = _change(args, name, users)
    except UserError as exc:
        print(f"{path}: {exc}", file=sys.stderr)
        return 1
    store.save_users(users)
    store.append_event(event)
    print(f"{args.action}: {name} ({path})")
    return 0


def _change(args: argparse.Namespace, name: str, users: dict[str, User]) -> dict[str, Any]:
    who = getpass.getuser() + " (command line)"
    if args.action == "add":
        if name in users:
            raise UserError(f"user {name!r} exists (expected a new name; use passwd or roles to change it)")
        roles, provinces = check_roles(args.roles or ["viewer"], args.provinces)
        password = _read_password(args.password_stdin)
        users[name] = User(name, roles, provinces, args.display, hash_password(password, args.rounds))
        return users_event(who, "add", name, roles, provinces)
    if name not in users:
        raise UserError(f"no user {name!r} (expected one of: {', '.join(sorted(users)) or 'none yet'})")
    old = users[name]
    if args.action == "passwd":
        password = _read_password(args.password_stdin)
        check_password_rules(password)
        users[name] = User(name, old.roles, old.provinces, old.display, hash_password(password, args.rounds))
        return users_event(who, "passwd", name, old.roles, old.provinces)
    if args.action == "roles":
        roles, provinces = check_roles(args.roles, args.provinces)
        users[name] = User(name, roles, provinces, old.display, old.password_hash)
        return users_event(who, "roles", name, roles, provinces)
    del users[name]
    return users_event(who, "remove", name)
