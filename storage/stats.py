"""Counts for /statistiek: topics answered per day, leads and questions per week.

Only counts are kept (a topic and a number per day); leads and questions are counted
from their own tables, so nothing about a person is copied here.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.core.statsports import WeeklyStats
from storage.models import LeadRow, QuestionRow, UsageCountRow

#: Topics that are not questions: a hello, a thank-you, choosing another language (the
#: menu's 🌍 button was the "top topic" before).
NOT_QUESTIONS = frozenset({"greeting", "thanks", "language"})
TOP_TOPICS = 8


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


class StatsRepository:
    """Implements :class:`bot.core.statsports.StatsPort`."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def count(self, topic: str, now: datetime) -> None:
        day = now.date()
        bumped = self.session.execute(
            update(UsageCountRow)
            .where(UsageCountRow.day == day, UsageCountRow.topic == topic)
            .values(count=UsageCountRow.count + 1)
        ).rowcount  # type: ignore[attr-defined]
        if bumped:
            return
        try:
            with self.session.begin_nested():
                self.session.add(UsageCountRow(day=day, topic=topic[:40], count=1))
        except IntegrityError:  # the first count of the day came from two messages at once
            self.count(topic, now)

    def weekly(self, now: datetime, weeks: int) -> WeeklyStats:
        first = week_start(now.date()) - timedelta(weeks=weeks - 1)
        starts = tuple(first + timedelta(weeks=n) for n in range(weeks))
        questions: Counter[date] = Counter()
        topics: Counter[str] = Counter()
        rows = self.session.execute(
            select(UsageCountRow.day, UsageCountRow.topic, UsageCountRow.count)
            .where(UsageCountRow.day >= first)
        ).all()
        for day, topic, count in rows:
            if topic not in NOT_QUESTIONS:
                questions[week_start(day)] += count
                topics[topic] += count
        since = datetime.combine(first, datetime.min.time(), now.tzinfo)
        opened = self._weeks(select(LeadRow.created_at).where(LeadRow.created_at >= since), now)
        done = self._weeks(select(LeadRow.done_at).where(LeadRow.done_at >= since), now)
        unanswered = self._weeks(
            select(QuestionRow.created_at).where(QuestionRow.created_at >= since,
                                                 QuestionRow.status == "open"), now)
        return WeeklyStats(
            starts,
            tuple(questions[s] for s in starts),
            tuple(opened[s] for s in starts),
            tuple(done[s] for s in starts),
            tuple(unanswered[s] for s in starts),
            tuple(topics.most_common(TOP_TOPICS)),
        )

    def _weeks(self, query: object, now: datetime) -> Counter[date]:
        found: Counter[date] = Counter()
        for (moment,) in self.session.execute(query).all():  # type: ignore[call-overload]
            if moment is not None:
                found[week_start(moment.astimezone(now.tzinfo).date())] += 1
        return found

