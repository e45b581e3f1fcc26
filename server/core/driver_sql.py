"""SQLAlchemy Core statements run straight on the driver's cursor, for the busiest write units.

A payment is five short statements and a commit. Through ``Connection.execute`` each statement
built an execution context, looked up its compiled form, processed parameters and wrapped the
cursor in a result: about 30 microseconds of Python per statement, where SQLite's own work is 5
to 10. A payment's unit took 312 microseconds that way and takes 165 this way (cProfile and
timing of the unit alone), and the server pays 1.5 times as many bills a second at 64 clients
(``python -m benchmarks.backend_throughput``). ``DriverConnection`` keeps what SQLAlchemy
is good at (the statements are still Core, compiled by the dialect, with every column type's bind
and result processing) and does the per-call part itself: it compiles each statement once per
set of parameter names and then only converts values, calls the DBAPI cursor and makes a named
tuple per row. Failures come out as SQLAlchemy's exceptions (``IntegrityError``, ``OperationalError``
with the driver's error attached), as from ``Connection.execute``.

It is not a general replacement: statements that need SQLAlchemy at execution time are refused
when first compiled (Python-side column defaults, expanding IN lists, post-compile parameters).
"""
from __future__ import annotations

import threading
import weakref
from collections import namedtuple
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, exc
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import ClauseElement

Processor = Callable[[Any], Any]


@dataclass(frozen=True)
class Bind:
    """One bound parameter: its name in the SQL, the key it is given by, its literal value, its processing."""

    name: str
    key: str
    literal: Any
    required: bool
    process: Processor | None


@dataclass(frozen=True)
class Prepared:
    """One statement compiled for one dialect and one set of parameter names.

    It holds plain values only, never the statement, so the cache's weak reference to the
    statement is the only one it keeps.
    """

    sql: str
    binds: tuple[Bind, ...]
    order: tuple[str, ...] | None  # positional parameters' names in order, or None for named ones
    escaped: dict[str, str]  # named parameters whose name the dialect escapes
    row_type: type | None  # None: the statement returns no rows, or its columns are known only when run
    result_processors: tuple[Processor | None, ...]

    def parameters(self, params: Mapping[str, Any]) -> tuple[Any, ...] | dict[str, Any]:
        """The driver's parameters: ``params`` and the statement's literal values, processed."""
        values = {}
        for bind in self.binds:
            if bind.key in params:
                value = params[bind.key]
            elif bind.required:
                raise exc.InvalidRequestError(f"A value is required for bind parameter {bind.key!r}")
            else:
                value = bind.literal
            values[bind.name] = value if bind.process is None else bind.process(value)
        if self.order is not None:
            return tuple(values[name] for name in self.order)
        if self.escaped:
            return {self.escaped.get(name, name): value for name, value in values.items()}
        return values

    def row(self, raw: tuple[Any, ...]) -> Any:
        """A driver row as a named tuple, with each column's result processing applied."""
        assert self.row_type is not None
        return self.row_type._make(value if process is None else process(value)
                                   for process, value in zip(self.result_processors, raw, strict=True))


class StatementCache:
    """Compiled forms of Core statements for one dialect (one per ``Database``).

    Keyed weakly by the statement object, so the statements a module builds once stay compiled and
    a statement built for one call (an error path's look-up) is forgotten with it.
    """

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self._prepared: weakref.WeakKeyDictionary[ClauseElement, dict[tuple[str, ...], Prepared]] = (
            weakref.WeakKeyDictionary())
        self._row_types: dict[tuple[str, ...], Any] = {}
        self._lock = threading.Lock()

    def get(self, statement: ClauseElement, keys: tuple[str, ...]) -> Prepared:
        """The compiled form of ``statement`` executed with parameters named ``keys``."""
        forms = self._prepared.get(statement)
        prepared = forms.get(keys) if forms is not None else None
        if prepared is None:
            # Units run on several threads with PostgreSQL (and the SQLite writer's own thread):
            # changes to the cache are made one at a time.
            with self._lock:
                forms = self._prepared.setdefault(statement, {})
                prepared = forms.get(keys)
                if prepared is None:
                    prepared = forms[keys] = self._compile(statement, keys)
        return prepared

    def __len__(self) -> int:
        """How many statements have compiled forms."""
        return len(self._prepared)

    def row_type(self, names: tuple[str, ...]) -> Any:
        """A named tuple type for rows with columns ``names`` (textual SQL, whose columns are known only when run)."""
        row_type = self._row_types.get(names)
        if row_type is None:
            row_type = self._row_types[names] = namedtuple("Row", names, rename=True)  # type: ignore[misc]
        return row_type

    def _compile(self, statement: ClauseElement, keys: tuple[str, ...]) -> Prepared:
        dialect = self.dialect
        compiled = statement.compile(dialect=dialect, column_keys=list(keys))
        needs_sqlalchemy = (getattr(compiled, "insert_prefetch", None) or getattr(compiled, "update_prefetch", None)
                            or getattr(compiled, "post_compile_params", None)
                            or getattr(compiled, "literal_execute_params", None))
        if needs_sqlalchemy:
            raise ValueError(f"statement needs SQLAlchemy's execution (defaults or expanding parameters): {compiled}")
        binds = []
        for bind, name in compiled.bind_names.items():
            if bind.callable is not None:
                raise ValueError(f"statement has a parameter computed at execution ({bind.key}): {compiled}")
            binds.append(Bind(name, bind.key, bind.value, bind.required,
                              bind.type.dialect_impl(dialect).bind_processor(dialect)))
        columns = getattr(statement, "selected_columns", None)
        if columns is None and getattr(statement, "_returning", ()):
            columns = statement.exported_columns  # type: ignore[attr-defined]
        row_type, results = None, ()
        if columns is not None:
            row_type = namedtuple("Row", list(columns.keys()))  # type: ignore[misc]
            results = tuple(column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns)
        order = tuple(compiled.positiontup) if compiled.positional else None
        escaped = dict(getattr(compiled, "escaped_bind_names", None) or {})
        return Prepared(compiled.string, tuple(binds), order, escaped, row_type, results)


