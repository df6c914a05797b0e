"""What the core may ask of the outside world, as protocols the service implements.

Features read and record data (leads, subscriptions, consents…) through a :class:`Store`;
the conversation service hands in one backed by the database session of this message,
``maatje ask`` one that keeps nothing. The core never imports SQLAlchemy.
"""

from __future__ import annotations

from typing import Protocol

from bot.core.activityports import (
    ActivityPort,
    AttendancePort,
    NullActivities,
    NullAttendance,
)
from bot.core.broadcastports import BroadcastPort, NullBroadcasts, NullSubscribers, SubscriberPort
from bot.core.campports import CampPort, NullCamp
from bot.core.formports import FormPort, NullForms
from bot.core.inputports import InputPort, NullInputs
from bot.core.leadports import LeadPort, NullLeads
from bot.core.outboxports import NullOutbox, OutboxPort
from bot.core.privacyports import NullPrivacy, PrivacyPort
from bot.core.questionports import NullQuestions, QuestionPort
from bot.core.safetyports import NullSafety, SafetyPort
from bot.core.staffports import NullStaff, StaffPort
from bot.core.statsports import NullStats, StatsPort


class Store(Protocol):
    """Persistence the features need; each feature adds the few methods it uses.

    ``durable`` is false when nothing will be kept (no database, or it is down): a feature
    must then not tell the person that something is saved.
    """

    @property
    def durable(self) -> bool: ...

    @property
    def privacy(self) -> PrivacyPort: ...

    @property
    def staff(self) -> StaffPort: ...

    @property
    def outbox(self) -> OutboxPort: ...

    @property
    def leads(self) -> LeadPort: ...

    @property
    def questions(self) -> QuestionPort: ...

    @property
    def inputs(self) -> InputPort: ...

    @property
    def broadcasts(self) -> BroadcastPort: ...

    @property
    def subscribers(self) -> SubscriberPort: ...

    @property
    def stats(self) -> StatsPort: ...

    @property
    def camp(self) -> CampPort: ...

    @property
    def activities(self) -> ActivityPort: ...

    @property
    def attendance(self) -> AttendancePort: ...

    @property
    def safety(self) -> SafetyPort: ...

    @property
    def forms(self) -> FormPort: ...


class NullStore:
    """A store that remembers nothing: for ``maatje ask`` without ``--db`` and for tests."""

    @property
    def durable(self) -> bool:
        return False

    @property
    def privacy(self) -> PrivacyPort:
        return NullPrivacy()

    @property
    def staff(self) -> StaffPort:
        return NullStaff()

    @property
    def outbox(self) -> OutboxPort:
        return NullOutbox()

    @property
    def leads(self) -> LeadPort:
        return NullLeads()

    @property
    def questions(self) -> QuestionPort:
        return NullQuestions()

    @property
    def inputs(self) -> InputPort:
        return NullInputs()

    @property
    def broadcasts(self) -> BroadcastPort:
        return NullBroadcasts()

    @property
    def subscribers(self) -> SubscriberPort:
        return NullSubscribers()

    @property
    def stats(self) -> StatsPort:
        return NullStats()

    @property
    def camp(self) -> CampPort:
        return NullCamp()

    @property
    def activities(self) -> ActivityPort:
        return NullActivities()

    @property
    def attendance(self) -> AttendancePort:
        return NullAttendance()

    @property
    def safety(self) -> SafetyPort:
        return NullSafety()

    @property
    def forms(self) -> FormPort:
        return NullForms()
