"""The digital medical form: a parent fills it in inside Maatje, step by step.

A linked parent (:mod:`bot.features.camp_parent`) presses "📝 Medische fiche invullen" (or
types ``/fiche``). The answers are health data of a child (GDPR art. 9), so Maatje first
asks the parent's explicit consent for this one purpose; then one question a message:
yes/no questions with buttons, short typed answers for allergies, medication, diet, the
doctor and an emergency contact, the tetanus vaccine as a year or a month and year, and
"🤷 Weet ik niet" everywhere (typed too: ``questions.yaml``, ``form_*``). A summary is
confirmed at the end; the registration then counts the form as ``digital`` and the
reminders stop. Until the camp starts the parent can change any answer; withdrawing the
consent erases the answers at once (so do ``/vergeet`` and the retention job,
``MAATJE_RETENTION_FORMS_DAYS`` after the camp ends).

The answers are kept encrypted (:mod:`storage.forms`); without ``MAATJE_FORMS_KEY`` the
store says the digital form is off and the parent gets the paper form instead. Staff read
a form from the ``/kamp`` card (each read audited); nobody else can.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.core.campports import Registration
from bot.core.features import Context, Features, Step
from bot.core.formports import BUTTON_MARK, MedicalForm
from bot.core.messages import Button, Reply
from bot.core.staffports import StaffMember
from bot.features import camp_form_pupil as pupil
from bot.features import camp_permission
from bot.features.common import lines, per_language, ui
from bot.features.kit.buttons import (
    CHANGE,
    CONFIRM,
    CONSENT,
    DATE,
    EDIT,
    ERASE,
    FORM,
    FORM_ACTIONS,
    FORM_QUESTIONS,
    NO,
    NONE,
    OLD,
    REFUSE,
    START,
    STEP_ACTIONS,
    STEPS,
    TEXT,
    UNKNOWN,
    YES,
    YESNO,
    YOUNG,
    FormButton,
    form_payload,
    typed,
)
from bot.features.kit.formfile import DEFAULT_DAYS, TABLE, form_days, form_document
from bot.features.kit.gate import private_chat
from bot.features.kit.replies import stale_button
from bot.features.staffkit import audit_reads, notify_staff, staff_reply, staff_text
from bot.features.staffkit import step as staff_step
from content.questions import simplify

INTENT = "camp_form"
BUTTON = FORM
KINDS = dict(FORM_QUESTIONS)
__all__ = ["BUTTON", "FORM_ACTIONS", "STEPS", "STEP_ACTIONS", "FormButton", "features"]
COMMAND = "fiche"
#: The pending input while a typed answer is awaited: ``<registration>:<step>``.
EXPECT = "medical_form"
#: The longest typed answer kept (a clear message asks for a shorter one).
LIMIT = 200
#: Which button answers each kind of question.
ANSWERS = {YESNO: (YES, NO, UNKNOWN), TEXT: (NONE, UNKNOWN), DATE: (UNKNOWN,)}
MARK = BUTTON_MARK
#: "2019", "3/2019", "03-2019", "3 2019", "2019-03": the tetanus vaccine's year or month.
YEAR = re.compile(r"(\d{4})")
MONTH_YEAR = re.compile(r"(\d{1,2})\s*[/.\- ]\s*(\d{4})")
YEAR_MONTH = re.compile(r"(\d{4})\s*[/.\-]\s*(\d{1,2})")
OLDEST = 1950
#: A typed answer is the answer; only a clear question is not ("wanneer is het kamp?"): it
#: ends in a question mark and its topic is at least this sure. The core answers it and
#: asks the step again, with its buttons (``bot.core.dialogue._asked_again``). Read as
#: about the medical form itself ("allergisch voor bijen, wat moet ik doen?"), it is an
#: answer: typed into the form, that is what it most likely holds.
QUESTION_MARKS = ("?", "\u061f", "\uff1f", "\u1367")
CLEAR_QUESTION = 0.6
NOT_TOPICS = ("out_of_scope", "safeguarding", "camp_medical_form")
__all__ += ["DEFAULT_DAYS", "TABLE"]


def features() -> Features:
    return Features(commands={COMMAND: command}, buttons={FORM.prefix: typed(FORM, on_button)},
                    input_handlers=(take_text,))


def payload(registration: int, action: str, step: str | None = None) -> str:
    """The payload of one of the form's buttons."""
    return form_payload(registration, action, step)


