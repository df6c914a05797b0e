"""Port for the camp list: registrations, their checklist and the parents' links.

Pupils (or their parent) sign up, parents open a one-time link and give permission, staff
tick what came in on paper. :class:`NullCamp` keeps nothing (``maatje ask`` without
``--db``): there is no camp list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.core.leadports import Lead
from bot.core.staffports import StaffMember
from bot.core.state import UserState

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
