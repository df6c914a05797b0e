"""Ports for the youth-worker tools: who is staff, what staff must follow up, what goes out.

The features ask these of :class:`bot.core.ports.Store`; ``storage`` implements them on the
database, and the ``Null*`` versions here keep nothing (``maatje ask`` without ``--db``):
nobody is staff there and nothing is promised to be kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

from bot.core.messages import Button
from bot.core.state import UserState


@dataclass(frozen=True)
class StaffMember:
    """A youth worker, known by channel id (never by username)."""

    user_key: str
    name: str


@dataclass(frozen=True)
class Notice:
    """A message for another chat than the one being answered, delivered through the outbox.

    ``ref`` ties the sent message to what it is about (``L5`` for lead 5), so a staff reply
    to it can be passed on.
    """

    chat_key: str
    text: str
    buttons: tuple[Button, ...] = ()
    ref: str | None = None
    #: A file from the content folder sent with the text (the medical form PDF).
    attachment: str | None = None
    #: The person a message to someone else is about (the pupil in a staff notice), so
    #: their ``/vergeet`` erases it too.
    about: str | None = None
    #: Someone else the text names (the parent who opened a link, in a notice about the
    #: pupil), so their ``/vergeet`` erases it as well.
    names: str | None = None


class StaffPort(Protocol):
    """Staff membership, one-time invites and the staff chat."""

    def member(self, user_key: str) -> StaffMember | None: ...

    def accept_invite(self, token: str, user_key: str, now: datetime) -> StaffMember | None:
        """Make ``user_key`` staff; ``None`` when the token is unknown, used or expired."""
        ...

    def staff_chat(self) -> str | None: ...

    def set_staff_chat(self, chat_key: str, now: datetime) -> None: ...

    def member_keys(self) -> list[str]: ...


class OutboxPort(Protocol):
    """Messages to other chats, kept until delivered."""

    def notify(self, notice: Notice, now: datetime) -> bool:
        """Queue ``notice``; ``False`` when nothing can be kept."""
        ...


class NullStaff:
    """Nobody is staff when nothing is stored."""

    def member(self, user_key: str) -> StaffMember | None:
        return None

    def accept_invite(self, token: str, user_key: str, now: datetime) -> StaffMember | None:
        return None

    def staff_chat(self) -> str | None:
        return None

    def set_staff_chat(self, chat_key: str, now: datetime) -> None:
        return None

    def member_keys(self) -> list[str]:
        return []


class NullOutbox:
    """Nothing can be sent later when nothing is stored."""

    def notify(self, notice: Notice, now: datetime) -> bool:
        return False


@dataclass(frozen=True)
class Lead:
    """Someone who wants to take part, to be followed up by a youth worker."""

    id: int
    user_key: str
    chat_key: str
    first_name: str
    topic: str
    language: str
    status: str
    created_at: datetime
    claimed_name: str | None = None

    @property
    def ref(self) -> str:
        return f"L{self.id}"


@dataclass(frozen=True)
class Opened:
    """The lead for this person and topic, and whether it was just created."""

    lead: Lead
    created: bool


class LeadPort(Protocol):
    """Leads: opened by pupils (with consent), claimed and closed by staff."""

    def open(
        self, user_key: str, chat_key: str, first_name: str, topic: str, language: str,
        now: datetime,
    ) -> Opened | None:
        """The open lead for this person and topic (a new one if none); ``None``: not kept."""
        ...

    def get(self, lead_id: int) -> Lead | None: ...

    def claim(self, lead_id: int, member: StaffMember, now: datetime) -> Lead | None:
        """Claim an open lead; returns the lead as it is now (maybe claimed by another)."""
        ...

    def close(self, lead_id: int, member: StaffMember, now: datetime) -> Lead | None: ...

    def waiting(
        self, topic: str | None, older_than: datetime | None, limit: int
    ) -> tuple[list[Lead], int]:
        """Leads not yet followed up (oldest first, at most ``limit``) and how many there are."""
        ...

    def everything(self) -> list[Lead]:
        """Every lead, for the export."""
        ...

    def unclaimed_before(self, moment: datetime) -> list[Lead]:
        """Open leads nobody took since ``moment`` and nobody was reminded of yet."""
        ...

    def mark_reminded(self, lead_id: int, now: datetime) -> None: ...

    def about(self, topic: str) -> list[Lead]:
        """Every lead with exactly this topic (``activity:st-4``), whatever its status."""
        ...


class NullLeads:
    """Nothing is kept: every lead is refused, none are listed."""

    def open(
        self, user_key: str, chat_key: str, first_name: str, topic: str, language: str,
        now: datetime,
    ) -> Opened | None:
        return None

    def get(self, lead_id: int) -> Lead | None:
        return None

    def claim(self, lead_id: int, member: StaffMember, now: datetime) -> Lead | None:
        return None

    def close(self, lead_id: int, member: StaffMember, now: datetime) -> Lead | None:
        return None

    def waiting(
        self, topic: str | None, older_than: datetime | None, limit: int
    ) -> tuple[list[Lead], int]:
        return [], 0

    def everything(self) -> list[Lead]:
        return []

    def unclaimed_before(self, moment: datetime) -> list[Lead]:
        return []

    def mark_reminded(self, lead_id: int, now: datetime) -> None:
        return None

    def about(self, topic: str) -> list[Lead]:
        return []


@dataclass(frozen=True)
class Question:
    """A question a pupil chose to pass on to a person."""

    id: int
    user_key: str
    chat_key: str
    first_name: str
    language: str
    text: str
    status: str
    created_at: datetime

    @property
    def ref(self) -> str:
        return f"V{self.id}"


class QuestionPort(Protocol):
    """Questions passed on to staff (with consent), until answered."""

    def ask(
        self, user_key: str, chat_key: str, first_name: str, language: str, text: str,
        now: datetime,
    ) -> Question | None:
        """Keep the question; ``None`` when nothing can be kept."""
        ...

    def get(self, question_id: int) -> Question | None: ...

    def answered(self, question_id: int, member: StaffMember, now: datetime) -> None: ...

    def unanswered(self, limit: int) -> tuple[list[Question], int]: ...


@dataclass(frozen=True)
class Expected:
    """What Maatje asked someone to type next (their question, an announcement…)."""

    kind: str
    ref: str = ""
    #: The words of the message kept (a question not yet passed on, awaiting the yes).
    text: str = ""


#: The question of a second miss, kept until the person says yes (it is passed on as typed)
#: or no (it is deleted); never longer than an expectation lasts.
HANDOVER_DRAFT = "handover_draft"


class InputPort(Protocol):
    """What the next free text of a person is for, for a short while."""

    def expect(self, user_key: str, kind: str, ref: str, now: datetime, text: str = "") -> bool:
        """Remember; ``False`` when nothing can be kept."""
        ...

    def pending(self, user_key: str, now: datetime) -> Expected | None: ...

    def clear(self, user_key: str) -> None: ...


class NullQuestions:
    """Nothing is kept, so nothing can be passed on."""

    def ask(
        self, user_key: str, chat_key: str, first_name: str, language: str, text: str,
        now: datetime,
    ) -> Question | None:
        return None

    def get(self, question_id: int) -> Question | None:
        return None

    def answered(self, question_id: int, member: StaffMember, now: datetime) -> None:
        return None

    def unanswered(self, limit: int) -> tuple[list[Question], int]:
        return [], 0


class NullInputs:
    """Nothing is remembered between messages."""

    def expect(self, user_key: str, kind: str, ref: str, now: datetime, text: str = "") -> bool:
        return False

    def pending(self, user_key: str, now: datetime) -> Expected | None:
        return None

    def clear(self, user_key: str) -> None:
        return None


@dataclass(frozen=True)
class Draft:
    """An announcement as staff compose it, and later as it is being sent."""

    id: int
    created_by: str
    chat_key: str
    state: str
    audience: str = ""
    text: str = ""
    file_kind: str | None = None
    file_id: str | None = None
    translations: Mapping[str, str] = field(default_factory=dict)
    scheduled_at: datetime | None = None
    total: int = 0


@dataclass(frozen=True)
class Tally:
    """How far one announcement's sending is, for the staff member's progress message."""

    id: int
    total: int
    sent: int
    blocked: int
    failed: int
    finished: bool

    @property
    def done(self) -> int:
        return self.sent + self.blocked + self.failed


@dataclass(frozen=True)
class Letter:
    """The announcement as one recipient gets it: the text and the unsubscribe button."""

    text: str
    button: Button


@dataclass(frozen=True)
class Letters:
    """The announcement in every language a recipient may keep, written before it is
    queued: storage only picks one per recipient and never calls back into a feature."""

    by_language: Mapping[str, Letter]
    #: For someone with no language kept, or one Maatje has no texts in: the Dutch.
    default: Letter

    def to(self, language: str | None) -> Letter:
        return self.by_language.get(language or "", self.default)


class BroadcastPort(Protocol):
    """Announcements from staff to subscribers."""

    def draft(self, created_by: str, chat_key: str, now: datetime) -> Draft | None: ...

    def get(self, broadcast_id: int) -> Draft | None: ...

    def set_content(
        self, broadcast_id: int, text: str, file_kind: str | None, file_id: str | None
    ) -> None: ...

    def set_audience(self, broadcast_id: int, audience: str) -> None: ...

    def add_translation(self, broadcast_id: int, language: str, text: str) -> None: ...

    def count(self, audience: str) -> int:
        """How many active subscribers an audience reaches now."""
        ...

    def groups(self) -> list[str]: ...

    def queue(self, broadcast_id: int, now: datetime, letters: Letters) -> int:
        """One outbox row per recipient, now; returns how many."""
        ...

    def schedule(self, broadcast_id: int, at: datetime) -> None: ...

    def cancel(self, broadcast_id: int) -> None: ...

    def due(self, now: datetime) -> list[Draft]:
        """Scheduled announcements whose time has come."""
        ...


class SubscriberPort(Protocol):
    """Who opted in to announcements, and their groups."""

    def subscribe(self, user_key: str, chat_key: str, now: datetime, group: str | None = None) -> bool:
        """Opt in (and join ``group``); ``False`` when nothing can be kept."""
        ...

    def unsubscribe(self, user_key: str, now: datetime) -> bool:
        """Opt out; ``True`` when the person was subscribed."""
        ...

    def subscribed(self, user_key: str) -> bool: ...

    def groups_of(self, user_key: str) -> list[str]: ...

    def join(self, user_key: str, group: str, now: datetime) -> bool:
        """Be in ``group`` (staff put them there); not consent to announcements."""
        ...

    def leave(self, user_key: str, group: str) -> bool:
        """``True`` when the person was in the group."""
        ...


class NullBroadcasts:
    """Nothing is kept, so nothing can be announced."""

    def draft(self, created_by: str, chat_key: str, now: datetime) -> Draft | None:
        return None

    def get(self, broadcast_id: int) -> Draft | None:
        return None

    def set_content(
        self, broadcast_id: int, text: str, file_kind: str | None, file_id: str | None
    ) -> None:
        return None

    def set_audience(self, broadcast_id: int, audience: str) -> None:
        return None

    def add_translation(self, broadcast_id: int, language: str, text: str) -> None:
        return None

    def count(self, audience: str) -> int:
        return 0

    def groups(self) -> list[str]:
        return []

    def queue(self, broadcast_id: int, now: datetime, letters: Letters) -> int:
        return 0

    def schedule(self, broadcast_id: int, at: datetime) -> None:
        return None

    def cancel(self, broadcast_id: int) -> None:
        return None

    def due(self, now: datetime) -> list[Draft]:
        return []


class NullSubscribers:
    """Nothing is kept: nobody can subscribe."""

    def subscribe(self, user_key: str, chat_key: str, now: datetime, group: str | None = None) -> bool:
        return False

    def unsubscribe(self, user_key: str, now: datetime) -> bool:
        return False

    def subscribed(self, user_key: str) -> bool:
        return False

    def groups_of(self, user_key: str) -> list[str]:
        return []

    def join(self, user_key: str, group: str, now: datetime) -> bool:
        return False

    def leave(self, user_key: str, group: str) -> bool:
        return False


@dataclass(frozen=True)
class WeeklyStats:
    """Counts for the last weeks (oldest first), for the staff's chart: no personal data."""

    weeks: tuple[date, ...]
    questions: tuple[int, ...]
    leads_opened: tuple[int, ...]
    leads_followed_up: tuple[int, ...]
    unanswered: tuple[int, ...]
    topics: tuple[tuple[str, int], ...]


