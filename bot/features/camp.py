"""Camp registration: a camp lead staff accept goes on the camp list, with a checklist
(parents' permission, medical form, paid). ``/kamp`` shows who is missing what, with
buttons to tick; before the medical form's deadline each pupil still missing it gets one
reminder in their own language, with a button that sends the form as a PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.core.campports import CAMP_ITEMS, FORM_DIGITAL, Registration
from bot.core.consent import PARENT as PARENT_ROLE
from bot.core.features import Context, Features, JobContext, Step
from bot.core.leadports import Lead
from bot.core.messages import Button, Reply
from bot.core.payloads import Choice, Codec, Number, intent_payload
from bot.core.render import Renderer
from bot.core.staffports import StaffMember
from bot.features import camp_form, camp_form_pupil, camp_parent, camp_permission, camp_sheet
from bot.features.common import lines
from bot.features.kit.buttons import typed
from bot.features.kit.formfile import form_attachment, reader_language
from bot.features.kit.languages import language_name, person_render
from bot.features.kit.replies import tell
from bot.features.staffkit import (
    audit_reads,
    notify_staff,
    staff_button,
    staff_buttons,
    staff_only,
    staff_reply,
    staff_text,
    step,
)
from content.dates import format_day

#: The last part of ``kamp:<id>:parent``: a one-time link for the pupil's parent;
#: of ``kamp:<id>:fiche``: read the digital medical form (audited).
PARENT = "parent"
READ_FORM = "fiche"
MEDICAL_FORM = "camp_medical_form"


@dataclass(frozen=True)
class CampButton:
    """``kamp:<registration>:<item>`` (tick or untick it), ``kamp:<registration>:parent``,
    ``kamp:<registration>:fiche``."""

    registration: int
    item: str


BUTTON = Codec("kamp", CampButton, (
    (Number("registration"), Choice("item", (*CAMP_ITEMS, PARENT, READ_FORM))),
))


#: The camp named as an activity: how "ik wil mee op kamp" was kept before sign-up from
#: anywhere (the gazetteer lists the camp among the activities).
ACTIVITY_CAMP = "activity:kamp"


def is_camp(lead: Lead) -> bool:
    """A lead about the camp: ``camp`` or ``camp:<detail>``, or an old ``activity:kamp``."""
    return lead.topic == ACTIVITY_CAMP or lead.topic.partition(":")[0] == "camp"


def sign_up(ctx: Context, lead: Lead) -> tuple[Reply, ...]:
    """A camp wish with its consent: on the camp list at once, as the staff's
    "🏕️ Op de kamplijst" does. A parent signs up their child (first name and age band
    asked before, under 13 too) and gets the permission question right away; a pupil is
    told a parent still has to give it. Staff hear of the registration."""
    state = ctx.state
    child = state.child_name if state.role == PARENT_ROLE and state.child_band else None
    registration = ctx.store.camp.register(lead, ctx.now, child,
                                           parent_name=ctx.incoming.first_name or "")
    if registration is None:
        return ()
    by = staff_text(ctx, f"staff.camp.signed_up_by.{'parent' if child else 'pupil'}",
                    parent=ctx.incoming.first_name or "?")
    notify_staff(ctx, staff_text(ctx, "staff.camp.signed_up", ref=registration.ref,
                                 name=registration.first_name or "?", lead=lead.ref, by=by),
                 about=registration.user_key)
    render = ctx.render
    if child is None:
        own = camp_form_pupil.own_form_button(ctx, render)
        return (render.reply(render.ui("camp.signup.pupil"), [own]),)
    told = render.reply(render.ui("camp.signup.child", name=registration.first_name))
    asked = camp_permission.request_reply(ctx, render, registration)
    return (told, asked) if asked else (told,)


def register(ctx: Context, member: StaffMember, lead: Lead) -> Step:
    """``lead:<id>:camp``: on the camp list (once), and the lead is followed up."""
    registration = ctx.store.camp.register(lead, ctx.now)
    if registration is None:
        return step(ctx, staff_reply(ctx, "staff.lead.unknown"))
    ctx.store.leads.close(lead.id, member, ctx.now)
    return step(ctx, staff_reply(ctx, "staff.camp.registered", ref=registration.ref,
                                 name=registration.first_name or "?"))


def card(ctx: Context, member: StaffMember, registration: Registration) -> Reply:
    """``#K3 · Ali · Arabisch`` with a tick box per item, and a button per item to switch it;
    the parent links under it (who opened each, and whether it is confirmed)."""
    marks = "\n".join(
        f"{'✅' if item in registration.ticked else '⬜'} {staff_text(ctx, f'staff.camp.{item}')}"
        for item in CAMP_ITEMS
    )
    text = staff_text(ctx, "staff.camp.card", ref=registration.ref,
                      name=registration.first_name or "?",
                      language=language_name(registration.language), items=marks)
    buttons = tuple(
        Button(f"{'↩️' if item in registration.ticked else '✅'} "
               f"{staff_text(ctx, f'staff.camp.{item}')}", BUTTON.build(CampButton(registration.id, item)))
        for item in CAMP_ITEMS
    )
    parent = Button(staff_text(ctx, "staff.camp.parent_button"),
                    BUTTON.build(CampButton(registration.id, PARENT)))
    links, link_buttons = camp_parent.card_lines(ctx, member, registration)
    given = camp_permission.staff_line(ctx, registration)
    form = (Button(staff_text(ctx, "staff.camp.form_button"),
                   BUTTON.build(CampButton(registration.id, READ_FORM))),) if (
        registration.medical_kind == FORM_DIGITAL) else ()
    digital = staff_text(ctx, "staff.camp.form_digital") if form else None
    return Reply(lines(text, given, digital, links),
                 buttons=(*buttons, *form, *link_buttons, parent))


@staff_only
def overview(ctx: Context, member: StaffMember) -> Step:
    """``/kamp``: who is on the camp list, those missing something first."""
    everyone = ctx.store.camp.everyone()
    audit_reads(ctx, member, "camp.view", (registration.user_key for registration in everyone))
    if not everyone:
        return step(ctx, staff_reply(ctx, "staff.camp.none"))
    complete = sum(1 for r in everyone if not r.missing)
    sheet = staff_button(ctx, "staff.camp.sheet.button", camp_sheet.button_payload())
    header = staff_reply(ctx, "staff.camp.header", (sheet,), count=len(everyone),
                         complete=complete)
    missing = [card(ctx, member, r) for r in everyone if r.missing][:10]
    return step(ctx, header, *missing)


@staff_buttons
def on_button(ctx: Context, member: StaffMember, button: CampButton) -> Step:
    """``kamp:<id>:<item>``: tick or untick one item; ``kamp:<id>:parent``: a parent link."""
    if button.item == PARENT:
        return camp_parent.make_link(ctx, member, button.registration)
    if button.item == READ_FORM:
        return camp_form.staff_read(ctx, member, button.registration)
    registration = ctx.store.camp.toggle(button.registration, button.item, member, ctx.now)
    if registration is None:
        return step(ctx, staff_reply(ctx, "staff.lead.unknown"))
    return step(ctx, card(ctx, member, registration))


def remind_medical_form(ctx: JobContext, before: timedelta,
                        form_by_pupil_from_age: int | None = None) -> int:
    """Once, ``before`` the deadline: pupils still missing the form get a reminder with the
    form as a PDF and a button that explains how to fill it in, in their language (with
    ``MAATJE_FORM_BY_PUPIL_FROM_AGE``, a pupil of 13 or more also gets the digital form's
    button); their linked parents get the form too. Run by the scheduler; ticking the form
    stops it."""
    camp = ctx.content.camp
    if camp is None:
        return 0
    deadline = camp.medical_form.deadline
    today = ctx.now.date()
    if not deadline - before <= today <= deadline:
        return 0
    due = ctx.store.camp.without_medical_form(ctx.now)
    for registration in due:
        _remind_pupil(ctx, registration, deadline, form_by_pupil_from_age)
    return len(due) + camp_parent.remind(ctx)


def _remind_pupil(ctx: JobContext, registration: Registration, deadline: date,
                  form_by_pupil_from_age: int | None) -> None:
    plan = person_render(ctx.content, registration.language)
    state = ctx.store.camp.pupil_state(registration.user_key)

    def buttons(render: Renderer) -> list[Button | None]:
        own = (camp_form_pupil.pupil_form_button(form_by_pupil_from_age, render, registration, state)
               if state else None)
        return [render.button(f"button.{MEDICAL_FORM}", intent_payload(MEDICAL_FORM)), own]

    tell(ctx, registration.chat_key, registration.language,
         lambda lang: ctx.content.ui_text("camp.reminder.medical", lang,
                                          date=format_day(deadline, lang)),
         buttons, attachment=form_attachment(ctx.content, reader_language(plan)))


def features() -> Features:
    parent, permission = camp_parent.BUTTON, camp_permission.BUTTON
    return Features(commands={"kamp": overview},
                    buttons={BUTTON.prefix: typed(BUTTON, on_button),
                             parent.prefix: typed(parent, camp_parent.on_button),
                             permission.prefix: typed(permission, camp_permission.on_button)},
                    interceptors=(camp_parent.accept,))