# --- opening the form ------------------------------------------------------------------


def command(ctx: Context) -> Step:
    """``/fiche``: the form of the parent's child (a button per child for several); for
    someone who is no linked parent, what the medical form is, with the paper form."""
    if ctx.incoming.in_group:
        return Step((private_chat(ctx),), ctx.state, INTENT)
    children = ctx.store.camp.of_parent(ctx.incoming.user_key)
    own = pupil.own_registration(ctx) if not children else None
    if own is not None:
        if not pupil.old_enough(ctx):
            return pupil.age_question(ctx, own)
        return on_button(ctx, FormButton(own.id, START))
    if not children:
        return _paper(ctx, None)
    if len(children) == 1:
        return on_button(ctx, FormButton(children[0].id, START))
    render = ctx.render
    buttons = [Button(ui(ctx.content, "camp.form.child_button", "nl", name=child.first_name or "?"),
                      payload(child.id, START)) for child in children]
    return Step((render.reply(render.ui("camp.form.which_child"), buttons),), ctx.state, INTENT)


def on_button(ctx: Context, button: FormButton) -> Step:
    """``mf:…`` from a parent whose link works for this registration, in their own chat
    (or the pupil herself, old enough: :mod:`bot.features.camp_form_pupil`)."""
    registration = ctx.store.camp.get(button.registration)
    if registration is None:
        return stale_button(ctx)
    if button.step is None and button.action in (OLD, YOUNG):
        return _age_answer(ctx, registration, button.action == OLD)
    if not may_fill(ctx, registration):
        if button.step is None and button.action == START and pupil.asks_age(ctx, registration):
            return pupil.age_question(ctx, registration)  # her button, before she said her age
        return stale_button(ctx)
    if button.action == ERASE:
        return erase(ctx, registration)  # always possible, also once the camp began
    camp = ctx.content.camp
    if camp is None:
        return stale_button(ctx)
    if not ctx.store.forms.enabled or (button.step is None and button.action == REFUSE):
        return _paper(ctx, registration, off=not ctx.store.forms.enabled)
    if ctx.now >= camp.start:
        return _say(ctx, "camp.permission.started", registration)
    if button.step is None and button.action == CONSENT:
        return consent(ctx, registration)
    form = ctx.store.forms.get(registration.id)
    if form is None:
        return _say(ctx, "camp.form.consent", registration, (
            ("button.form.consent", payload(registration.id, CONSENT)),
            ("button.form.paper", payload(registration.id, REFUSE))), days=_days(ctx))
    if button.step is None:
        return _whole(ctx, registration, form, button.action)
    return _one(ctx, registration, form, button.step, button.action)


def may_fill(ctx: Context, registration: Registration) -> bool:
    """The linked parent, or the pupil herself when the setting lets her."""
    return (camp_permission.parent_link(ctx, registration) is not None
            or pupil.may_fill(ctx, registration))


def _age_answer(ctx: Context, registration: Registration, old: bool) -> Step:
    """"Ben je 16 of ouder?" answered by the pupil herself (asked only while unknown)."""
    own = pupil.own_registration(ctx)
    if own is None or own.id != registration.id or pupil.old_enough(ctx):
        return stale_button(ctx)
    answered = pupil.answer(ctx, registration, old)
    if isinstance(answered, Step):
        return answered
    return on_button(answered, FormButton(registration.id, START))  # the band is in its state


def _whole(ctx: Context, registration: Registration, form: MedicalForm, action: str) -> Step:
    """Open (go on where the parent stopped), the summary is right, or change something."""
    if action == CONFIRM:
        return confirm(ctx, registration, form)
    if action == EDIT:
        return which(ctx, registration)
    if _complete(form):
        return summary(ctx, registration, form)
    return ask(ctx, registration, form, _next(form, None) or STEPS[0])