class StatsPort(Protocol):
    """Counting what Maatje answers, and the weekly figures staff see."""

    def count(self, topic: str, now: datetime) -> None: ...

    def weekly(self, now: datetime, weeks: int) -> WeeklyStats: ...


class NullStats:
    """Nothing counted, nothing to show."""

    def count(self, topic: str, now: datetime) -> None:
        return None

    def weekly(self, now: datetime, weeks: int) -> WeeklyStats:
        return WeeklyStats((), (), (), (), (), ())


#: The checklist of a camp registration, in the order staff see it.
CAMP_ITEMS = ("permission", "medical", "paid")


#: Who gave the camp permission: the linked parent in Maatje, or staff who ticked it.
BY_PARENT = "parent"
BY_STAFF = "staff"
#: How the medical form came in.
FORM_PAPER = "paper"
FORM_DIGITAL = "digital"


@dataclass(frozen=True)
class Registration:
    """A pupil on the camp list and what is still missing.

    ``permission_source`` (:data:`BY_PARENT` or :data:`BY_STAFF`), ``permission_name`` and
    ``permission_at`` say who gave the permission and when; ``medical_kind`` how the
    medical form came in (:data:`FORM_PAPER` or :data:`FORM_DIGITAL`).
    """

    id: int
    user_key: str
    chat_key: str
    first_name: str
    language: str
    ticked: frozenset[str]
    permission_source: str | None = None
    permission_name: str | None = None
    permission_at: datetime | None = None
    medical_kind: str | None = None

    @property
    def ref(self) -> str:
        return f"K{self.id}"

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(item for item in CAMP_ITEMS if item not in self.ticked)


