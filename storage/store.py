"""The database-backed :class:`bot.core.ports.Store`, bound to one message's session."""

from __future__ import annotations

from cryptography.fernet import MultiFernet
from sqlalchemy.orm import Session

from storage.activities import ActivityRepository, AttendanceRepository
from storage.broadcasts import BroadcastRepository, SubscriberRepository
from storage.camp import CampRepository
from storage.forms import FormRepository
from storage.leads import LeadRepository
from storage.outbox import OutboxRepository
from storage.personal import RetentionPolicy
from storage.privacy import PersonalData
from storage.questions import InputRepository, QuestionRepository
from storage.safeguarding import SafetyRepository
from storage.staff import StaffRepository
from storage.stats import StatsRepository


class SqlStore:
    """Repositories for the features, all sharing the session of the current message."""

    def __init__(self, session: Session, retention: RetentionPolicy | None = None,
                 forms: MultiFernet | None = None) -> None:
        self.session = session
        self.privacy = PersonalData(session, retention)
        self.durable = True
        self.staff = StaffRepository(session)
        self.outbox = OutboxRepository(session)
        self.leads = LeadRepository(session)
        self.questions = QuestionRepository(session)
        self.inputs = InputRepository(session)
        self.broadcasts = BroadcastRepository(session)
        self.subscribers = SubscriberRepository(session)
        self.stats = StatsRepository(session)
        self.camp = CampRepository(session)
        self.activities = ActivityRepository(session)
        self.attendance = AttendanceRepository(session)
        self.safety = SafetyRepository(session)
        self.forms = FormRepository(session, forms)