def _one(ctx: Context, registration: Registration, form: MedicalForm, step: str,
         action: str) -> Step:
    """A button of one question: its answer, or "ask it again" from the change menu."""
    if action == CHANGE:
        return ask(ctx, registration, form, step)
    if action not in ANSWERS[KINDS[step]]:
        return stale_button(ctx)
    return answered(ctx, registration, form, step, MARK + action)


def consent(ctx: Context, registration: Registration) -> Step:
    """The parent's explicit yes for this purpose: an empty form, then the first question."""
    camp = ctx.content.camp
    assert camp is not None
    link = camp_permission.parent_link(ctx, registration)
    name = link.parent_name if link and link.parent_name else ctx.incoming.first_name or ""
    form = ctx.store.forms.begin(registration.id, ctx.incoming.user_key, name,
                                 registration.user_key, ctx.now, camp.end)
    if form is None:
        return Step((ctx.render.reply(ctx.render.ui("store.unavailable")),), ctx.state, INTENT)
    if _complete(form):
        return summary(ctx, registration, form)
    return ask(ctx, registration, form, _next(form, None) or STEPS[0])


# --- one question a message --------------------------------------------------------------


def ask(ctx: Context, registration: Registration, form: MedicalForm, step: str) -> Step:
    """"📝 3/10 …" with its buttons; a typed answer is awaited for text and the date."""
    _save(ctx, replace(form, step=step))
    return Step((question(ctx, registration, step),), ctx.state, INTENT)


def question(ctx: Context, registration: Registration, step: str) -> Reply:
    kind = KINDS[step]
    user = ctx.incoming.user_key
    if kind == YESNO:
        ctx.store.inputs.clear(user)
    else:
        ctx.store.inputs.expect(user, EXPECT, f"{registration.id}:{step}", ctx.now)
    number = STEPS.index(step) + 1
    render = ctx.render
    text = per_language(render, lambda lang: lines(
        ui(ctx.content, "camp.form.step", lang, number=number, total=len(STEPS)),
        ui(ctx.content, f"camp.form.q.{step}", lang, name=registration.first_name or "?"),
        ui(ctx.content, "camp.form.type", lang, limit=LIMIT) if kind == TEXT else None,
        ui(ctx.content, "camp.form.tetanus_how", lang) if kind == DATE else None,
    ))
    buttons = [render.button(f"button.form.{answer}", payload(registration.id, answer, step))
               for answer in ANSWERS[kind]]
    return render.reply(text, buttons)


def take_text(ctx: Context) -> Step | None:
    """The typed answer to a text question or the tetanus date (kept at most ``LIMIT``
    characters: a longer one is asked again, with why)."""
    incoming = ctx.incoming
    expected = ctx.store.inputs.pending(incoming.user_key, ctx.now)
    if incoming.in_group or expected is None or expected.kind != EXPECT:
        return None
    number, _, step = expected.ref.partition(":")
    registration = ctx.store.camp.get(int(number)) if number.isdigit() else None
    camp = ctx.content.camp
    form = ctx.store.forms.get(registration.id) if registration else None
    if (registration is None or form is None or camp is None or ctx.now >= camp.start
            or KINDS.get(step) not in (TEXT, DATE) or not may_fill(ctx, registration)):
        ctx.store.inputs.clear(incoming.user_key)
        return None
    text = " ".join(incoming.text.replace(MARK, " ").split())
    if _is_unknown(ctx, text):
        return answered(ctx, registration, form, step, MARK + UNKNOWN)
    if is_question(ctx, text):
        return None  # the step is still awaited: the next answer typed is its answer
    if len(text) > LIMIT:
        return _again(ctx, registration, step, "camp.form.too_long", limit=LIMIT, count=len(text))
    if KINDS[step] == DATE:
        date = tetanus(text, ctx.now.year)
        if date is None:
            return _again(ctx, registration, step, "camp.form.tetanus_again")
        text = date
    return answered(ctx, registration, form, step, text)