@dataclass(frozen=True)
class ParentInvite:
    """A fresh parent link: the token goes into the link and is not kept."""

    registration: Registration
    token: str
    expires_at: datetime


#: A parent link's life: nobody opened it yet; opened, waiting for the pupil or staff;
#: confirmed (the parent sees the camp); refused or revoked (it works no more); and
#: ``legacy``: used before links needed confirming, working until confirmed or revoked.
LINK_OPEN = "open"
LINK_PENDING = "pending"
LINK_CONFIRMED = "confirmed"
LINK_REFUSED = "refused"
LINK_REVOKED = "revoked"
LINK_LEGACY = "legacy"
#: Links that show the parent the camp status and send them reminders.
LINK_WORKING = (LINK_CONFIRMED, LINK_LEGACY)
#: Who confirms an opened link.
CONFIRMER_PUPIL = "pupil"
CONFIRMER_STAFF = "staff"


@dataclass(frozen=True)
class ParentLink:
    """One parent link: who opened it (first name, language, when) and where it stands.

    ``pupil_age`` is the pupil's age band, ``None`` when unknown or when she has no chat
    with Maatje (``pupil_chat`` false): then staff confirm instead of her.
    """

    id: int
    registration: Registration
    status: str
    created_at: datetime
    expires_at: datetime
    created_by: str | None = None
    parent_user_key: str | None = None
    parent_chat_key: str | None = None
    parent_name: str | None = None
    language: str | None = None
    used_at: datetime | None = None
    confirmer: str | None = None
    pupil_age: str | None = None
    pupil_chat: bool = False


