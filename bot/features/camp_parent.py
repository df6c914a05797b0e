"""The parent of a pupil on the camp list: a one-time link from staff, then reminders.

Staff press "👪 Link voor ouder" on a registration (``/kamp``) or run
``maatje camp parent-link``; Maatje shows ``https://t.me/<bot>?start=ouder-<token>`` and
its QR code for a letter. Whoever opens it first is only a claim: the link stops working,
they are onboarded as a parent in their own language and told to wait, and nothing about
the pupil reaches them until the pupil (13 or older, with a chat with Maatje) says ✅
"this is my parent", or, for a younger pupil or one without a chat, the youth worker who
made the link does. Then they get what is still missing, with the medical form as a PDF,
and the medical-form reminder. Staff see on ``/kamp`` who opened each link (first name,
language, when) and can stop a link and make a new one. Only the token's hash is kept,
as for staff invites.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from bot.core.campports import (
    CONFIRMER_PUPIL,
    CONFIRMER_STAFF,
    LINK_CONFIRMED,
    LINK_LEGACY,
    LINK_PENDING,
    LINK_REFUSED,
    LINK_REVOKED,
    LinkedParent,
    ParentLink,
    Registration,
)
from bot.core.consent import declared_age
from bot.core.features import Context, JobContext, Step
from bot.core.menu import main_menu
from bot.core.messages import Button, Document, Reply
from bot.core.outboxports import Notice
from bot.core.payloads import Choice, Codec, Number
from bot.core.ports import Store
from bot.core.render import Renderer
from bot.core.staffports import StaffMember
from bot.features import camp_permission
from bot.features.common import lines, per_language, ui
from bot.features.deeplinks import link_url
from bot.features.kit.buttons import START, form_payload
from bot.features.kit.formfile import document as form_file
from bot.features.kit.formfile import form_attachment, form_days, reader_language
from bot.features.kit.languages import language_name, plan_for
from bot.features.kit.replies import remember_asked, stale_button
from bot.features.kit.start import start_token
from bot.features.kit.welcome import welcome
from bot.features.staffkit import notify_staff, short_time, staff_reply, staff_text, step
from content.dates import format_day
from content.loader import Content

LINK_PREFIX = "ouder-"
VALID_FOR = timedelta(days=14)
INTENT = "camp_parent"
#: What a parent can do something about: their permission and the medical form.
PARENT_ITEMS = ("permission", "medical")
PDF_MIME_TYPE = "application/pdf"
PNG_MIME_TYPE = "image/png"
#: Buttons ``ouder:<link>:ja|nee`` (confirm or refuse), ``:vraag`` (ask the pupil about a
#: legacy link) and ``:stop`` (staff revoke).
PREFIX = "ouder"
YES, NO, ASK, STOP = "ja", "nee", "vraag", "stop"
#: Links on the ``/kamp`` card that a youth worker confirms from there.
STAFF_CONFIRMS = (f"{LINK_PENDING}.{CONFIRMER_STAFF}", f"{LINK_LEGACY}.{CONFIRMER_STAFF}")


def start_parameter(token: str) -> str:
    """``ouder-<token>``: 6 + 24 characters, well within Telegram's 64."""
    return f"{LINK_PREFIX}{token}"


def make_link(ctx: Context, member: StaffMember, registration_id: int) -> Step:
    """``kamp:<id>:parent``: a fresh one-time link for the parent, with its QR code."""
    from bot.qr import qr_png

    if not ctx.bot_username:
        return step(ctx, staff_reply(ctx, "staff.camp.parent_no_bot"))
    invite = ctx.store.camp.parent_invite(registration_id, ctx.now, VALID_FOR, member.user_key)
    if invite is None:
        return step(ctx, staff_reply(ctx, "staff.lead.unknown"))
    url = link_url(ctx.bot_username, start_parameter(invite.token))
    registration = invite.registration
    text = staff_text(ctx, "staff.camp.parent_link", ref=registration.ref,
                      name=registration.first_name or "?", link=url,
                      until=format_day(invite.expires_at.astimezone(ctx.content.zone).date(), "nl"))
    picture = Document(f"ouder-{registration.ref}.png", qr_png(url), PNG_MIME_TYPE,
                       staff_text(ctx, "staff.camp.parent_qr", ref=registration.ref))
    return step(ctx, Reply(text, document=picture))


