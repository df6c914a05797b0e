"""Which tables hold rows about a person, and how long rows are kept: declared on each model.

Every model declares ``__personal__``: the columns that name a person (by channel key,
e.g. ``tg:12345``, or a foreign key to ``users.id``), or ``None`` when the table holds
nothing about anyone. A test fails for a table that declares nothing, so a table added
later (leads, outbox, subscriptions…) cannot be forgotten by ``/vergeet``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True, init=False)
class Personal:
    """The columns naming a person; ``anonymise`` keeps the row and blanks the person
    (for records that must outlive the person, such as the staff audit trail)."""

    columns: tuple[str, ...]
    anonymise: bool

    def __init__(self, *columns: str, anonymise: bool = False) -> None:
        if not columns:
            raise ValueError("name at least one column")
        object.__setattr__(self, "columns", columns)
        object.__setattr__(self, "anonymise", anonymise)


#: What an anonymised column holds afterwards.
ERASED = "erased"


@dataclass(frozen=True)
class RetentionPolicy:
    """How many days each kind of row is kept (configurable; these are the defaults)."""

    followed_up_leads_days: int = 180
    unanswered_questions_days: int = 30
    inactive_users_days: int = 365
    processed_updates_days: int = 7
    flood_buckets_days: int = 2
    #: Who said "Ik kom": kept a few days after the activity, then gone.
    attendance_days: int = 7
    #: A closed safeguarding case (who, when, the messages passed on, who took it).
    safeguarding_days: int = 90


@dataclass(frozen=True)
class Retention:
    """Rows older than the policy's ``days`` (a field of :class:`RetentionPolicy`) by ``column``."""

    column: str
    days: str
    whole_person: bool = False

    def __post_init__(self) -> None:
        if self.days not in {f.name for f in fields(RetentionPolicy)}:
            raise ValueError(f"unknown retention setting {self.days!r}")