def tetanus(text: str, this_year: int) -> str | None:
    """"2019" or "3/2019" (also "03-2019", "2019-03"), for a year that can be right."""
    said = text.strip()
    for pattern, month_first in ((MONTH_YEAR, True), (YEAR_MONTH, False)):
        found = pattern.fullmatch(said)
        if found:
            month, year = (found[1], found[2]) if month_first else (found[2], found[1])
            if 1 <= int(month) <= 12 and OLDEST <= int(year) <= this_year:
                return f"{int(month)}/{year}"
            return None
    found = YEAR.fullmatch(said)
    return found[1] if found and OLDEST <= int(found[1]) <= this_year else None


def is_question(ctx: Context, text: str) -> bool:
    """Whether ``text`` is a clear question of its own rather than an answer."""
    understanding = ctx.understanding
    if understanding is None or not text.endswith(QUESTION_MARKS):
        return False
    top = understanding.top
    return top.intent not in NOT_TOPICS and top.score >= CLEAR_QUESTION


def _is_unknown(ctx: Context, text: str) -> bool:
    questions = ctx.content.questions
    return questions is not None and simplify(text) in questions.phrases("dontknow")


def _again(ctx: Context, registration: Registration, step: str, key: str, **fields: object) -> Step:
    render = ctx.render
    told = render.reply(render.ui(key, **fields))
    return Step((told, question(ctx, registration, step)), ctx.state, INTENT)


def answered(ctx: Context, registration: Registration, form: MedicalForm, step: str,
             value: str) -> Step:
    """Keep the answer; then the next open question, or the summary once none is open."""
    ctx.store.inputs.clear(ctx.incoming.user_key)
    after = replace(form, answers={**form.answers, step: value})
    following = _next(after, step)
    if following is None:
        _save(ctx, replace(after, step=None))
        return summary(ctx, registration, replace(after, step=None))
    return ask(ctx, registration, after, following)


def _next(form: MedicalForm, after: str | None) -> str | None:
    """The first question after ``after`` without an answer (then from the start)."""
    start = STEPS.index(after) + 1 if after in STEPS else 0
    order = (*STEPS[start:], *STEPS[:start])
    return next((step for step in order if step not in form.answers), None)


def _complete(form: MedicalForm) -> bool:
    return all(step in form.answers for step in STEPS)


# --- the summary, sending, changing, erasing -----------------------------------------------


def summary(ctx: Context, registration: Registration, form: MedicalForm) -> Step:
    """Every answer, then the question to check them: ✅ right, ✏️ change one, 🗑️ erase.

    Two messages: the answers carry no buttons, so they are never kept as the question to
    repeat (only the short question is; the answers stay encrypted and nowhere else).
    """
    render = ctx.render
    answers = per_language(render, lambda lang: lines(
        ui(ctx.content, "camp.form.summary", lang, name=registration.first_name or "?"),
        *answer_lines(ctx, form, lang)))
    buttons = [render.button("button.form.confirm", payload(registration.id, CONFIRM)),
               render.button("button.form.edit", payload(registration.id, EDIT)),
               render.button("button.form.erase", payload(registration.id, ERASE))]
    check = render.reply(render.ui("camp.form.check"), buttons)
    return Step((render.reply(answers), check), ctx.state, INTENT)


def answer_lines(ctx: Context, form: MedicalForm, lang: str) -> list[str]:
    """``🍽️ Allergie: pinda's`` for each question, in ``lang`` (typed answers as typed)."""
    return [f"{ui(ctx.content, f'camp.form.label.{step}', lang)}: "
            f"{_value(ctx, form.answers.get(step), lang)}" for step in STEPS]


def _value(ctx: Context, value: str | None, lang: str) -> str:
    if value is None:
        return "—"
    if value.startswith(MARK):
        return ui(ctx.content, f"button.form.{value[len(MARK):]}", lang)
    return value


