"""``/privacy``, ``/mijngegevens`` and ``/vergeet``: see what Maatje keeps, and erase it.

The list in ``/privacy``, the export and the erasure all go through the store's privacy
port, which covers every table that declares personal data: a table added later is
listed, exported and erased without a change here. ``/vergeet`` asks first; its button
holds the minute it was shown, so a confirmation pressed much later (or forged) is
refused. Staff who were told about the person hear that ``#L12`` is gone, never whose.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from bot.core.consent import ANNOUNCEMENTS
from bot.core.features import Context, Features, Step
from bot.core.formports import plain
from bot.core.messages import Document, Reply
from bot.core.payloads import Codec, Fixed, Number
from bot.core.privacyports import Kept, Rows
from bot.core.state import UserState
from bot.features import safeguarding
from bot.features.common import lines, per_language, ui
from bot.features.kit.buttons import typed
from bot.features.kit.replies import stale_button
from bot.features.staffkit import notify_staff, staff_text

INTENT = "privacy"
#: The user key prefix of the web chat's visitors (the core knows channels only by it).
WEB_PREFIX = "web:"
YES = "ja"
NO = "nee"
#: A ``/vergeet`` confirmation older than this is stale.
CONFIRM_MINUTES = 10
EXPORT_FILENAME = "maatje-mijn-gegevens.json"
#: Tables the summary of ``/mijngegevens`` already tells in its own lines.
SUMMARISED = ("users", "questions")


@dataclass(frozen=True)
class ForgetButton:
    """``vergeet:ja:<minute>`` (the minute it was shown, in hexadecimal) or ``vergeet:nee``."""

    answer: str
    minute: int | None = None


FORGET = Codec("vergeet", ForgetButton, (
    (Fixed(YES, "answer"), Number("minute", base=16)),
    (Fixed(NO, "answer"),),
))


def features() -> Features:
    return Features(
        composers={INTENT: explain},
        commands={"privacy": explain, "mijngegevens": export, "vergeet": confirm},
        buttons={FORGET.prefix: typed(FORGET, forget)},
        actions={"forget": confirm},  # "verwijder mijn gegevens" typed: asked as /vergeet
    )


def explain(ctx: Context) -> Step:
    """Six short sentences, then every kind of row Maatje can keep: what, why, how long;
    then what "under 13", a parent, a parent link and a class group do, and (in Telegram)
    that the sound of a voice note is never kept."""
    render = ctx.render
    replies = [render.reply(render.ui("privacy.explain"))]
    kept = [entry for entry in ctx.store.privacy.catalogue() if _described(ctx, entry)]
    if kept:
        replies.append(render.reply(per_language(render, lambda lang: lines(
            ui(ctx.content, "privacy.kept.header", lang),
            *(kept_line(ctx, entry, lang) for entry in kept)))))
    web = on_the_web(ctx.incoming.user_key)
    replies.append(render.reply(per_language(render, lambda lang: lines(
        ui(ctx.content, "privacy.children", lang), ui(ctx.content, "privacy.parents", lang),
        ui(ctx.content, "privacy.groups", lang),
        *(() if web else (ui(ctx.content, "privacy.voice", lang),))))))
    if web:
        replies.append(render.reply(render.ui("privacy.web")))
    return Step(tuple(replies), ctx.state, INTENT)


def on_the_web(user_key: str) -> bool:
    """A web chat visitor (``web:<id>``, as :data:`bot.web.identity.PREFIX` makes it): her
    browser keeps the conversation, which a Telegram user's phone does in Telegram's app."""
    return user_key.startswith(WEB_PREFIX)


def kept_line(ctx: Context, entry: Kept, lang: str) -> str:
    """``🙋 Waar je aan wilt meedoen… 🕒 Weg 180 dagen na de opvolging.``"""
    content = ctx.content
    what = ui(content, f"privacy.kept.{entry.table}", lang)
    if entry.days is not None and entry.after is not None:
        key = f"privacy.kept.after.{entry.after}"
        key = key if content.has_ui(key) else "privacy.kept.after.days"
        until = ui(content, key, lang, days=entry.days)
    else:
        until = ui(content, "privacy.kept.until_forget", lang)
    consent = ui(content, "privacy.kept.consent", lang) if entry.consent else ""
    return " ".join(part for part in (what, until, consent) if part)


def _described(ctx: Context, entry: Kept) -> bool:
    """A table without its ``privacy.kept.<table>`` text fails a test; never the person."""
    return ctx.content.has_ui(f"privacy.kept.{entry.table}")


def export(ctx: Context) -> Step:
    """What is kept, in a few lines in the person's language, and all of it as a file."""
    render = ctx.render
    if ctx.incoming.in_group:
        return _say(ctx, render.reply(render.ui("group.private")))
    if not ctx.store.durable:
        return _say(ctx, render.reply(render.ui("store.unavailable")))
    tables = ctx.store.privacy.export(ctx.incoming.user_key)
    forms = ctx.store.forms.of_parent(ctx.incoming.user_key)
    document: dict[str, object] = {
        "person": ctx.incoming.user_key,
        "exported_at": ctx.now.isoformat(),
        "tables": tables,
    }
    if forms:  # stored encrypted (the tables show only its size): readable for who entered it
        document["medical_forms"] = [
            {"registration": f"K{form.registration_id}",
             "answers": {step: plain(value) for step, value in form.answers.items()}}
            for form in forms]
    data = json.dumps(document, ensure_ascii=False, indent=2, default=str).encode("utf-8")
    file = Document(EXPORT_FILENAME, data, "application/json")
    kept = {entry.table: entry for entry in ctx.store.privacy.catalogue()}
    children = [registration.first_name for form in forms
                if (registration := ctx.store.camp.get(form.registration_id)) is not None]
    text = per_language(render, lambda lang: lines(summary(ctx, tables, kept, lang), *(
        ui(ctx.content, "camp.form.mydata", lang, name=name or "?") for name in children)))
    return _say(ctx, render.reply(text, document=file))


