"""The database tables, as typed SQLAlchemy models.

Only what Maatje needs is kept. Each model's ``__personal__`` (see storage/personal.py) says
which columns can name someone: a first name and a question passed on to staff are the only
texts a person typed that are kept, and only with their consent.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import ClassVar

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    SmallInteger,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.personal import Personal, Retention
from storage.types import UtcDateTime


class Base(DeclarativeBase):
    """Declarative base for every Maatje table."""


class User(Base):
    """A person Maatje talks to, keyed by channel and channel id (e.g. ``tg:12345``)."""

    __tablename__ = "users"
    __personal__: ClassVar[Personal | None] = Personal("channel_key", names=("child_name",))
    __retention__: ClassVar[Retention | None] = Retention(
        "last_seen_at", "inactive_users_days", whole_person=True
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel_key: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    language: Mapped[str | None] = mapped_column(String(8))
    role: Mapped[str | None] = mapped_column(String(16))
    onboarded: Mapped[bool] = mapped_column(default=False)
    misses: Mapped[int] = mapped_column(Integer, default=0)
    consents: Mapped[str] = mapped_column(String(200), default="")
    age_band: Mapped[str | None] = mapped_column(String(8))
    #: A parent's child: first name and age band (``UserState.child_name``/``child_band``).
    child_name: Mapped[str | None] = mapped_column(String(64))
    child_band: Mapped[str | None] = mapped_column(String(8))
    #: A parent from before the child was asked: asked once, at the next message
    #: (``UserState.ask_child``; set by migration 0021, cleared when asked).
    ask_child: Mapped[bool] = mapped_column(default=False)
    #: The question just asked with buttons, as ``answer=payload`` lines (one message long).
    asked: Mapped[str] = mapped_column(Text, default="")
    #: The last topic answered and what it was about (``kind=value`` lines): a short
    #: follow-up ("hoeveel kost het") is answered about it while ``topic_at`` is recent.
    topic: Mapped[str | None] = mapped_column(String(32))
    topic_entities: Mapped[str] = mapped_column(Text, default="")
    topic_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    #: That question as shown (Maatje's own words and buttons, as JSON), to show it again
    #: once after a question typed in between; as short-lived as ``asked``.
    prompt: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ProcessedUpdate(Base):
    """A channel update already handled, so a redelivered one is not answered twice."""

    __tablename__ = "processed_updates"
    #: Nobody's: the key is a keyed hash of the channel's update id (which names the sender),
    #: made in :class:`storage.repositories.ProcessedUpdates`.
    __personal__: ClassVar[Personal | None] = None
    __retention__: ClassVar[Retention | None] = Retention("processed_at", "processed_updates_days")

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    processed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class FloodBucket(Base):
    """A person's message allowance for flood control (times in Unix seconds)."""

    __tablename__ = "flood_buckets"
    __personal__: ClassVar[Personal | None] = Personal("channel_key")
    __retention__: ClassVar[Retention | None] = Retention("at", "flood_buckets_days")

    channel_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    tokens: Mapped[float] = mapped_column(Float)
    at: Mapped[float] = mapped_column(Float)
    paused_until: Mapped[float | None] = mapped_column(Float)


class AuditEntry(Base):
    """A staff action that revealed personal data (viewing leads, exporting): who, what, when.

    Erasing a person keeps the entry but blanks their key: the trail outlives the person.
    The subject is an internal id (``u:<users.id>``), never a channel id.
    """

    __tablename__ = "audit_log"
    __personal__: ClassVar[Personal | None] = Personal(
        mentions={"actor_key": (), "subject_key": ()}
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor_key: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(40))
    subject_key: Mapped[str | None] = mapped_column(String(64), index=True)


class JobRun(Base):
    """When a scheduled job (retention…) last ran, so a daily one runs once a day
    however often the deployment restarts or changes leader (:mod:`storage.jobs`)."""

    __tablename__ = "job_runs"
    __personal__: ClassVar[Personal | None] = None

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_run: Mapped[float] = mapped_column(Float)


# --- youth-worker tools: staff -----------------------------------------------------------


class StaffMemberRow(Base):
    """A youth worker who accepted an invite; keyed by channel id, never by username."""

    __tablename__ = "staff_members"
    __personal__: ClassVar[Personal | None] = Personal("user_key", names=("name",))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_key: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(80))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    removed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class StaffInviteRow(Base):
    """A one-time invite link; only a hash of its token is kept."""

    __tablename__ = "staff_invites"
    __personal__: ClassVar[Personal | None] = Personal("used_by", names=("name",))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    used_by: Mapped[str | None] = mapped_column(String(64))


