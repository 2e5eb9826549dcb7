"""Row locks that also refresh what the session already holds.

``SELECT ... FOR UPDATE`` reads the latest committed row, but the ORM hands back an object it
already loaded earlier in the transaction unchanged unless told to overwrite it: a lock taken
after a plain read would guard stale values. Every lock-then-decide goes through ``for_update``.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select

S = TypeVar("S", bound=Select[Any])


def for_update(stmt: S) -> S:
    """``stmt`` as a locking read whose rows replace any stale copies in the session."""
    return stmt.with_for_update().execution_options(populate_existing=True)
