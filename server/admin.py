"""``metaverse-seoul-server create-admin``: create the first administrator from the command line.

The API can only promote accounts when an administrator already exists; this is how the
first one is made on a production database. The password is read from the
``METAVERSE_SEOUL_ADMIN_PASSWORD`` environment variable or asked for twice on the terminal,
never taken as an argument (arguments show up in process lists and shell history).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from server.app import prepare_database
from server.core.config import ServerSettings
from server.core.context import build_services
from server.core.pii import PiiKeyError
from server.core.security import password_problem
from server.models import Account
from server.schemas.accounts import Role, Verification

PASSWORD_ENV = "METAVERSE_SEOUL_ADMIN_PASSWORD"


def build_parser() -> argparse.ArgumentParser:
    """Options of ``create-admin``."""
    parser = argparse.ArgumentParser(prog="metaverse-seoul-server create-admin",
                                     description="Create an administrator account (verified, no identity document).")
    parser.add_argument("--email", required=True, help="the administrator's sign-in e-mail")
    parser.add_argument("--name", default="Administrator", help="display name (default %(default)s)")
    parser.add_argument("--database-url", default=None, help="SQLAlchemy URL (default: SQLite in --data-dir)")
    parser.add_argument("--data-dir", type=Path, default=None, help="directory of the SQLite file")
    return parser


def _password() -> str:
    if PASSWORD_ENV in os.environ:
        return os.environ[PASSWORD_ENV]
    first = getpass.getpass("Password: ")
    if getpass.getpass("Repeat password: ") != first:
        raise ValueError("the passwords differ")
    return first


def create_admin(settings: ServerSettings, *, email: str, name: str, password: str) -> int:
    """Migrate the database if needed and add a verified administrator; returns its account id.

    Raises ValueError for a weak password or an e-mail already in use, and PiiKeyError when
    production settings lack the PII key (the account's PII is encrypted like any other).
    """
    problem = password_problem(password, email=email)
    if problem:
        raise ValueError(f"password {problem}")
    # seed_demo off: creating an administrator must not fill a production database with demo rows.
    settings = settings.model_copy(update={"seed_demo": False})
    services = build_services(settings)
    database = prepare_database(settings, services)
    try:
        with database.session_factory() as session:
            email_index = services.pii.index(email)
            if session.scalar(select(Account.id).where(Account.email_index == email_index)) is not None:
                raise ValueError("an account with this e-mail already exists")
            account = Account(email_index=email_index, email_enc=services.pii.encrypt(email),
                              name_enc=services.pii.encrypt(name), password_hash=services.passwords.hash(password),
                              role=Role.ADMIN.value, verification=Verification.VERIFIED.value,
                              created_at=services.clock())
            session.add(account)
            try:
                session.commit()
            except IntegrityError as exc:
                raise ValueError("an account with this e-mail already exists") from exc
            return account.id
    finally:
        database.dispose()


def main(argv: Sequence[str]) -> int:
    """Run ``create-admin``; exit status 0 on success, 1 with a message otherwise."""
    args = build_parser().parse_args(argv)
    overrides: dict[str, object] = {}
    if args.database_url is not None:
        overrides["database_url"] = args.database_url
    if args.data_dir is not None:
        overrides["data_dir"] = args.data_dir
    try:
        settings = ServerSettings(**overrides)  # type: ignore[arg-type]
        account_id = create_admin(settings, email=args.email, name=args.name, password=_password())
    except (ValueError, PiiKeyError) as exc:
        print(f"create-admin: {exc}", file=sys.stderr)
        return 1
    print(f"Administrator {args.email} created (account {account_id}).")
    return 0