def accept(ctx: Context) -> Step | None:
    """``/start ouder-<token>`` in a private chat: a claim to be the parent, once; the
    pupil (or staff) is asked to confirm it before the parent sees anything about her."""
    token = start_token(ctx, LINK_PREFIX)
    if token is None:
        return None
    incoming = ctx.incoming
    found = ctx.store.camp.parent_link(token, ctx.now)
    if found is not None and found.registration.user_key == incoming.user_key:
        return Step((ctx.render.reply(ctx.render.ui("camp.parent.own_link")),), ctx.state, INTENT)
    opened = found and ctx.store.camp.accept_parent(
        token, incoming.user_key, incoming.chat_key or incoming.user_key,
        incoming.first_name or "", ctx.state.language, ctx.now)
    if not opened:
        refusal = ctx.render.reply(ctx.render.ui("camp.parent.invalid"))
        return Step((refusal, *welcome(ctx).replies), ctx.state.with_(misses=0), INTENT)
    opened = replace(opened, confirmer=confirmer_of(opened))
    ctx.store.camp.await_confirmation(opened.id, str(opened.confirmer))
    ask_confirmation(ctx, opened)
    waiting = ctx.render.reply(ctx.render.ui(f"camp.parent.waiting.{opened.confirmer}"))
    state = ctx.state if ctx.state.onboarded else ctx.state.with_(role="parent")
    if state.language is None:
        picker = welcome(ctx)
        return Step((*picker.replies, waiting), state.with_(misses=0), INTENT)
    return Step((waiting,), state.with_(onboarded=True, misses=0), INTENT)


def confirmer_of(link: ParentLink) -> str:
    """The pupil confirms when she is 13 or older and has a chat with Maatje; else staff."""
    if link.confirmer:
        return link.confirmer
    return CONFIRMER_PUPIL if link.pupil_chat and declared_age(link.pupil_age) else CONFIRMER_STAFF


def ask_confirmation(ctx: Context, link: ParentLink) -> None:
    """"Is Fatima your parent?" to the pupil, in her language; or to the youth worker who
    made the link (every youth worker when nobody did, from the command line)."""
    registration = link.registration
    if link.confirmer == CONFIRMER_PUPIL:
        render = Renderer(ctx.content, plan_for(registration.language))
        text = per_language(render, lambda lang: ui(ctx.content, "camp.parent.confirm", lang,
                                                    parent=link.parent_name or "?"))
        buttons = _answers(render, link)
        ctx.store.outbox.notify(Notice(registration.chat_key, text, buttons,
                                       about=registration.user_key,
                                       names=link.parent_user_key), ctx.now)
        remember_asked(ctx, registration.user_key, buttons)
        return
    text = staff_text(ctx, "staff.camp.parent_confirm", **_staff_fields(ctx, link))
    buttons = _staff_answers(ctx, link)
    creator = _creator(ctx, link)
    if creator is None:
        notify_staff(ctx, text, buttons, about=registration.user_key, names=link.parent_user_key)
        return
    ctx.store.outbox.notify(Notice(creator.user_key, text, buttons, about=registration.user_key,
                                   names=link.parent_user_key), ctx.now)
    remember_asked(ctx, creator.user_key, buttons)


@dataclass(frozen=True)
class ParentButton:
    """``ouder:<link>:ja|nee`` from the one who confirms; ``:vraag`` and ``:stop`` from staff."""

    link: int
    answer: str


BUTTON = Codec(PREFIX, ParentButton, ((Number("link"), Choice("answer", (YES, NO, ASK, STOP))),))


def on_button(ctx: Context, button: ParentButton) -> Step:
    """``ouder:<link>:ja|nee`` from the one who confirms; ``:vraag`` and ``:stop`` from staff."""
    link = ctx.store.camp.link(button.link)
    if link is None:
        return gone(ctx) if button.answer in (YES, NO) else stale_button(ctx)
    if button.answer in (ASK, STOP):
        member = ctx.store.staff.member(ctx.incoming.user_key)
        if member is None:
            return stale_button(ctx)
        return revoke(ctx, link) if button.answer == STOP else ask_pupil(ctx, link)
    if not may_confirm(ctx, link):
        return stale_button(ctx)
    decided = ctx.store.camp.decide_parent(
        link.id, LINK_CONFIRMED if button.answer == YES else LINK_REFUSED, ctx.now)
    if decided is None:
        return stale_button(ctx)
    return confirmed(ctx, decided) if decided.status == LINK_CONFIRMED else refused(ctx, decided)