class DriverResult:
    """The rows of one execution, with the part of ``Result``'s interface the units use."""

    __slots__ = ("_rows",)

    def __init__(self, rows: list[Any]) -> None:
        self._rows = rows

    def first(self) -> Any:
        """The first row, or None."""
        return self._rows[0] if self._rows else None

    def one(self) -> Any:
        """The only row; ``NoResultFound`` or ``MultipleResultsFound`` otherwise."""
        if not self._rows:
            raise exc.NoResultFound("No row was found when one was required")
        if len(self._rows) > 1:
            raise exc.MultipleResultsFound("Multiple rows were found when exactly one was required")
        return self._rows[0]

    def scalar_one(self) -> Any:
        """The first column of the only row."""
        return self.one()[0]

    def all(self) -> list[Any]:
        """Every row."""
        return list(self._rows)


class DriverConnection:
    """``execute``/``scalar``/``commit``/``rollback`` over a SQLAlchemy connection's DBAPI connection.

    Transactions are the driver's own (SQLite's begins before the first write, psycopg's before the
    first statement); ``in_transaction`` says whether anything ran since the last commit or
    rollback, so the owner can roll back what a failed unit left open.
    """

    def __init__(self, connection: Connection, statements: StatementCache) -> None:
        self.connection = connection
        self.statements = statements
        self._dbapi = connection.connection.dbapi_connection
        self._dirty = False

    def execute(self, statement: ClauseElement, params: Mapping[str, Any] | None = None) -> DriverResult:
        """Run ``statement`` with ``params``; its rows (if it returns any) are fetched at once."""
        params = params or {}
        prepared = self.statements.get(statement, tuple(params))
        values = prepared.parameters(params)
        self._dirty = True
        cursor = self._dbapi.cursor()
        try:
            cursor.execute(prepared.sql, values)
            if prepared.row_type is not None:
                rows = [prepared.row(raw) for raw in cursor.fetchall()]
            elif cursor.description is not None:  # textual SQL: the driver names the columns, values as they come
                row_type = self.statements.row_type(tuple(column[0] for column in cursor.description))
                rows = [row_type._make(raw) for raw in cursor.fetchall()]
            else:
                rows = []
        except self.statements.dialect.loaded_dbapi.Error as error:
            raise self._translate(error, prepared.sql, values, cursor) from error
        finally:
            cursor.close()
        return DriverResult(rows)

    def scalar(self, statement: ClauseElement, params: Mapping[str, Any] | None = None) -> Any:
        """The first column of the first row, or None."""
        row = self.execute(statement, params).first()
        return None if row is None else row[0]

    def commit(self) -> None:
        """Commit the driver's transaction."""
        self._end(self._dbapi.commit)

    def rollback(self) -> None:
        """Roll back the driver's transaction."""
        self._end(self._dbapi.rollback)

    def in_transaction(self) -> bool:
        """True when a statement ran since the last commit or rollback."""
        return self._dirty

    def _end(self, action: Callable[[], None]) -> None:
        try:
            action()
        except self.statements.dialect.loaded_dbapi.Error as error:
            raise self._translate(error, None, None, None) from error
        self._dirty = False

    def _translate(self, error: Exception, sql: str | None, values: Any, cursor: Any) -> exc.DBAPIError:
        """SQLAlchemy's exception for a driver error; a lost connection is invalidated, as SQLAlchemy does."""
        dialect = self.statements.dialect
        lost = dialect.is_disconnect(error, self._dbapi, cursor)
        if lost:
            self.connection.invalidate(error)
        return exc.DBAPIError.instance(sql, values, error, dialect.loaded_dbapi.Error,
                                       connection_invalidated=lost, dialect=dialect)
