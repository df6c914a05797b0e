"""The parent of a pupil on the camp list: a one-time link from staff, then reminders.

Staff press "👪 Link voor ouder" on a registration (``/kamp``) or run
``maatje camp parent-link``; Maatje shows ``https://t.me/<bot>?start=ouder-<token>`` and
its QR code for a letter. The parent who opens it is tied to that registration (the link
then stops working), onboarded as a parent in their own language, and told what is still
missing, with the medical form as a PDF. The medical-form reminder then goes to them too.
Only the token's hash is kept, as for staff invites.
"""

from __future__ import annotations

from datetime import timedelta

from bot.core.features import Context, Step
from bot.core.menu import main_menu
from bot.core.messages import Document, Reply
from bot.core.ports import Store
from bot.core.render import Renderer
from bot.core.staffports import LinkedParent, Notice, Registration, StaffMember
from bot.features.common import lines, per_language, ui
from bot.features.deeplinks import link_url
from bot.features.kit.languages import plan_for
from bot.features.kit.start import start_token
from bot.features.kit.welcome import welcome
from bot.features.staffkit import staff_reply, staff_text, step
from content.dates import format_day
from content.loader import Content

LINK_PREFIX = "ouder-"
VALID_FOR = timedelta(days=14)
INTENT = "camp_parent"
#: What a parent can do something about: their permission and the medical form.
PARENT_ITEMS = ("permission", "medical")
PDF_MIME_TYPE = "application/pdf"
PNG_MIME_TYPE = "image/png"


def start_parameter(token: str) -> str:
    """``ouder-<token>``: 6 + 24 characters, well within Telegram's 64."""
    return f"{LINK_PREFIX}{token}"


def make_link(ctx: Context, member: StaffMember, registration_id: int) -> Step:
    """``kamp:<id>:parent``: a fresh one-time link for the parent, with its QR code."""
    from bot.qr import qr_png

    if not ctx.bot_username:
        return step(ctx, staff_reply(ctx, "staff.camp.parent_no_bot"))
    invite = ctx.store.camp.parent_invite(registration_id, ctx.now, VALID_FOR)
    if invite is None:
        return step(ctx, staff_reply(ctx, "staff.lead.unknown"))
    url = link_url(ctx.bot_username, start_parameter(invite.token))
    registration = invite.registration
    text = staff_text(ctx, "staff.camp.parent_link", ref=registration.ref,
                      name=registration.first_name or "?", link=url,
                      until=format_day(invite.expires_at.astimezone(ctx.now.tzinfo).date(), "nl"))
    picture = Document(f"ouder-{registration.ref}.png", qr_png(url), PNG_MIME_TYPE,
                       staff_text(ctx, "staff.camp.parent_qr", ref=registration.ref))
    return step(ctx, Reply(text, document=picture))


def accept(ctx: Context) -> Step | None:
    """``/start ouder-<token>`` in a private chat: tie this person to the registration, once."""
    token = start_token(ctx, LINK_PREFIX)
    if token is None:
        return None
    incoming = ctx.incoming
    registration = ctx.store.camp.accept_parent(
        token, incoming.user_key, incoming.chat_key or incoming.user_key, ctx.state.language,
        ctx.now)
    if registration is None:
        refusal = ctx.render.reply(ctx.render.ui("camp.parent.invalid"))
        return Step((refusal, *welcome(ctx).replies), ctx.state.with_(misses=0), INTENT)
    state = ctx.state if ctx.state.onboarded else ctx.state.with_(role="parent")
    if state.language is None:
        picker = welcome(ctx)
        return Step(picker.replies, state.with_(misses=0), INTENT)
    state = state.with_(onboarded=True, misses=0)
    return Step(status_replies(ctx.store, ctx.content, ctx.render, incoming.user_key), state, INTENT)


def status_replies(store: Store, content: Content, render: Renderer, user_key: str) -> tuple[Reply, ...]:
    """For each child of this parent on the camp list: the camp, what is missing, the form."""
    return tuple(
        status(content, render, registration) for registration in store.camp.of_parent(user_key)
    )


def status(content: Content, render: Renderer, registration: Registration) -> Reply:
    """Which camp, what the parent still has to do, and the medical form PDF if it is missing."""
    camp = content.camp
    missing = [item for item in PARENT_ITEMS if item in registration.missing]
    if camp is None:
        return render.reply(render.ui("camp.parent.complete"), menu=main_menu(render))
    deadline = camp.medical_form.deadline

    def block(lang: str) -> str:
        items = [ui(content, f"camp.parent.item.{item}", lang, date=format_day(deadline, lang))
                 for item in missing]
        return lines(
            ui(content, "camp.parent.linked", lang, name=registration.first_name or "?",
               camp=camp.title.get(lang), date=format_day(camp.start.date(), lang)),
            ui(content, "camp.parent.missing" if missing else "camp.parent.complete", lang),
            *items,
        )

    text = per_language(render, block)
    data = content.attachment(camp.medical_form.pdf)
    document = None
    if "medical" in missing and data is not None:
        caption = per_language(render, lambda lang: ui(content, "camp.parent.form", lang))
        document = Document(camp.medical_form.pdf, data, PDF_MIME_TYPE, caption)
    return render.reply(text, menu=main_menu(render), document=document)


def remind(ctx: Context) -> int:
    """Linked parents whose child still misses the form: one reminder each, with the PDF."""
    camp = ctx.content.camp
    if camp is None:
        return 0
    due = ctx.store.camp.parents_without_medical_form(ctx.now)
    for parent in due:
        ctx.store.outbox.notify(reminder(ctx.content, parent), ctx.now)
    return len(due)


def reminder(content: Content, parent: LinkedParent) -> Notice:
    """The reminder in Dutch and the parent's language; the form goes with it as a file."""
    camp = content.camp
    assert camp is not None
    deadline = camp.medical_form.deadline
    render = Renderer(content, plan_for(parent.language))
    text = per_language(render, lambda lang: ui(
        content, "camp.parent.reminder", lang, name=parent.registration.first_name or "?",
        date=format_day(deadline, lang)))
    attachment = camp.medical_form.pdf if content.attachment(camp.medical_form.pdf) else None
    return Notice(parent.chat_key, text, attachment=attachment,
                  about=parent.registration.user_key)