def gone(ctx: Context) -> Step:
    """"Is Fatima je ouder?" answered (typed or pressed) once the link is gone: the one who
    opened it erased their data (their ``/vergeet`` deletes the link row). Nothing to
    confirm: a clear answer, not "this button does not work"; it names nobody. A link
    stopped by staff keeps its row, and its old buttons stay stale."""
    if ctx.store.staff.member(ctx.incoming.user_key) is not None:
        return stale_button(ctx)
    return Step((ctx.render.reply(ctx.render.ui("camp.parent.gone")),), ctx.state, INTENT)


def may_confirm(ctx: Context, link: ParentLink) -> bool:
    """The pupil herself, in her own chat; or the youth worker who made the link (any
    youth worker when nobody did or they left), and only for the links staff confirm."""
    if link.status not in (LINK_PENDING, LINK_LEGACY):
        return False
    if confirmer_of(link) == CONFIRMER_PUPIL:
        return ctx.incoming.user_key == link.registration.user_key and not ctx.incoming.in_group
    member = ctx.store.staff.member(ctx.incoming.user_key)
    creator = _creator(ctx, link)
    return member is not None and (creator is None or creator.user_key == member.user_key)


def confirmed(ctx: Context, link: ParentLink) -> Step:
    """The parent now gets the camp status and the form; the one who confirmed is told."""
    registration = link.registration
    if link.parent_chat_key:
        render = Renderer(ctx.content, plan_for(link.language or "nl"))
        reply = status(ctx.content, render, registration, form_days(ctx.store))
        attachment = reply.document.filename if reply.document else None
        ctx.store.outbox.notify(Notice(link.parent_chat_key, reply.text, attachment=attachment,
                                       about=registration.user_key), ctx.now)
        if link.parent_user_key:
            camp_permission.request(ctx, registration, link.parent_chat_key,
                                    link.parent_user_key, link.language)
    fields = _staff_fields(ctx, link)
    if confirmer_of(link) == CONFIRMER_PUPIL:
        notify_staff(ctx, staff_text(ctx, "staff.camp.parent_confirmed_pupil", **fields),
                     about=registration.user_key, names=link.parent_user_key)
        text = per_language(ctx.render, lambda lang: ui(
            ctx.content, "camp.parent.confirmed", lang, parent=link.parent_name or "?"))
        return Step((ctx.render.reply(text),), ctx.state, INTENT)
    return step(ctx, staff_reply(ctx, "staff.camp.parent_confirmed", (), **fields))


def refused(ctx: Context, link: ParentLink) -> Step:
    """Not the parent: the link stops, the one who opened it is told, staff make a new one."""
    _tell_parent_stopped(ctx, link)
    fields = _staff_fields(ctx, link)
    if confirmer_of(link) == CONFIRMER_PUPIL:
        notify_staff(ctx, staff_text(ctx, "staff.camp.parent_refused", **fields),
                     about=link.registration.user_key, names=link.parent_user_key)
        text = per_language(ctx.render, lambda lang: ui(
            ctx.content, "camp.parent.not_parent", lang, parent=link.parent_name or "?"))
        return Step((ctx.render.reply(text),), ctx.state, INTENT)
    return step(ctx, staff_reply(ctx, "staff.camp.parent_revoked", (), **fields))


def revoke(ctx: Context, link: ParentLink) -> Step:
    """``ouder:<link>:stop``: the link stops working, whatever its state; its parent is told."""
    stopped = ctx.store.camp.decide_parent(link.id, LINK_REVOKED, ctx.now)
    if stopped is None:
        return step(ctx, staff_reply(ctx, "staff.lead.unknown"))
    _tell_parent_stopped(ctx, stopped)
    return step(ctx, staff_reply(ctx, "staff.camp.parent_revoked", (), **_staff_fields(ctx, stopped)))


def ask_pupil(ctx: Context, link: ParentLink) -> Step:
    """``ouder:<link>:vraag``: a legacy link's pupil (13+) is asked; it works meanwhile."""
    if link.status != LINK_LEGACY or confirmer_of(link) != CONFIRMER_PUPIL:
        return step(ctx, staff_reply(ctx, "staff.lead.unknown"))
    ctx.store.camp.await_confirmation(link.id, CONFIRMER_PUPIL)
    ask_confirmation(ctx, replace(link, confirmer=CONFIRMER_PUPIL))
    return step(ctx, staff_reply(ctx, "staff.camp.parent_asked", (), **_staff_fields(ctx, link)))