class SettingRow(Base):
    """A setting staff change from Telegram (such as which group is the staff chat)."""

    __tablename__ = "app_settings"
    __personal__: ClassVar[Personal | None] = None

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class OutboxRow(Base):
    """One message to one chat, kept until it is delivered (or cannot be).

    States: ``pending`` → ``sending`` (claimed by the one sender) → ``sent`` | ``failed`` |
    ``blocked``. Only rows in ``sending`` at a crash may go out twice.
    ``subject_key`` is the person a message to someone else is about (a staff notice with
    a pupil's name and question, a parent's reminder), so their ``/vergeet`` reaches it;
    ``named_key`` a second person its text names (the parent in "Is Fatima je ouder?"),
    so theirs does too. Neither sees the other's words in an export.
    """

    __tablename__ = "outbox"
    __personal__: ClassVar[Personal | None] = Personal(
        "chat_key", "subject_key", "named_key", names=("text", "buttons"), about="subject_key"
    )
    #: Delivered texts are not kept longer than a week (pending rows are young anyway).
    __retention__: ClassVar[Retention | None] = Retention("updated_at", "processed_updates_days")
    __table_args__ = (Index("ix_outbox_due", "state", "priority", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_key: Mapped[str] = mapped_column(String(64), index=True)
    subject_key: Mapped[str | None] = mapped_column(String(64), index=True)
    named_key: Mapped[str | None] = mapped_column(String(64), index=True)
    broadcast_id: Mapped[int | None] = mapped_column(Integer, index=True)
    ref: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    buttons: Mapped[str] = mapped_column(Text, default="")
    file_kind: Mapped[str | None] = mapped_column(String(16))
    file_id: Mapped[str | None] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(12))
    priority: Mapped[int] = mapped_column(SmallInteger, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sent_message_id: Mapped[int | None] = mapped_column(BigInteger)
    error: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class LeadRow(Base):
    """Someone who wants to take part (with consent), until staff have followed it up.

    One lead per person and topic may wait at a time (a partial unique index).
    """

    __tablename__ = "leads"
    __personal__: ClassVar[Personal | None] = Personal(
        "user_key", names=("chat_key", "first_name"), mentions={"claimed_by": ("claimed_name",)},
        consent="contact", ref="L",
    )
    __retention__: ClassVar[Retention | None] = Retention("done_at", "followed_up_leads_days")
    __table_args__ = (
        Index("uq_leads_waiting", "user_key", "topic", unique=True,
              sqlite_where=text("status != 'done'"), postgresql_where=text("status != 'done'")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_key: Mapped[str] = mapped_column(String(64), index=True)
    chat_key: Mapped[str] = mapped_column(String(64))
    first_name: Mapped[str] = mapped_column(String(64))
    topic: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(12), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_name: Mapped[str | None] = mapped_column(String(80))
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    reminded_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class QuestionRow(Base):
    """A question a pupil passed on to staff (with consent); its text is kept until retention."""

    __tablename__ = "questions"
    __personal__: ClassVar[Personal | None] = Personal(
        "user_key", names=("chat_key", "first_name", "text"), mentions={"answered_by": ()},
        consent="handover", ref="V",
    )
    __retention__: ClassVar[Retention | None] = Retention("created_at", "unanswered_questions_days")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_key: Mapped[str] = mapped_column(String(64), index=True)
    chat_key: Mapped[str] = mapped_column(String(64))
    first_name: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    answered_by: Mapped[str | None] = mapped_column(String(64))
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class PendingInputRow(Base):
    """What a person's next free text is for (their question, an announcement), briefly;
    or the question of a second miss, awaiting their yes to pass it on (``text``)."""

    __tablename__ = "pending_inputs"
    __personal__: ClassVar[Personal | None] = Personal("user_key", names=("text",), from_13=True)
    __retention__: ClassVar[Retention | None] = Retention("created_at", "flood_buckets_days")

    user_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    ref: Mapped[str] = mapped_column(String(32), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class SubscriberRow(Base):
    """Someone who opted in to announcements; ``active`` goes off on opt-out or a 403."""

    __tablename__ = "subscribers"
    __personal__: ClassVar[Personal | None] = Personal(
        "user_key", names=("chat_key",), consent="announcements"
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_key: Mapped[str] = mapped_column(String(64), unique=True)
    chat_key: Mapped[str] = mapped_column(String(64), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class SubscriberGroupRow(Base):
    """A group a subscriber joined (a class, a school, the buddies), e.g. ``okan-anderlecht``."""

    __tablename__ = "subscriber_groups"
    __personal__: ClassVar[Personal | None] = Personal("user_key", consent="announcements")
    __table_args__ = (Index("uq_subscriber_groups", "user_key", "slug", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_key: Mapped[str] = mapped_column(String(64))
    slug: Mapped[str] = mapped_column(String(40), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class BroadcastRow(Base):
    """An announcement: a draft while staff compose it, then its sending and its report."""

    __tablename__ = "broadcasts"
    __personal__: ClassVar[Personal | None] = Personal(
        mentions={"created_by": (), "chat_key": ()}
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_by: Mapped[str] = mapped_column(String(64))
    chat_key: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(12), index=True)
    audience: Mapped[str] = mapped_column(String(48), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    file_kind: Mapped[str | None] = mapped_column(String(16))
    file_id: Mapped[str | None] = mapped_column(String(200))
    scheduled_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    total: Mapped[int] = mapped_column(Integer, default=0)
    progress_message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class BroadcastTextRow(Base):
    """A translation of an announcement; subscribers in that language get it under the Dutch."""

    __tablename__ = "broadcast_texts"
    __personal__: ClassVar[Personal | None] = None
    __table_args__ = (Index("uq_broadcast_texts", "broadcast_id", "language", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    broadcast_id: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)


class UsageCountRow(Base):
    """How many questions of each topic were answered on a day: counts only, nobody's data."""

    __tablename__ = "usage_counts"
    __personal__: ClassVar[Personal | None] = None

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    topic: Mapped[str] = mapped_column(String(40), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class CampRegistrationRow(Base):
    """A pupil on the camp list (from a camp lead staff accepted) and the checklist."""

    __tablename__ = "camp_registrations"
    __personal__: ClassVar[Personal | None] = Personal(
        "user_key", names=("chat_key", "first_name"), ref="K",
        mentions={"permission_by": ("permission_name",)},
    )
    __retention__: ClassVar[Retention | None] = Retention("created_at", "followed_up_leads_days")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int] = mapped_column(Integer, unique=True)
    user_key: Mapped[str] = mapped_column(String(64), index=True)
    chat_key: Mapped[str] = mapped_column(String(64))
    first_name: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8))
    permission: Mapped[bool] = mapped_column(default=False)
    medical: Mapped[bool] = mapped_column(default=False)
    paid: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    reminded_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    #: The permission: when, ``parent`` (given in Maatje) or ``staff`` (ticked), and the
    #: key and first name of who gave or ticked it.
    permission_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    permission_source: Mapped[str | None] = mapped_column(String(8))
    permission_by: Mapped[str | None] = mapped_column(String(64))
    permission_name: Mapped[str | None] = mapped_column(String(64))
    #: How the medical form came in: ``paper`` or ``digital`` (``None``: missing).
    medical_kind: Mapped[str | None] = mapped_column(String(8))


class CampParentLinkRow(Base):
    """A one-time link that ties a parent to a camp registration; only a hash of its token
    is kept. Names the pupil too, so the pupil's /vergeet removes the link as well.

    ``status`` (see :mod:`bot.core.campports`): ``open`` until someone opens it, then
    ``pending`` until the pupil (13+) or the youth worker who made it (``created_by``)
    confirms; only ``confirmed`` links, and ``legacy`` ones used before confirmation
    existed, show the parent anything. The parent's first name is kept so staff and the
    pupil can see who opened it; it is the parent's, hidden from the pupil's export.
    """

    __tablename__ = "camp_parent_links"
    __personal__: ClassVar[Personal | None] = Personal(
        "parent_user_key", "pupil_user_key", names=("parent_chat_key", "parent_name"),
        mentions={"created_by": ()}, about="parent_user_key",
    )
    __retention__: ClassVar[Retention | None] = Retention("created_at", "followed_up_leads_days")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    registration_id: Mapped[int] = mapped_column(Integer, index=True)
    pupil_user_key: Mapped[str] = mapped_column(String(64), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    parent_user_key: Mapped[str | None] = mapped_column(String(64), index=True)
    parent_chat_key: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str | None] = mapped_column(String(8))
    reminded_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    status: Mapped[str] = mapped_column(String(12), default="open")
    parent_name: Mapped[str | None] = mapped_column(String(64))
    created_by: Mapped[str | None] = mapped_column(String(64))
    #: Who confirms: ``pupil`` or ``staff`` (decided when the link is opened).
    confirmer: Mapped[str | None] = mapped_column(String(8))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


# --- youth-worker tools: activities added from Telegram ---------------------------------


class StaffActivityRow(Base):
    """An activity a youth worker added with ``/activiteit``: shown next to the authored ones.

    The texts are the worker's own Dutch; the rest of the card is in the reader's language.
    """

    __tablename__ = "staff_activities"
    __personal__: ClassVar[Personal | None] = Personal(mentions={"created_by": ()})
    #: Gone some months after the day itself (the interest in it is gone long before).
    __retention__: ClassVar[Retention | None] = Retention("start", "followed_up_leads_days")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state: Mapped[str] = mapped_column(String(12), index=True)
    created_by: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(120), default="")
    start: Mapped[datetime | None] = mapped_column(UtcDateTime(), index=True)
    place: Mapped[str | None] = mapped_column(String(200))
    price: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class AttendanceRow(Base):
    """Someone who said "Ik kom" to an activity (authored or staff), for the reminder.

    ``starts`` is the activity's start, so the reminder job and retention need no content.
    """

    __tablename__ = "activity_attendance"
    __personal__: ClassVar[Personal | None] = Personal("user_key", names=("chat_key", "first_name"),
                                                       from_13=True)
    __retention__: ClassVar[Retention | None] = Retention("starts", "attendance_days")
    __table_args__ = (Index("uq_activity_attendance", "activity_id", "user_key", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[str] = mapped_column(String(40), index=True)
    user_key: Mapped[str] = mapped_column(String(64), index=True)
    chat_key: Mapped[str] = mapped_column(String(64))
    #: For the youth worker's list of who comes (the pupil is told when pressing).
    first_name: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8))
    starts: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    reminded_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class AbsenceRow(Base):
    """Someone who said they will not be at an activity (or the camp), for its youth worker.

    Only "afwezig" is kept: never the reason (an illness is health data Maatje does not
    need). ``starts`` is the activity's start, so retention needs no content.
    """

    __tablename__ = "activity_absences"
    __personal__: ClassVar[Personal | None] = Personal("user_key", names=("first_name",),
                                                       from_13=True)
    __retention__: ClassVar[Retention | None] = Retention("starts", "attendance_days")
    __table_args__ = (Index("uq_activity_absences", "activity_id", "user_key", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[str] = mapped_column(String(40), index=True)
    user_key: Mapped[str] = mapped_column(String(64), index=True)
    #: For the youth worker's card of who is absent (as Telegram gave it; never the reason).
    first_name: Mapped[str | None] = mapped_column(String(64))
    starts: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class SafeguardingCaseRow(Base):
    """A pupil who asked for help: kept while open, then ``safeguarding_days`` after closing.

    The messages are those the pupil agreed to pass on (an unanswered offer is deleted
    after a day); staff names are kept for the case's own record.
    """

    __tablename__ = "safeguarding_cases"
    #: No ``ref``: staff are told of an erased case by :mod:`bot.features.safeguarding`,
    #: only when they were alerted (an offer nobody answered was never theirs to know).
    __personal__: ClassVar[Personal | None] = Personal(
        "user_key", names=("chat_key", "first_name", "text"),
        mentions={"claimed_by": ("claimed_name",)},
    )
    __retention__: ClassVar[Retention | None] = Retention("closed_at", "safeguarding_days")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_key: Mapped[str] = mapped_column(String(64), index=True)
    chat_key: Mapped[str] = mapped_column(String(64))
    first_name: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    alerted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    alerts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_name: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class MedicalFormRow(Base):
    """A medical form filled in in Maatje by a pupil's linked parent (one per registration).

    The answers are health data of a child: only their encryption is kept (``answers``,
    Fernet under ``MAATJE_FORMS_KEY``, see :mod:`storage.forms`); which question comes next
    and the moments (consent, done) are plain. ``camp_end`` is the camp's end when the form
    was last saved, so retention erases it ``forms_days`` after the camp without reading
    the content. Both the parent who entered it and the pupil it is about can erase it.
    No ``ref``: staff know a form by its registration (``#K3``), and are told of its
    erasure by :mod:`bot.features.privacy`.
    """

    __tablename__ = "medical_forms"
    __personal__: ClassVar[Personal | None] = Personal(
        "parent_key", "pupil_key", names=("parent_name", "answers"))
    __retention__: ClassVar[Retention | None] = Retention("camp_end", "forms_days")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    registration_id: Mapped[int] = mapped_column(Integer, unique=True)
    parent_key: Mapped[str] = mapped_column(String(64), index=True)
    parent_name: Mapped[str] = mapped_column(String(64))
    pupil_key: Mapped[str] = mapped_column(String(64), index=True)
    answers: Mapped[bytes] = mapped_column(LargeBinary)
    #: The question asked last (``None`` once every question has an answer).
    step: Mapped[str | None] = mapped_column(String(16))
    consent_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    camp_end: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
