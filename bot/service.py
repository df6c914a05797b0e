"""The conversation service: one database session per message around the pure core.

Loads the person's state, records the update as handled, asks the core, saves the new
state. When the database is unreachable it still answers (with no memory), because a
pupil in danger must get the help lines whatever else is broken.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from cryptography.fernet import MultiFernet
from sqlalchemy.exc import SQLAlchemyError

from bot.core.dialogue import Maatje
from bot.core.messages import Incoming, Outcome
from bot.core.state import UserState
from bot.flood import FloodPolicy, Verdict, admit, is_urgent, slow_down
from content.holder import ContentHolder
from storage.db import Database
from storage.flood import FloodBuckets, as_bucket
from storage.person import PersonRows, read_person
from storage.personal import RetentionPolicy
from storage.repositories import HashKey, ProcessedUpdates, Users
from storage.store import SqlStore

log = logging.getLogger(__name__)
#: In a group Maatje answers everyone alike: no one's settings are used, shown or changed.
GROUP_STATE = UserState(onboarded=True)


class StorageUnavailable(Exception):
    """The database cannot be reached; the message should be handled again later."""


@dataclass(frozen=True)
class Conversations:
    """Handles a message for a person, with their state kept in the database."""

    core: Maatje
    database: Database | None
    new_user: UserState = field(default_factory=UserState)
    #: The time now; by default the real one, in the content's (the configured) zone.
    clock: Callable[[], datetime] | None = None
    content: ContentHolder | None = None
    flood: FloodPolicy | None = field(default_factory=FloodPolicy)
    #: The configured retention, so ``/privacy`` says how long rows are really kept.
    retention: RetentionPolicy | None = None
    #: The medical forms' cipher (``MAATJE_FORMS_KEY``); ``None``: the digital form is off.
    forms: MultiFernet | None = None
    #: The update-hash key, read from the database once (it never changes).
    hash_key: HashKey = field(default_factory=HashKey, compare=False, repr=False)

    def handle(
        self, incoming: Incoming, update_key: str | None = None, defer: bool = False,
        helped: bool = False,
    ) -> Outcome | None:
        """The outcome to send, or ``None`` when this update was already handled.

        When the database is unreachable a danger message is answered at once, without
        memory; anything else is answered without memory too, or, with ``defer``, raises
        :class:`StorageUnavailable` so the channel can have it sent again later. ``helped``
        says the help lines were already sent (:meth:`urgent_outcome`): such a message is
        then put off too, or, without ``defer``, not answered again.
        """
        core = self.live_core()
        if self.database is None:
            state = GROUP_STATE if incoming.in_group else self.new_user
            return core.handle(incoming, state, now=self.now()).outcome
        try:
            return self._handle_stored(core, self.database, incoming, update_key, helped)
        except SQLAlchemyError as error:
            if defer and (helped or not is_urgent(core, incoming)):
                log.error("database unavailable (%s); message put off", type(error).__name__)
                raise StorageUnavailable from error
            if helped:
                log.error("database unavailable (%s); help lines already sent", type(error).__name__)
                return None
            log.error("database unavailable (%s); answering without memory", type(error).__name__)
            return core.handle(incoming, self.new_user, now=self.now()).outcome

    def urgent_outcome(self, incoming: Incoming) -> Outcome | None:
        """The help lines for a danger message (or the SOS button), from the core alone:
        sent before anything waits on the database, which may be slow, locked or down.
        ``None`` for every other message."""
        core = self.live_core()
        if not is_urgent(core, incoming):
            return None
        state = GROUP_STATE if incoming.in_group else self.new_user
        return core.handle(incoming, state, now=self.now(), help_lines=True).outcome

    def now(self) -> datetime:
        """The clock's time, or the real time in the configured zone."""
        return self.clock() if self.clock else datetime.now(self.core.content.zone)

    def live_core(self) -> Maatje:
        """The core with the content as it is now (youth workers may have edited it).

        When even looking at the files fails, the last good content answers: a message,
        a danger message above all, is never lost to a broken content folder.
        """
        if self.content is None:
            return self.core
        try:
            live = self.content.current()
        except Exception as error:  # any failure: the last good content answers
            log.error("content could not be checked (%s); the last good content answers",
                      type(error).__name__)
            live = self.content.last_good()
        return self.core if live is self.core.content else replace(self.core, content=live)

    def _handle_stored(
        self, core: Maatje, database: Database, incoming: Incoming, update_key: str | None,
        helped: bool = False,
    ) -> Outcome | None:
        now = self.now()
        lines = False if helped else None
        with database.session() as session:
            if update_key and not ProcessedUpdates(session, self.hash_key).claim(update_key, now):
                log.info("update already handled, skipped")
                return None
            if incoming.in_group:
                store = SqlStore(session, self.retention, self.forms)
                return core.handle(incoming, GROUP_STATE, now=now, store=store,
                                   help_lines=lines).outcome
            # one statement for her bucket (locked), row, pending input, staff and case
            person = read_person(session, incoming.user_key)
            verdict = self._admit(core, FloodBuckets(session), incoming, now, person)
            users = Users(session)
            row = person.user if person is not None else users.get(incoming.user_key)
            state = users.state_of(row) if row is not None else self.new_user
            if verdict is Verdict.IGNORE:
                return None
            if verdict is Verdict.WARN:
                return slow_down(core, incoming, state)
            store = SqlStore(session, self.retention, self.forms)
            turn = core.handle(incoming, state, now=now, store=store, help_lines=lines)
            trace = turn.outcome.trace
            if trace.question and store.staff.member(incoming.user_key) is None:
                store.stats.count(trace.intent, now)  # pupils' and parents' questions only
            if incoming.user_key not in store.privacy.forgotten:
                users.save(incoming.user_key, turn.state, now, row)
            return turn.outcome

    def _admit(
        self, core: Maatje, buckets: FloodBuckets, incoming: Incoming, now: datetime,
        person: PersonRows | None,
    ) -> Verdict:
        """Flood control for this person; danger messages always pass. Her bucket is the
        one :func:`read_person` locked, or, without one, read (and locked) here."""
        if self.flood is None:
            return Verdict.ALLOW
        known = buckets.get(incoming.user_key) if person is None else as_bucket(person.bucket)
        verdict, bucket = admit(self.flood, known, now.timestamp())
        buckets.save(incoming.user_key, bucket, person.bucket if person else None)
        if verdict is not Verdict.ALLOW and is_urgent(core, incoming):
            return Verdict.ALLOW
        if verdict is not Verdict.ALLOW:
            log.info("flood control: %s", verdict.value)
        return verdict