def card_lines(ctx: Context, member: StaffMember, registration: Registration
               ) -> tuple[str, tuple[Button, ...]]:
    """For the ``/kamp`` card: each link in force (who opened it, in what language, when,
    where it stands) and its buttons (confirm or ask, stop)."""
    texts: list[str] = []
    buttons: list[Button] = []
    for link in ctx.store.camp.parent_links(registration.id):
        fields = _staff_fields(ctx, link)
        kind = link.status
        if kind in (LINK_PENDING, LINK_LEGACY):
            kind = f"{kind}.{confirmer_of(link)}"
        texts.append(staff_text(ctx, f"staff.camp.parent_line.{kind}", **fields))
        if kind == f"{LINK_LEGACY}.{CONFIRMER_PUPIL}":
            buttons.append(_staff_button(ctx, "staff.camp.parent_ask", link, ASK))
        elif kind in STAFF_CONFIRMS and _creator_or_anyone(ctx, link, member):
            buttons.append(_staff_button(ctx, "staff.camp.parent_yes", link, YES))
        buttons.append(_staff_button(ctx, "staff.camp.parent_stop", link, STOP))
    return "\n".join(texts), tuple(buttons)


def _creator_or_anyone(ctx: Context, link: ParentLink, member: StaffMember) -> bool:
    creator = _creator(ctx, link)
    return creator is None or creator.user_key == member.user_key


def _creator(ctx: Context, link: ParentLink) -> StaffMember | None:
    """The active youth worker who made the link, if any."""
    return ctx.store.staff.member(link.created_by) if link.created_by else None


def _staff_fields(ctx: Context, link: ParentLink) -> dict[str, object]:
    registration = link.registration
    return {
        "ref": registration.ref,
        "name": registration.first_name or "?",
        "parent": link.parent_name or "?",
        "language": language_name(link.language) if link.language else "?",
        "when": short_time(ctx, link.used_at) if link.used_at else "?",
        "until": format_day(link.expires_at.astimezone(ctx.content.zone).date(), "nl"),
    }


def _answers(render: Renderer, link: ParentLink) -> tuple[Button, ...]:
    return tuple(b for b in (render.button("button.parent.yes", BUTTON.build(ParentButton(link.id, YES))),
                             render.button("button.parent.no", BUTTON.build(ParentButton(link.id, NO)))) if b)


def _staff_answers(ctx: Context, link: ParentLink) -> tuple[Button, ...]:
    return (_staff_button(ctx, "staff.camp.parent_yes", link, YES),
            _staff_button(ctx, "staff.camp.parent_no", link, NO))


def _staff_button(ctx: Context, key: str, link: ParentLink, action: str) -> Button:
    return Button(staff_text(ctx, key, **_staff_fields(ctx, link)),
                  BUTTON.build(ParentButton(link.id, action)))


def _tell_parent_stopped(ctx: Context, link: ParentLink) -> None:
    if link.parent_chat_key:
        render = Renderer(ctx.content, plan_for(link.language or "nl"))
        ctx.store.outbox.notify(Notice(link.parent_chat_key, render.ui("camp.parent.stopped")),
                                ctx.now)


def status_replies(store: Store, content: Content, render: Renderer, user_key: str) -> tuple[Reply, ...]:
    """For each child of this parent on the camp list: the camp, what is missing, the form."""
    days = form_days(store)
    return tuple(status(content, render, registration, days)
                 for registration in store.camp.of_parent(user_key))


def status(content: Content, render: Renderer, registration: Registration, days: int) -> Reply:
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
    document = None
    if "medical" in missing:
        caption = per_language(render, lambda lang: ui(content, "camp.parent.form", lang))
        document = form_file(content, render, days, caption)
    return render.reply(text, menu=main_menu(render), document=document)


def remind(ctx: JobContext) -> int:
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
    attachment = form_attachment(content, reader_language(render))
    form = render.button("button.form.start", form_payload(parent.registration.id, START))
    return Notice(parent.chat_key, text, (form,) if form else (), attachment=attachment,
                  about=parent.registration.user_key)
