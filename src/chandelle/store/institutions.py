"""Institutions in one store: creating them, assigning the accounts an import touched, listing them.

The store's own tables (institutions, accounts.institution_id): the import assigns accounts in
its transaction, the observatory and the command line list them; all of them sit above the store.

An account (platform + handle) belongs to at most one institution (``accounts.institution_id``).
``chandelle import PATH... --institution "Musée X"`` assigns every account the import touched —
including the accounts of files imported before (same file, same importer) — inside the import's
own transaction: if the import fails, no institution is created and no account moves.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import duckdb

from chandelle.errors import InputError


@dataclass(frozen=True)
class Institution:
    institution_id: int
    slug: str
    name: str
    accounts: int = 0
    networks: int = 0


_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def slugify(name: str) -> str:
    """'Musée des Beaux-Arts de Lyon' -> 'musee-des-beaux-arts-de-lyon'."""
    spelled = name.translate(_LIGATURES)
    ascii_name = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def ensure_institution(con: duckdb.DuckDBPyConnection, name: str) -> Institution:
    """The institution with this name's slug, created if new (the first spelling is kept)."""
    clean = " ".join(name.split())
    slug = slugify(clean)
    if not slug:
        raise InputError("'{name}' cannot name an institution: it needs at least one letter or digit.",
                         hint="Give the institution's name, e.g. --institution \"Musée des Augustins\".",
                         name=name)
    con.execute("INSERT INTO institutions (slug, name) VALUES (?, ?) ON CONFLICT (slug) DO NOTHING",
                [slug, clean])
    row = con.execute("SELECT institution_id, slug, name FROM institutions WHERE slug = ?",
                      [slug]).fetchall()[0]
    return Institution(int(row[0]), str(row[1]), str(row[2]))


def accounts_of_runs(con: duckdb.DuckDBPyConnection,
                     earlier: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """The accounts that files imported before (sha256, importer) brought into the store."""
    pairs = sorted(set(earlier))
    if not pairs:
        return set()
    rows = con.execute("""
        WITH runs AS (
            SELECT r.run_id FROM import_runs r
            JOIN (SELECT unnest($sha) AS sha256, unnest($imp) AS importer) e USING (sha256, importer)
        ), ids AS (
            SELECT account_id FROM items WHERE first_run_id IN (SELECT run_id FROM runs)
                                            OR last_run_id IN (SELECT run_id FROM runs)
            UNION SELECT account_id FROM follower_snapshots WHERE run_id IN (SELECT run_id FROM runs)
            UNION SELECT account_id FROM account_daily_metrics WHERE run_id IN (SELECT run_id FROM runs)
        )
        SELECT platform, handle FROM accounts WHERE account_id IN (SELECT account_id FROM ids)
    """, {"sha": [p[0] for p in pairs], "imp": [p[1] for p in pairs]}).fetchall()
    return {(str(p), str(h)) for p, h in rows}


def assign_accounts(con: duckdb.DuckDBPyConnection, name: str,
                    accounts: Iterable[tuple[str, str]]) -> Institution:
    """Give ``accounts`` to the institution ``name`` (created if new). The caller owns the transaction.

    An account that already belongs to another institution is an error: nothing is moved.
    """
    institution = ensure_institution(con, name)
    wanted = sorted(set(accounts))
    if not wanted:
        return institution
    params = {"platforms": [a[0] for a in wanted], "handles": [a[1] for a in wanted],
              "id": institution.institution_id}
    taken = con.execute("""
        SELECT a.platform, a.handle, i.name FROM accounts a
        JOIN (SELECT unnest($platforms) AS platform, unnest($handles) AS handle) w USING (platform, handle)
        JOIN institutions i ON i.institution_id = a.institution_id
        WHERE a.institution_id <> $id ORDER BY a.platform, a.handle LIMIT 1
    """, params).fetchall()
    if taken:
        platform, handle, owner = taken[0]
        raise InputError(
            "The {platform} account {handle} already belongs to '{owner}'; nothing was imported.",
            hint="An account belongs to one institution: import without --institution, or name '{owner}'.",
            platform=platform, handle=handle, owner=owner,
        )
    con.execute("""
        UPDATE accounts SET institution_id = $id
        FROM (SELECT unnest($platforms) AS platform, unnest($handles) AS handle) w
        WHERE accounts.platform = w.platform AND accounts.handle = w.handle
          AND accounts.institution_id IS DISTINCT FROM $id
    """, params)
    return institution


def list_institutions(con: duckdb.DuckDBPyConnection) -> list[Institution]:
    """Every institution with its number of accounts and of distinct networks, by name."""
    rows = con.execute("""
        SELECT i.institution_id, i.slug, i.name, count(a.account_id), count(DISTINCT a.platform)
        FROM institutions i LEFT JOIN accounts a USING (institution_id)
        GROUP BY i.institution_id, i.slug, i.name ORDER BY lower(i.name), i.slug
    """).fetchall()
    return [Institution(int(r[0]), str(r[1]), str(r[2]), int(r[3]), int(r[4])) for r in rows]


def account_institutions(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], int | None]:
    """(platform, handle) -> institution id (None: the account belongs to no institution)."""
    rows = con.execute("SELECT platform, handle, institution_id FROM accounts").fetchall()
    return {(str(p), str(h)): (None if i is None else int(i)) for p, h, i in rows}
