"""Hash chains of evidence: the one implementation behind the audit trail and the consent records.

A chain is one store's rows (chain 0: platform audit events) in ``seq`` order, each carrying
``hash = sha256(canonical_json(fields) + prev_hash)``; the first links to ``GENESIS``. One head
row per chain (``last_seq``, ``last_hash``) is what a writer locks to extend it. The verifier
recomputes a chain a page at a time and names its first bad row. No Flask: jobs and the CLI use it.
Changing the format invalidates every stored chain.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, select
from sqlalchemy.dialects.mysql import insert as mysql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

GENESIS = "0" * 64
PAGE = 1000


def canonical_json(fields: Mapping[str, Any]) -> str:
    return json.dumps(dict(fields), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def iso_utc(value: datetime) -> str:
    """ISO 8601 in UTC with microseconds: what DATETIME(6) stores and gives back."""
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def link(fields: Mapping[str, Any], prev_hash: str) -> str:
    """``sha256(canonical_json(fields) + prev_hash)`` as hex: a row's (or a batch's) hash."""
    return hashlib.sha256((canonical_json(fields) + prev_hash).encode("utf-8")).hexdigest()


# Writing: the head lock.

def lock_head(session: Session, model: type[Any], key: int) -> Any:
    """Create the chain's head if missing, then hold its row lock until the transaction ends.

    On InnoDB a ``SELECT ... FOR UPDATE`` of a missing row takes a gap lock, and a failed
    duplicate INSERT keeps a shared lock even after ROLLBACK TO SAVEPOINT: two writers racing to
    start a chain would deadlock. ``INSERT ... ON DUPLICATE KEY UPDATE`` creates-or-X-locks the row
    in one statement. The locking read after it returns the latest committed head (never the
    transaction's snapshot) and refreshes a copy the session already holds. Locking again in the
    same transaction is free.
    """
    pk = model.__mapper__.primary_key[0]
    values = {pk.name: key, "last_seq": 0, "last_hash": GENESIS}
    dialect = session.get_bind().dialect.name
    if dialect == "mysql":
        session.execute(mysql_insert(model).values(values).on_duplicate_key_update(last_seq=model.last_seq))
    elif dialect == "sqlite":  # one writer at a time: there is no race to lose
        session.execute(sqlite_insert(model).values(values).on_conflict_do_nothing())
    elif session.get(model, key) is None:
        try:
            with session.begin_nested():
                session.add(model(**values))
        except IntegrityError:
            pass  # created concurrently; the locking read below waits for it
    return session.execute(
        select(model).where(pk == key).with_for_update().execution_options(populate_existing=True)
    ).scalar_one()


# Verifying.

@dataclass(frozen=True)
class Problem:
    """The first bad row of a chain.

    Kinds: ``missing`` (a seq is absent), ``inserted`` (a row the next one links past),
    ``reordered`` (links to another row of the chain), ``broken_link`` (links to a hash not in
    the chain, e.g. a replaced row), ``altered`` (content no longer matches its hash, or a
    checkpoint such as a sealed batch) and ``truncated`` (the head or a checkpoint is past the
    last row, or disagrees with it).
    """

    chain_id: int
    seq: int
    event_id: int | None  # the row at which it was found (None when it is past the last one)
    kind: str
    detail: str
    _link: str | None = field(default=None, repr=False, compare=False)  # prev_hash of a broken link

    def __str__(self) -> str:
        where = f"event id {self.event_id}" if self.event_id is not None else "no event"
        return f"chain {self.chain_id} seq {self.seq} ({where}): {self.kind}: {self.detail}"


@dataclass
class Verification:
    problems: list[Problem] = field(default_factory=list)
    events: int = 0  # rows checked (sealed ones, for the audit trail)
    chains: int = 0
    unsealed: dict[int, int] = field(default_factory=dict)  # chain -> events not yet chained

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Checkpoint:
    """What some record outside the rows says the chain's hash is at ``seq`` (a head, a batch)."""

    seq: int
    hash: str
    name: str


@dataclass(frozen=True)
class Rows:
    """Where one kind of chain keeps its rows: the table, its chain column, and which rows are chained."""

    table: Table
    chain: ColumnElement[Any]
    chained: ColumnElement[bool] | None = None  # e.g. ``seq IS NOT NULL`` for the audit trail

    def of(self, chain_id: int) -> list[ColumnElement[bool]]:
        return [self.chain == chain_id] + ([self.chained] if self.chained is not None else [])


def verify_chain(session: Session, rows: Rows, chain_id: int, *, content: Callable[[Any], str | None],
                 head: Checkpoint | None, checkpoints: Iterable[Checkpoint] = ()) -> tuple[Problem | None, int]:
    """The first problem of one chain (or None) and its number of rows.

    Reads the rows a page at a time in seq order (O(page) memory whatever the chain's length);
    ``content(row)`` says why a row's content does not match its hash, or None. ``checkpoints``
    (in seq order) must each match the row at their seq; ``head`` must match the last row.
    Call it inside one snapshot (``models.session.read_snapshot``) for a chain being extended.
    """
    seq, prev, last_id, count = 0, GENESIS, None, 0
    problem: Problem | None = None
    marks = iter(checkpoints)
    mark = next(marks, None)
    for row in _pages(session, rows, chain_id):
        count += 1
        if problem is not None:
            continue
        problem = _check(chain_id, row, seq, prev, content)
        while problem is None and mark is not None and mark.seq <= row.seq:
            if mark.seq == row.seq and mark.hash != row.hash:
                problem = Problem(chain_id, row.seq, row.id, "altered",
                                  f"the chain up to here does not match {mark.name}")
            mark = next(marks, None)
        seq, prev, last_id = row.seq, row.hash, row.id
    if problem is None and mark is not None:
        problem = Problem(chain_id, seq + 1, None, "truncated",
                          f"{mark.name} is at seq {mark.seq}, the last event at seq {seq}")
    if problem is None:
        problem = _head_problem(chain_id, seq, prev, last_id, head)
    return (None if problem is None else _classify(session, rows, problem)), count


def _pages(session: Session, rows: Rows, chain_id: int) -> Iterator[Any]:
    """Keyset pages on (chain, seq): plain statements, so several can share one snapshot."""
    after = 0
    seq = rows.table.c.seq
    while True:
        page = session.execute(select(rows.table).where(*rows.of(chain_id), seq > after)
                               .order_by(seq).limit(PAGE)).all()
        yield from page
        if len(page) < PAGE:
            return
        after = page[-1].seq


def _check(chain_id: int, row: Any, seq: int, prev: str, content: Callable[[Any], str | None]) -> Problem | None:
    if row.seq != seq + 1:
        return Problem(chain_id, seq + 1, row.id, "missing",
                       f"seq {seq + 1} is absent; the next event has seq {row.seq}")
    if row.prev_hash != prev:
        return Problem(chain_id, row.seq, row.id, "broken_link", "prev_hash is not the previous event's hash",
                       _link=row.prev_hash)
    why = content(row)
    return None if why is None else Problem(chain_id, row.seq, row.id, "altered", why)


def _head_problem(chain_id: int, seq: int, hash_: str, last_id: int | None, head: Checkpoint | None
                  ) -> Problem | None:
    if head is None:
        return None if seq == 0 else Problem(chain_id, seq + 1, None, "truncated", "the chain has no head")
    if (head.seq, head.hash) == (seq, hash_):
        return None
    detail = f"the head is at seq {head.seq}, the last event at seq {seq}"
    if head.seq == seq:  # same length, different hash: the last row was replaced
        return Problem(chain_id, seq, last_id, "truncated", detail + " (hash differs)")
    return Problem(chain_id, min(head.seq, seq) + 1, None, "truncated", detail)


def _classify(session: Session, rows: Rows, problem: Problem) -> Problem:
    """Name a broken link by where it points: past one row (an insertion before it), at another
    row of the chain (a reordering), or nowhere in the chain (left as it is)."""
    if problem.kind != "broken_link":
        return problem
    c = rows.table.c
    target = session.scalar(select(c.seq).where(*rows.of(problem.chain_id), c.hash == problem._link).limit(1))
    if target is None and problem._link != GENESIS:
        return problem
    if (target or 0) == problem.seq - 2:
        inserted = session.scalar(select(c.id).where(*rows.of(problem.chain_id), c.seq == problem.seq - 1))
        return Problem(problem.chain_id, problem.seq - 1, inserted, "inserted",
                       f"seq {problem.seq} links past it to seq {problem.seq - 2}")
    linked = "the chain's start" if target is None else f"seq {target}"
    return replace(problem, kind="reordered", detail=f"links to {linked}, not to its predecessor seq {problem.seq - 1}")


# The CLI's report, shared by `mirror audit verify` and `mirror consent verify`.

def print_report(report: Verification, noun: str) -> None:
    """Print the report; exit 1 when a chain is broken. Unsealed events are listed, not failures."""
    for problem in report.problems:
        print(problem)
    for chain_id, count in sorted(report.unsealed.items()):
        print(f"chain {chain_id}: {count} unsealed {noun} (not yet chained; verified once sealed)")
    if not report.ok:
        sys.exit(1)
    print(f"ok: {report.events} {noun} in {report.chains} chains")