def confirm(ctx: Context, registration: Registration, form: MedicalForm) -> Step:
    """The form is in: the camp list counts it as digital, reminders stop, staff hear."""
    if not _complete(form):
        return ask(ctx, registration, form, _next(form, None) or STEPS[0])
    first = form.done_at is None
    _save(ctx, replace(form, step=None, done_at=form.done_at or ctx.now))
    ctx.store.camp.digital_form(registration.id, sent=True)
    key = "staff.camp.form_sent" if first else "staff.camp.form_changed"
    own = "_own" if by_pupil(ctx, registration, form) else ""
    notify_staff(ctx, staff_text(ctx, key + own, ref=registration.ref,
                                 name=registration.first_name or "?",
                                 parent=form.parent_name or "?"), about=registration.user_key)
    return _say(ctx, "camp.form.done", registration, (
        ("button.form.edit", payload(registration.id, EDIT)),))


def by_pupil(ctx: Context, registration: Registration, form: MedicalForm) -> bool:
    """The pupil filled in her own form (``MAATJE_FORM_BY_PUPIL_FROM_AGE``), not a parent.
    A parent who signed up her child has the child's place under her own key: she is its
    linked parent."""
    return form.parent_key == registration.user_key and not any(
        link.parent_user_key == form.parent_key
        for link in ctx.store.camp.parent_links(registration.id))


def which(ctx: Context, registration: Registration) -> Step:
    """"Wat wil je veranderen?" with one button a question."""
    render = ctx.render
    buttons = [render.button(f"camp.form.label.{step}", payload(registration.id, CHANGE, step))
               for step in STEPS]
    return Step((render.reply(render.ui("camp.form.which"), buttons),), ctx.state, INTENT)


def erase(ctx: Context, registration: Registration) -> Step:
    """Consent withdrawn: the answers are erased at once (always, also after the camp began);
    a digital form no longer counts on the camp list; staff hear which registration."""
    erased = ctx.store.forms.erase(registration.id)
    ctx.store.inputs.clear(ctx.incoming.user_key)
    if erased:
        ctx.store.camp.digital_form(registration.id, sent=False)
        notify_staff(ctx, staff_text(ctx, "staff.camp.form_erased", ref=registration.ref),
                     about=registration.user_key)
    return _say(ctx, "camp.form.erased", registration)


def _paper(ctx: Context, registration: Registration | None, off: bool = False) -> Step:
    """The paper form (a PDF), when the parent prefers it or the digital form is off."""
    render = ctx.render
    key = "camp.form.off" if off or registration is None else "camp.form.paper"
    text = per_language(render, lambda lang: ui(ctx.content, key, lang))
    document = form_document(ctx, render) if ctx.content.camp else None
    return Step((render.reply(text, document=document),), ctx.state, INTENT)


def _save(ctx: Context, form: MedicalForm) -> None:
    camp = ctx.content.camp
    if camp is not None:
        ctx.store.forms.save(form, ctx.now, camp.end)


def _days(ctx: Context) -> int:
    """How long after the camp the form is kept, as ``/privacy`` says it."""
    return form_days(ctx.store)


def _say(ctx: Context, key: str, registration: Registration,
         buttons: tuple[tuple[str, str], ...] = (), **fields: object) -> Step:
    render = ctx.render
    text = per_language(render, lambda lang: ui(ctx.content, key, lang,
                                                name=registration.first_name or "?", **fields))
    reply = render.reply(text, [render.button(label, data) for label, data in buttons])
    return Step((reply,), ctx.state, INTENT)


# --- for staff --------------------------------------------------------------------------


def staff_read(ctx: Context, member: StaffMember, registration_id: int) -> Step:
    """``kamp:<id>:fiche``: the form's answers in Dutch, for staff only; every read audited."""
    registration = ctx.store.camp.get(registration_id)
    form = ctx.store.forms.get(registration_id) if registration else None
    if registration is None or form is None:
        return staff_step(ctx, staff_reply(ctx, "staff.camp.form_none"))
    audit_reads(ctx, member, "form.read", (registration.user_key,))
    header = "staff.camp.form_header_own" if by_pupil(ctx, registration, form) else "staff.camp.form_header"
    text = lines(staff_text(ctx, header, ref=registration.ref,
                            name=registration.first_name or "?", parent=form.parent_name or "?"),
                 *answer_lines(ctx, form, "nl"))
    return staff_step(ctx, Reply(text))