@dataclass(frozen=True)
class LinkedParent:
    """A parent tied to a registration, and the language they read."""

    registration: Registration
    user_key: str
    chat_key: str
    language: str


class CampPort(Protocol):
    """Camp registrations with their checklist."""

    def register(self, lead: Lead, now: datetime, child: str | None = None,
                 parent_name: str = "") -> Registration | None:
        """The registration for this lead (made once, and once per pupil); ``None`` when
        nothing is kept. ``child``: a parent (``parent_name``) signs up their child by first
        name, and is its linked parent at once."""
        ...

    def get(self, registration_id: int) -> Registration | None: ...

    def toggle(self, registration_id: int, item: str, by: StaffMember | None = None,
               now: datetime | None = None) -> Registration | None:
        """Tick or untick an item; a ticked permission or form is staff's (``by``) on paper."""
        ...

    def give_permission(self, registration_id: int, by_key: str, by_name: str,
                        now: datetime) -> Registration | None:
        """The linked parent's yes, kept with when and by whom; ``None``: no registration."""
        ...

    def withdraw_permission(self, registration_id: int) -> Registration | None:
        """The permission no longer holds; ``None`` when there was none to withdraw."""
        ...

    def everyone(self) -> list[Registration]: ...

    def without_medical_form(self, now: datetime) -> list[Registration]:
        """Registrations still missing the medical form and not yet reminded; marks them."""
        ...

    def pupil_state(self, user_key: str) -> UserState | None:
        """What the person on the camp list said in her own chat (her age band, her role),
        for a reminder nobody asked for; ``None`` when she has no chat with Maatje."""
        ...

    def parent_invite(
        self, registration_id: int, now: datetime, valid_for: timedelta,
        created_by: str | None = None,
    ) -> ParentInvite | None:
        """A one-time link for the parent; ``None`` for an unknown registration."""
        ...

    def parent_link(self, token: str, now: datetime) -> ParentLink | None:
        """The link a token opens, while it is open and not expired; changes nothing."""
        ...

    def accept_parent(
        self, token: str, user_key: str, chat_key: str, first_name: str, language: str | None,
        now: datetime,
    ) -> ParentLink | None:
        """Mark the link opened by ``user_key``: ``pending`` until confirmed; ``None`` when
        it is unknown, used, revoked or expired."""
        ...

    def await_confirmation(self, link_id: int, confirmer: str) -> None:
        """Who confirms the opened link: the pupil or staff."""
        ...

    def link(self, link_id: int) -> ParentLink | None: ...

    def parent_links(self, registration_id: int) -> list[ParentLink]:
        """The registration's links staff should see: open, waiting, confirmed, legacy."""
        ...

    def decide_parent(self, link_id: int, status: str, now: datetime) -> ParentLink | None:
        """Confirm, refuse or revoke a link that is still in force; ``None`` when it is not."""
        ...

    def remember_question(self, user_key: str, asked: tuple[tuple[str, str], ...]) -> None:
        """The question a notice just asked someone, so that typing "ja" answers it."""
        ...

    def of_parent(self, user_key: str) -> list[Registration]:
        """The registrations this person is the linked parent of."""
        ...

    def parents_without_medical_form(self, now: datetime) -> list[LinkedParent]:
        """Linked parents whose child still misses the form, not yet reminded; marks them."""
        ...

    def digital_form(self, registration_id: int, sent: bool) -> Registration | None:
        """The form came in digitally (``sent``), or that digital form is gone; a paper
        form staff ticked stays ticked. ``None``: no registration."""
        ...


