"""A pupil old enough fills in her own medical form (``MAATJE_FORM_BY_PUPIL_FROM_AGE``).

Off by default: the parent fills the form in. With the setting (e.g. 16), a pupil on the
camp list who types ``/fiche`` is asked once "Ben je 16 of ouder?" (✅ / ❌, typed answers
in every language: ``questions.yaml``, ``form_age``). Maatje knows only an age band (under
13, 13 or older), so the yes is kept as one more band, ``"16+"``, and nothing else: no
birth date, no age in years. A no keeps nothing and points her to her parent. A pupil who
said she is under 13, or who chose "Ouder", is never asked.

With the setting she also gets "📝 Medische fiche invullen" where her parent gets it: in
the medical form's reminder, when she signs up and when she asks about the form (only when
she said she is 13 or older). Pressed before she said her age, it asks it first.
"""

from __future__ import annotations

from dataclasses import replace

from bot.core.campports import FORM_PAPER, Registration
from bot.core.consent import PARENT, band_from, is_at_least, is_under_13
from bot.core.features import Context, Step
from bot.core.messages import Button
from bot.core.render import Renderer
from bot.core.state import UserState
from bot.features.common import per_language, ui
from bot.features.kit.buttons import NO, OLD, START, YES, YOUNG, form_payload

INTENT = "camp_form"


def own_registration(ctx: Context) -> Registration | None:
    """The presser's own place on the camp list, when the setting lets pupils fill in the
    form and she may be old enough (not under 13, not a parent, in her own chat)."""
    state, incoming = ctx.state, ctx.incoming
    if (ctx.form_by_pupil_from_age is None or incoming.in_group or state.role == PARENT
            or is_under_13(state)):
        return None
    return next((registration for registration in ctx.store.camp.everyone()
                 if registration.user_key == incoming.user_key), None)


def form_button(ctx: Context, render: Renderer, registration: Registration) -> Button | None:
    """"📝 Medische fiche invullen" for the presser herself (see :func:`pupil_form_button`)."""
    return pupil_form_button(ctx.form_by_pupil_from_age, render, registration, ctx.state)


def pupil_form_button(from_age: int | None, render: Renderer, registration: Registration,
                      state: UserState) -> Button | None:
    """"📝 Medische fiche invullen" for the pupil whose ``state`` it is: only with the
    setting (``from_age``), when she said she is 13 or older and chose no parent's role, and
    while no paper form is ticked. (The reminder's job cannot see the forms' key, as for the
    parent's reminder: without it, pressing gives the paper form.)"""
    if (from_age is None or state.role == PARENT or state.age_band is None
            or is_under_13(state) or registration.medical_kind == FORM_PAPER):
        return None
    return render.button("button.form.start", form_payload(registration.id, START))


def own_form_button(ctx: Context, render: Renderer) -> Button | None:
    """The form button for the presser's own place on the camp list, if she has one and
    the digital form is on."""
    own = own_registration(ctx) if ctx.store.forms.enabled else None
    return form_button(ctx, render, own) if own is not None else None


def asks_age(ctx: Context, registration: Registration) -> bool:
    """Her own form's button pressed before she said she is old enough: ask it first."""
    own = own_registration(ctx)
    return own is not None and own.id == registration.id and not old_enough(ctx)


def old_enough(ctx: Context) -> bool:
    """She said she is the setting's age or older (the band ``"16+"`` is kept)."""
    age = ctx.form_by_pupil_from_age
    return age is not None and is_at_least(ctx.state, age)


def may_fill(ctx: Context, registration: Registration) -> bool:
    """Whether the presser is the pupil herself, old enough to fill in her form."""
    own = own_registration(ctx)
    return own is not None and own.id == registration.id and old_enough(ctx)


def age_question(ctx: Context, registration: Registration) -> Step:
    """"Ben je 16 of ouder?" with ✅ and ❌."""
    render, age = ctx.render, ctx.form_by_pupil_from_age
    text = per_language(render, lambda lang: ui(ctx.content, "camp.form.pupil_age", lang, age=age))
    buttons = [render.button(f"button.form.{YES}", form_payload(registration.id, OLD)),
               render.button(f"button.form.{NO}", form_payload(registration.id, YOUNG))]
    return Step((render.reply(text, buttons),), ctx.state, INTENT)


def answer(ctx: Context, registration: Registration, old: bool) -> Context | Step:
    """The yes: the context with the band kept, to open the form with; the no: her parent
    fills it in (nothing kept)."""
    age = ctx.form_by_pupil_from_age
    assert age is not None
    if old:
        return replace(ctx, state=ctx.state.with_(age_band=band_from(age)))
    render = ctx.render
    text = per_language(render, lambda lang: ui(ctx.content, "camp.form.pupil_young", lang,
                                                age=age, name=registration.first_name or "?"))
    return Step((render.reply(text),), ctx.state, INTENT)

