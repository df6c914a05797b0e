"""Retention: rows kept only as long as they are needed, erased by a daily job.

A model declares ``__retention__ = Retention(column, days)``: rows whose ``column`` is older
than the policy's ``days`` are deleted (rows where it is empty never are, e.g. a lead not yet
followed up). ``Retention(..., whole_person=True)`` erases everything about the person
instead (an inactive user). The job logs counts only.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import Float, Table, delete, select
from sqlalchemy.orm import Session

from storage.models import Base
from storage.personal import Retention, RetentionPolicy
from storage.privacy import PersonalData

log = logging.getLogger(__name__)


def retained_tables() -> list[tuple[Table, Retention]]:
    """Every table with a retention rule, dependents first."""
    rules: dict[str, Retention] = {}
    for mapper in Base.registry.mappers:
        rule = vars(mapper.class_).get("__retention__")
        if rule is not None:
            rules[str(getattr(mapper.local_table, "name", ""))] = rule
    return [(t, rules[t.name]) for t in reversed(Base.metadata.sorted_tables) if t.name in rules]


def apply_retention(session: Session, policy: RetentionPolicy, now: datetime) -> dict[str, int]:
    """Erase what is past its time; the number of rows erased per table."""
    counts: dict[str, int] = {}
    for table, rule in retained_tables():
        cutoff = now - timedelta(days=getattr(policy, rule.days))
        column = table.c[rule.column]
        limit: object = cutoff.timestamp() if isinstance(column.type, Float) else cutoff
        if rule.whole_person:
            counts[table.name] = _erase_people(session, table, column, limit)
        else:
            result = session.execute(delete(table).where(column < limit))
            counts[table.name] = int(getattr(result, "rowcount", 0) or 0)
    log.info("retention: %s", " ".join(f"{name}={count}" for name, count in sorted(counts.items())))
    return counts


def _erase_people(session: Session, table: Table, column: object, limit: object) -> int:
    """Every row of every person whose row in ``table`` is past its time."""
    personal = vars(_model_of(table)).get("__personal__")
    if personal is None:
        raise ValueError(f"{table.name}: whole_person retention needs __personal__")
    key_column = table.c[personal.columns[0]]
    keys = list(session.scalars(select(key_column).where(column < limit)))  # type: ignore[operator]
    privacy = PersonalData(session)
    for key in keys:
        privacy.forget(str(key))
    return len(keys)


def _model_of(table: Table) -> type:
    for mapper in Base.registry.mappers:
        if mapper.local_table is table:
            return mapper.class_
    raise LookupError(table.name)
