"""What every ``mirror`` command shares: stores named by their public id, progress bars, and
database errors told in one line instead of a traceback."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

PLATFORM = "platform"  # the audit chain of events that belong to no store


def store_pk(session: Session, public_id: str) -> int:
    """The internal id of the store the API calls ``public_id``; exits if there is none."""
    from models import Store

    found = session.scalar(select(Store.id).where(Store.public_id == public_id))
    if found is None:
        sys.exit(f"no such store: {public_id}")
    return found


def audit_chain(session: Session, name: str | None) -> int | None:
    """``--chain``: a store's public id, or ``platform``; None (every chain) stays None."""
    from bff.audit.service import PLATFORM_CHAIN

    if name is None:
        return None
    return PLATFORM_CHAIN if name == PLATFORM else store_pk(session, name)


@contextmanager
def progress(total: int | None, description: str, unit: str = "") -> Iterator[Any]:
    """A tqdm bar on stderr with the total, the rate and the ETA (stdout keeps the results)."""
    from tqdm import tqdm

    bar = tqdm(total=total, desc=description, unit=unit or "it", file=sys.stderr, dynamic_ncols=True,
               mininterval=0.5, smoothing=0.1)
    try:
        yield bar
    finally:
        bar.close()