class NullCamp:
    """Nothing kept: no camp list."""

    def register(self, lead: Lead, now: datetime, child: str | None = None,
                 parent_name: str = "") -> Registration | None:
        return None

    def get(self, registration_id: int) -> Registration | None:
        return None

    def toggle(self, registration_id: int, item: str, by: StaffMember | None = None,
               now: datetime | None = None) -> Registration | None:
        return None

    def give_permission(self, registration_id: int, by_key: str, by_name: str,
                        now: datetime) -> Registration | None:
        return None

    def withdraw_permission(self, registration_id: int) -> Registration | None:
        return None

    def everyone(self) -> list[Registration]:
        return []

    def without_medical_form(self, now: datetime) -> list[Registration]:
        return []

    def pupil_state(self, user_key: str) -> UserState | None:
        return None

    def parent_invite(
        self, registration_id: int, now: datetime, valid_for: timedelta,
        created_by: str | None = None,
    ) -> ParentInvite | None:
        return None

    def parent_link(self, token: str, now: datetime) -> ParentLink | None:
        return None

    def accept_parent(
        self, token: str, user_key: str, chat_key: str, first_name: str, language: str | None,
        now: datetime,
    ) -> ParentLink | None:
        return None

    def await_confirmation(self, link_id: int, confirmer: str) -> None:
        return None

    def link(self, link_id: int) -> ParentLink | None:
        return None

    def parent_links(self, registration_id: int) -> list[ParentLink]:
        return []

    def decide_parent(self, link_id: int, status: str, now: datetime) -> ParentLink | None:
        return None

    def remember_question(self, user_key: str, asked: tuple[tuple[str, str], ...]) -> None:
        return None

    def of_parent(self, user_key: str) -> list[Registration]:
        return []

    def parents_without_medical_form(self, now: datetime) -> list[LinkedParent]:
        return []

    def digital_form(self, registration_id: int, sent: bool) -> Registration | None:
        return None
