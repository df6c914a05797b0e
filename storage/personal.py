"""Which tables hold rows about a person, and how long rows are kept: declared on each model.

Every model declares ``__personal__``: the columns that name a person (by channel key,
e.g. ``tg:12345``, or a foreign key to ``users.id``), or ``None`` when the table holds
nothing about anyone. A test fails for a table that declares nothing, so a table added
later (leads, outbox, subscriptions…) cannot be forgotten by ``/vergeet``.

The same declaration drives everything a person is told: ``/mijngegevens`` exports every
row it matches, ``/vergeet`` erases (or anonymises) them, withdrawing a consent erases the
tables that consent covers, and ``/privacy`` lists the tables (``privacy.kept.<table>``
in the content says what each keeps and why).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from types import MappingProxyType


@dataclass(frozen=True, init=False)
class Personal:
    """The columns naming a person, and what else in the row is about them.

    * ``columns`` hold the person's key: a match makes the row theirs. ``/vergeet`` deletes
      it, or with ``anonymise`` keeps the row and blanks these columns and ``names`` (for
      records that must outlive the person, such as the staff audit trail).
    * ``names`` hold more about that same person (a first name, the question they typed,
      their chat): exported to them, hidden from anyone else's export, blanked when the row
      is anonymised.
    * ``mentions`` name *another* person in a row that is not theirs (the youth worker who
      claimed a lead): ``{"claimed_by": ("claimed_name",)}``. Their erasure blanks the
      column and the ones listed with it; the row stays for its owner.
    * ``consent``: the purpose (see :mod:`bot.core.consent`) whose withdrawal erases the
      person's rows here at once.
    * ``ref``: the letter staff know these rows by (``L`` for ``#L12``), so staff can be
      told that ``#L12`` is gone without being told whose it was.
    * ``about``: the one of ``columns`` whose person ``names`` are about, when it is filled
      (a staff notice's text is about its subject, not about the youth worker it went to).
    * ``from_13``: kept only about someone 13 or older, who chose it ("Ik kom", a question
      being typed), without a consent of its own. Saying "under 13" erases these rows and
      those of every ``consent`` table (a child cannot give one); the rest stays (a
      safeguarding case: counselling needs no consent).
    """

    columns: tuple[str, ...]
    anonymise: bool
    names: tuple[str, ...]
    mentions: Mapping[str, tuple[str, ...]]
    consent: str | None
    ref: str | None
    about: str | None
    from_13: bool

    def __init__(
        self,
        *columns: str,
        anonymise: bool = False,
        names: tuple[str, ...] = (),
        mentions: Mapping[str, tuple[str, ...]] | None = None,
        consent: str | None = None,
        ref: str | None = None,
        about: str | None = None,
        from_13: bool = False,
    ) -> None:
        if not columns and not mentions:
            raise ValueError("name at least one column")
        object.__setattr__(self, "columns", columns)
        object.__setattr__(self, "anonymise", anonymise)
        object.__setattr__(self, "names", names)
        object.__setattr__(self, "mentions", MappingProxyType(dict(mentions or {})))
        object.__setattr__(self, "consent", consent)
        object.__setattr__(self, "ref", ref)
        object.__setattr__(self, "about", about)
        object.__setattr__(self, "from_13", from_13)

    @property
    def needs_13(self) -> bool:
        """Whether these rows may only be kept about someone 13 or older."""
        return self.consent is not None or self.from_13

    @property
    def keys(self) -> tuple[str, ...]:
        """Every column that can hold a person's key (their own rows and mentions)."""
        return (*self.columns, *self.mentions)

    @property
    def identifying(self) -> tuple[str, ...]:
        """Every column that can hold something identifying about someone."""
        return (*self.columns, *self.names, *self.mentions,
                *(c for group in self.mentions.values() for c in group))


#: What an anonymised column holds afterwards.
ERASED = "erased"
#: How the audit trail (and any other record) names a person: by ``users.id``, never by
#: channel id, so erasing the ``users`` row leaves nothing that leads back to them.
INTERNAL_PREFIX = "u:"


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
    #: A digital medical form: erased this many days after the camp ends.
    forms_days: int = 30


@dataclass(frozen=True)
class Retention:
    """Rows older than the policy's ``days`` (a field of :class:`RetentionPolicy`) by ``column``."""

    column: str
    days: str
    whole_person: bool = False

    def __post_init__(self) -> None:
        if self.days not in {f.name for f in fields(RetentionPolicy)}:
            raise ValueError(f"unknown retention setting {self.days!r}")
