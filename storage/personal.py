"""Which tables hold rows about a person: the one list that export, erasure and retention use.

Every model declares ``__personal__``: the columns that name a person (by channel key,
e.g. ``tg:12345``, or a foreign key to ``users.id``), or ``None`` when the table holds
nothing about anyone. A test fails for a table that declares nothing, so a table added
later (leads, outbox, subscriptions…) cannot be forgotten by ``/vergeet``.
"""

from __future__ import annotations

from dataclasses import dataclass


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
