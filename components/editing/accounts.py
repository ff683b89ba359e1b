"""Manage local editor accounts: `python -m components.editing.accounts add-user NAME [--name "Full name"]`.

The password is asked twice on the terminal (never taken from the command line, where it would stay in
the shell history). The file is `TFSEA_ACCOUNTS_FILE`, else `.streamlit/accounts.toml` (git-ignored).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from components.editing.auth import (
    EDITOR_ROLE,
    ROLES,
    AccountError,
    accounts_path,
    load_accounts,
    new_account,
    save_accounts,
)


def _read_password() -> str:
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise AccountError("the two passwords differ")
    return first


def main(argv: list[str] | None = None, read_password=_read_password) -> int:
    parser = argparse.ArgumentParser(prog="python -m components.editing.accounts", description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, help="accounts file (default: $TFSEA_ACCOUNTS_FILE or .streamlit/)")
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add-user", help="add a user, or set a new password for an existing one")
    add.add_argument("username")
    add.add_argument("--name", default="", help="the name shown in the version history")
    add.add_argument("--role", action="append", choices=ROLES, help=f"repeatable; default {EDITOR_ROLE}")
    remove = commands.add_parser("remove-user", help="remove a user")
    remove.add_argument("username")
    commands.add_parser("list", help="list users and roles")
    args = parser.parse_args(argv)

    path = args.file or accounts_path()
    try:
        accounts = load_accounts(path)
        if args.command == "list":
            for account in accounts.values():
                print(f"{account.username}\t{','.join(account.roles)}\t{account.name}")
            return 0
        if args.command == "remove-user":
            if accounts.pop(args.username.strip().lower(), None) is None:
                raise AccountError(f"no user {args.username!r} in {path}")
            save_accounts(path, accounts.values())
            print(f"Removed {args.username} from {path}")
            return 0
        account = new_account(args.username, read_password(), args.role or (EDITOR_ROLE,), args.name)
        replaced = account.username in accounts
        accounts[account.username] = account
        save_accounts(path, accounts.values())
        print(f"{'Updated' if replaced else 'Added'} {account.username} ({', '.join(account.roles)}) in {path}")
        return 0
    except AccountError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
