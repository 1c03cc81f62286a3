"""Insert-or-update of one row in one statement, on SQLite and PostgreSQL alike.

A select-then-insert lets two requests that arrive together, such as the first launches of a
class opening the activity at the same moment, both insert and one fail on the unique
constraint. `INSERT … ON CONFLICT DO UPDATE … RETURNING id` cannot race, and costs one round
trip instead of three.

Each statement is built once per shape, with bound parameters, and reused: building it anew
cost ten times more than running it, on every launch.
"""

import functools
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Table, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import ReturningInsert

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def upsert(
    session: Session,
    model: type,
    *,
    keys: Mapping[str, Any],
    values: Mapping[str, Any],
    on_insert: Mapping[str, Any] | None = None,
) -> int:
    """The id of the `model` row with these unique `keys`, created or updated with `values`.

    `on_insert` columns are set only when the row is created; columns in neither mapping keep
    what they have (or get their defaults on insert).
    """
    on_insert = on_insert or {}
    statement = _upsert_statement(
        session.get_bind().dialect.name,
        model.__table__,
        tuple(keys),
        tuple(values),
        tuple(on_insert),
    )
    return session.execute(statement, {**keys, **values, **on_insert}).scalar_one()


@functools.cache
def _upsert_statement(
    dialect: str,
    table: Table,
    keys: tuple[str, ...],
    values: tuple[str, ...],
    on_insert: tuple[str, ...],
) -> ReturningInsert:
    columns = (*keys, *values, *on_insert)
    statement = _INSERTS[dialect](table).values({name: bindparam(name) for name in columns})
    # With nothing to update, set the keys to themselves, so that RETURNING still has the row.
    updated = values or keys
    statement = statement.on_conflict_do_update(
        index_elements=list(keys), set_={name: statement.excluded[name] for name in updated}
    )
    return statement.returning(table.c.id)
