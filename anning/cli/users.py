"""``python -m anning users add|remove|passwd|role|list``: manage offline sign-in users.

Passwords come from a prompt (typed twice, never echoed) or, for scripts, one line on standard input
with ``--password-stdin``; never from the command line, where other users could read them in the
process list. ``users add EMAIL --role R --sso`` gives a single-sign-on identity a role, with no
password. Every change is recorded in the store's audit log when the store exists.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys

from anning.cli.main import command
from anning.core import auth, config
from anning.store import users


def _args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--users", help="users file (default: $ANNING_USERS or data/users.json)")
    sub = p.add_subparsers(dest="users_action", required=True, metavar="{add,remove,passwd,role,list}")

    def common(sp: argparse.ArgumentParser) -> None:
        # Accept --db/--users after the action too (``users add NAME --db X``); SUPPRESS keeps the outer value.
        sp.add_argument("--db", default=argparse.SUPPRESS, help="store whose audit log records the change")
        sp.add_argument("--users", default=argparse.SUPPRESS, help="users file")

    a = sub.add_parser("add", help="add a user")
    a.add_argument("name", help="user name (or the e-mail address, with --sso)")
    a.add_argument("--role", required=True, choices=auth.ROLES, help="the user's role")
    a.add_argument("--display", default="", help="name shown in the app")
    a.add_argument("--sso", action="store_true", help="a single-sign-on identity: role only, no password")
    a.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    common(a)
    r = sub.add_parser("remove", help="remove a user")
    r.add_argument("name")
    common(r)
    w = sub.add_parser("passwd", help="set a user's password")
    w.add_argument("name")
    w.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    common(w)
    o = sub.add_parser("role", help="give a user another role (open sessions take it on their next click)")
    o.add_argument("name")
    o.add_argument("--role", required=True, choices=auth.ROLES, help="the new role")
    common(o)
    n = sub.add_parser("list", help="list users and roles (never hashes)")
    common(n)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line
    if not sys.stdin.isatty():
        raise users.UserError("no terminal to prompt for a password: pass --password-stdin and pipe it in")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Repeat password: ") != first:
        raise users.UserError("the passwords differ")
    return first


def _audit(args: argparse.Namespace, action: str, detail: dict[str, str]) -> None:
    db = config.db_path(args.db)
    if not db.exists():
        return
    from anning.store import db as store

    who = os.environ.get("USER") or "cli"
    try:
        store.audit(db, who, action, json.dumps(detail, ensure_ascii=False))
    except Exception as exc:  # the users file is already changed; say so rather than fail
        print(f"warning: could not write the audit log: {exc}", file=sys.stderr)


@command("users", "manage offline sign-in users: add, remove, passwd, role, list")(_args)
def _cmd_users(args: argparse.Namespace) -> int:
    path = users.users_path(args.users)
    try:
        if args.users_action == "add":
            users.check_name(args.name)
            users.check_role(args.role)
            password = None if args.sso else users.check_password(_password(args.password_stdin))
            rec = users.add(path, args.name, args.role, password, args.display)
            print(f"added {rec.name} ({rec.role}{', single sign-on' if rec.sso else ''}) to {path}")
            _audit(args, "user_add", {"name": rec.name, "role": rec.role})
        elif args.users_action == "remove":
            users.remove(path, args.name)
            print(f"removed {args.name} from {path}")
            _audit(args, "user_remove", {"name": args.name})
        elif args.users_action == "passwd":
            if auth.user_key(args.name) not in users.load(path):
                raise users.UserError(f"no user named {args.name!r}")
            users.set_password(path, args.name, users.check_password(_password(args.password_stdin)))
            print(f"changed the password of {args.name}")
            _audit(args, "user_passwd", {"name": args.name})
        elif args.users_action == "role":
            rec = users.set_role(path, args.name, args.role)
            print(f"{rec.name} is now {rec.role}")
            _audit(args, "user_role", {"name": rec.name, "role": rec.role})
        else:
            records = users.load(path)
            if not records:
                print(f"no users in {path}")
            for rec in sorted(records.values(), key=lambda r: r.name):
                kind = "sso" if rec.sso else "password"
                print(f"{rec.name}\t{rec.role}\t{kind}\t{rec.display}")
    except users.UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (EOFError, KeyboardInterrupt):
        print("cancelled", file=sys.stderr)
        return 130
    return 0
