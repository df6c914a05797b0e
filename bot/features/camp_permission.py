"""The parents' permission for camp, given in Maatje.

Once a parent link is confirmed (:mod:`bot.features.camp_parent`), the parent gets a short
summary of the camp in their language (dates, place, price and help paying, who leads,
what to bring) with "✅ Ik geef toestemming" and "❓ Ik heb een vraag"; typing "ja" or
"nee" works too (``questions.yaml``: ``camp_permission``). A yes is kept with the time and
the parent who gave it, staff hear of it and see it ticked on ``/kamp``; the parent can
withdraw it until the camp starts. "Ik heb een vraag" passes the parent's next message to
staff, as the hand-over does. Only a parent whose link works for this registration may
press these buttons: anyone else gets the stale-button answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.campports import FORM_PAPER, LINK_WORKING, ParentLink, Registration
from bot.core.features import Context, Step
from bot.core.messages import Button, Reply
from bot.core.payloads import HANDOVER_NO, Choice, Codec, Number
from bot.core.render import Renderer
from bot.features import handover
from bot.features.camp_facts import essentials, fact_line
from bot.features.common import lines, per_language, ui
from bot.features.kit.buttons import START, form_payload
from bot.features.kit.languages import person_render
from bot.features.kit.replies import remember_asked, stale_button, tell
from bot.features.staffkit import notify_staff, short_time, staff_text
from content.camp import Camp
from content.loader import Content

INTENT = "camp_permission"
PREFIX = "perm"
YES, ASK, WITHDRAW = "ja", "vraag", "stop"
#: Parent questions in ``camp.yaml`` whose answers the summary repeats: help paying, who leads.
SUMMARY_QUESTIONS = ("cost", "supervision")
#: How many "what it is like" points the summary shows (the camp answer has them all).
SUMMARY_FACTS = 3


@dataclass(frozen=True)
class PermissionButton:
    """``perm:<registration>:ja|vraag|stop``: give, ask first, withdraw."""

    registration: int
    answer: str


BUTTON = Codec(PREFIX, PermissionButton,
               ((Number("registration"), Choice("answer", (YES, ASK, WITHDRAW))),))


def request(ctx: Context, registration: Registration, chat_key: str, user_key: str,
            language: str | None) -> None:
    """The summary and the two buttons, to a parent Maatje is not answering right now."""
    camp = ctx.content.camp
    if camp is None or "permission" in registration.ticked:
        return
    if tell(ctx, chat_key, language, lambda lang: summary(ctx.content, camp, registration, lang),
            lambda render: _request_buttons(render, registration), about=registration.user_key):
        remember_asked(ctx, user_key, _request_buttons(person_render(ctx.content, language),
                                                       registration))


def request_reply(ctx: Context, render: Renderer, registration: Registration) -> Reply | None:
    """The summary with its two buttons; ``None`` without a camp or once permission is given."""
    camp = ctx.content.camp
    if camp is None or "permission" in registration.ticked:
        return None
    text = per_language(render, lambda lang: summary(ctx.content, camp, registration, lang))
    return render.reply(text, _request_buttons(render, registration))


def summary(content: Content, camp: Camp, registration: Registration, lang: str) -> str:
    """The camp in a few lines, for a parent deciding: one block in ``lang``."""
    answers = {q.id: q.answer.get(lang) for q in camp.parent_questions}
    bring = ", ".join(item.item.get(lang) for item in camp.packing)
    return lines(
        ui(content, "camp.permission.request", lang, name=registration.first_name or "?",
           camp=camp.title.get(lang)),
        *essentials(content, camp, lang),
        *(ui(content, "camp.permission.answer", lang, answer=answers[key])
          for key in SUMMARY_QUESTIONS if answers.get(key)),
        *(fact_line(content, fact, lang) for fact in camp.what_it_is_like[:SUMMARY_FACTS]),
        ui(content, "camp.permission.bring", lang, items=bring) if bring else None,
        ui(content, "camp.permission.question", lang),
    )


def _request_buttons(render: Renderer, registration: Registration) -> tuple[Button, ...]:
    found = (render.button("button.permission.yes", _payload(registration, YES)),
             render.button("button.permission.ask", _payload(registration, ASK)))
    return tuple(button for button in found if button is not None)


def _payload(registration: Registration, answer: str) -> str:
    return BUTTON.build(PermissionButton(registration.id, answer))


def on_button(ctx: Context, button: PermissionButton) -> Step:
    """``perm:<id>:ja|vraag|stop`` from a parent whose link works for this registration."""
    registration = ctx.store.camp.get(button.registration)
    link = parent_link(ctx, registration) if registration else None
    if registration is None or link is None:
        return stale_button(ctx)
    if button.answer == YES:
        return give(ctx, registration, link)
    if button.answer == ASK:
        return ask_first(ctx, registration)
    return withdraw(ctx, registration, link)


def parent_link(ctx: Context, registration: Registration) -> ParentLink | None:
    """The presser's working link to this registration: only the linked parent, in their
    own chat, may answer."""
    if ctx.incoming.in_group:
        return None
    return next((link for link in ctx.store.camp.parent_links(registration.id)
                 if link.status in LINK_WORKING and link.parent_user_key == ctx.incoming.user_key),
                None)


def _parent_name(link: ParentLink) -> str:
    """The first name the parent had when opening the link, as staff saw it on ``/kamp``."""
    return link.parent_name or "?"


def give(ctx: Context, registration: Registration, link: ParentLink) -> Step:
    """Keep the yes (when, by whom), tell staff, offer to withdraw it."""
    if "permission" not in registration.ticked:
        given = ctx.store.camp.give_permission(registration.id, ctx.incoming.user_key,
                                               _parent_name(link), ctx.now)
        if given is None:
            return stale_button(ctx)
        notify_staff(ctx, staff_text(ctx, "staff.camp.permission_given", **_fields(ctx, given)),
                     about=registration.user_key, names=ctx.incoming.user_key)
    form = (("button.form.start", form_payload(registration.id, START)),) if (
        ctx.store.forms.enabled and registration.medical_kind != FORM_PAPER) else ()
    return _say(ctx, "camp.permission.given", registration,
                ("button.permission.withdraw", _payload(registration, WITHDRAW)), *form)


def ask_first(ctx: Context, registration: Registration) -> Step:
    """"Ik heb een vraag": the parent's next message goes to staff, as a hand-over does."""
    if not ctx.store.inputs.expect(ctx.incoming.user_key, handover.EXPECT, registration.ref, ctx.now):
        return _say(ctx, "handover.not_saved", registration)
    return _say(ctx, "camp.permission.write", registration, ("handover.stop", HANDOVER_NO))


