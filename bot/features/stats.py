"""``/statistiek``: a chart of the last weeks for staff: questions per topic, leads opened and
followed up, questions still unanswered. Counts only; nobody can be recognised in it.

Only what pupils and parents asked is counted (see :meth:`bot.service.Conversations`): not
staff commands, not the taps of the welcome steps, not a change of language.
"""

from __future__ import annotations

from bot.charts import Series, weekly_chart
from bot.core.features import Context, Features, Step
from bot.core.messages import Document, Reply
from bot.core.staffports import StaffMember
from bot.features.staffkit import staff_only, staff_text, step

WEEKS = 6
PNG = "image/png"


@staff_only
def show(ctx: Context, member: StaffMember) -> Step:
    """The chart as a PNG file, with the totals in the caption."""
    stats = ctx.store.stats.weekly(ctx.now, WEEKS)
    series = [
        Series(staff_text(ctx, "staff.stats.questions"), stats.questions),
        Series(staff_text(ctx, "staff.stats.leads_opened"), stats.leads_opened),
        Series(staff_text(ctx, "staff.stats.leads_done"), stats.leads_followed_up),
        Series(staff_text(ctx, "staff.stats.unanswered"), stats.unanswered),
    ]
    weeks = [staff_text(ctx, "staff.stats.week", number=w.isocalendar().week) for w in stats.weeks]
    topics = [(_topic(ctx, topic), count) for topic, count in stats.topics]
    png = weekly_chart(staff_text(ctx, "staff.stats.title", weeks=WEEKS), weeks, series,
                       staff_text(ctx, "staff.stats.topics"), topics)
    caption = staff_text(
        ctx, "staff.stats.caption", weeks=WEEKS,
        questions=_counted(ctx, "questions", sum(stats.questions)),
        opened=_counted(ctx, "opened", sum(stats.leads_opened)),
        done=_counted(ctx, "done", sum(stats.leads_followed_up)),
        unanswered=_counted(ctx, "unanswered", sum(stats.unanswered)),
    )
    document = Document(f"statistiek-{ctx.now:%Y%m%d}.png", png, PNG, caption)
    return step(ctx, Reply(caption, document=document))


def _counted(ctx: Context, what: str, count: int) -> str:
    """"1 nieuwe lead", "2 nieuwe leads": Dutch has one singular, for exactly one."""
    return staff_text(ctx, f"staff.stats.count.{what}.{'one' if count == 1 else 'other'}", count=count)


def _topic(ctx: Context, intent: str) -> str:
    """A topic's Dutch button label without its emoji ("Kamp"), or the intent itself."""
    key = f"button.{intent}"
    if key not in ctx.content.ui:
        return intent
    text = ctx.content.ui_text(key, "nl")
    return text.split(" ", 1)[1] if " " in text and not text[0].isalnum() else text


def features() -> Features:
    return Features(commands={"statistiek": show})