def summary(ctx: Context, tables: Mapping[str, Rows], kept: Mapping[str, Kept], lang: str) -> str:
    """The readable answer: settings first, then a line per other kind of row kept."""
    content = ctx.content
    if not tables:
        return lines(ui(content, "mydata.none", lang), ui(content, "privacy.export", lang))
    state = ctx.state
    switch = "mydata.on" if ANNOUNCEMENTS in state.consents else "mydata.off"
    role_key = f"role.{state.role}"
    others = [kept_line(ctx, kept[name], lang) for name in tables
              if name not in SUMMARISED and name in kept and _described(ctx, kept[name])]
    return lines(
        ui(content, "mydata.intro", lang),
        ui(content, "mydata.language", lang, language=content.ui_text("language.name", state.language))
        if state.language else None,
        ui(content, "mydata.role", lang, role=content.ui_text(role_key, lang))
        if state.role and content.has_ui(role_key) else None,
        ui(content, "mydata.announcements", lang, value=content.ui_text(switch, lang)),
        ui(content, "mydata.questions", lang, count=len(tables.get("questions", ())))
        if "questions" in tables else None,
        *others,
        ui(content, "privacy.export", lang),
    )


def confirm(ctx: Context) -> Step:
    """``/vergeet``: ask first, with a yes button that expires."""
    render = ctx.render
    if ctx.incoming.in_group:
        return _say(ctx, render.reply(render.ui("group.private")))
    minute = _minute(ctx)
    buttons = [
        render.button("button.forget.yes", FORGET.build(ForgetButton(YES, minute))),
        render.button("button.forget.no", FORGET.build(ForgetButton(NO))),
    ]
    return _say(ctx, render.reply(render.ui("privacy.forget.confirm"), buttons))


def forget(ctx: Context, button: ForgetButton) -> Step:
    """``vergeet:ja:<minute>``: erase every row about the person, and say so."""
    render = ctx.render
    if ctx.incoming.in_group:
        return _say(ctx, render.reply(render.ui("group.private")))
    if button.minute is None:
        return _say(ctx, render.reply(render.ui("privacy.forget.kept")))
    if not 0 <= _minute(ctx) - button.minute <= CONFIRM_MINUTES:
        return stale_button(ctx)
    if not ctx.store.durable:
        return _say(ctx, render.reply(render.ui("store.unavailable")))
    safeguarding.before_erasure(ctx)
    forms_gone(ctx)
    references = ctx.store.privacy.references(ctx.incoming.user_key)
    ctx.store.privacy.forget(ctx.incoming.user_key, ctx.now)
    tell_staff(ctx, references, "staff.privacy.erased")
    return Step((render.reply(render.ui("privacy.forget.done")),), UserState(), INTENT)


def forms_gone(ctx: Context) -> None:
    """A parent's medical forms go with their data: the camp list no longer counts them as
    in (a paper form staff ticked stays), and staff hear which registration lost its form."""
    for form in ctx.store.forms.of_parent(ctx.incoming.user_key):
        registration = ctx.store.camp.digital_form(form.registration_id, sent=False)
        if registration is not None and registration.user_key != ctx.incoming.user_key:
            notify_staff(ctx, staff_text(ctx, "staff.camp.form_erased", ref=registration.ref))


def tell_staff(ctx: Context, references: list[str], key: str) -> None:
    """"🗑️ #L12 is gewist" for staff: the reference only, never the name."""
    for ref in references:
        notify_staff(ctx, staff_text(ctx, key, ref=ref))


def _minute(ctx: Context) -> int:
    return int(ctx.now.timestamp() // 60)


def _say(ctx: Context, reply: Reply) -> Step:
    return Step((reply,), ctx.state, INTENT)