def withdraw(ctx: Context, registration: Registration, link: ParentLink) -> Step:
    """Until the camp starts the parent can take the permission back; staff hear of it."""
    camp = ctx.content.camp
    if camp is not None and ctx.now >= camp.start:
        return _say(ctx, "camp.permission.started", registration)
    withdrawn = ctx.store.camp.withdraw_permission(registration.id)
    if withdrawn is not None:
        fields = _fields(ctx, withdrawn) | {"parent": _parent_name(link)}
        notify_staff(ctx, staff_text(ctx, "staff.camp.permission_withdrawn", **fields),
                     about=registration.user_key, names=ctx.incoming.user_key)
    return _say(ctx, "camp.permission.withdrawn", registration,
                ("button.permission.yes", _payload(registration, YES)))


def staff_line(ctx: Context, registration: Registration) -> str | None:
    """For the ``/kamp`` card: who gave the permission and when (``None``: not given)."""
    if "permission" not in registration.ticked or registration.permission_source is None:
        return None
    return staff_text(ctx, f"staff.camp.permission_by.{registration.permission_source}",
                      **_fields(ctx, registration))


def _fields(ctx: Context, registration: Registration) -> dict[str, object]:
    at = registration.permission_at
    return {"ref": registration.ref, "name": registration.first_name or "?",
            "parent": registration.permission_name or "?",
            "when": short_time(ctx, at) if at else "?"}


def _say(ctx: Context, key: str, registration: Registration, *buttons: tuple[str, str]) -> Step:
    render = ctx.render
    text = per_language(render, lambda lang: ui(ctx.content, key, lang,
                                                name=registration.first_name or "?"))
    reply = render.reply(text, [render.button(label, payload) for label, payload in buttons])
    return Step((reply,), ctx.state, INTENT)
