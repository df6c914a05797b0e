"""Onboarding and settings: welcome, language picker, "Ben je leerling of ouder?", /taal, /instellingen.

Language and role are settings Maatje needs to answer, so they are kept as such; a
returning person is not asked again, and everything can be changed later. A deep link
(``/start kamp-ar``) skips the welcome and opens its topic. In a group nothing personal
is asked or shown: settings are made in a private chat.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from bot.core.features import Context, Features, Step
from bot.core.languages import plan_languages, welcome_plan
from bot.core.messages import Button, Reply
from bot.core.payloads import Choice
from bot.core.render import Renderer
from bot.features import groups
from bot.features.camp_parent import status_replies
from bot.features.common import lines, per_language
from bot.features.deeplinks import ButtonLink, TopicLink, parse_start
from bot.features.kit.buttons import LANGUAGE, Picked, picked, typed
from bot.features.kit.welcome import PICKER_COLUMNS, language_buttons, menu_reply, welcome
from content.loader import Content
from intents.types import CONTENT_LANGUAGES, LanguageGuess

ROLES = ("pupil", "parent")
#: ``role:pupil|parent``: the answer to "Ben je leerling of ouder?".
ROLE = picked("role", Choice("value", ROLES))
#: ``set:lang|role``: what to change, from /instellingen.
SETTINGS = picked("set", Choice("value", ("lang", "role")))
#: Telegram's command menu, in the order shown; a command is listed once something answers it.
MENU_COMMANDS = ("start", "menu", "taal", "instellingen", "privacy", "mijngegevens", "vergeet", "help")
#: Commands every Maatje answers: the core answers /help (and any unknown command) with help.
ALWAYS = frozenset({"help"})


def feature() -> Features:
    """Onboarding's commands, buttons and the composer for the "language" topic."""
    return Features(
        composers={"language": language_picker},
        commands={"start": start, "menu": menu, "taal": language_picker, "instellingen": settings},
        buttons={LANGUAGE.prefix: typed(LANGUAGE, choose_language),
                 ROLE.prefix: typed(ROLE, choose_role),
                 SETTINGS.prefix: typed(SETTINGS, change_setting)},
    )


def start(ctx: Context) -> Step:
    """``/start``: a deep link's topic, the menu for a returning person, or welcome and picker."""
    if ctx.incoming.in_group:
        return _say(ctx, ctx.render.reply(ctx.render.ui("group.welcome")), "greeting")
    link = parse_start(ctx.incoming.text)
    if isinstance(link, TopicLink):
        return _open_topic(ctx, link)
    if isinstance(link, ButtonLink):
        return _continue_from_group(ctx, link)
    return welcome(ctx)


def _continue_from_group(ctx: Context, link: ButtonLink) -> Step:
    """A button pressed in a class group, offered again here where only this person sees it.

    It is offered, not pressed for them: whoever opens the link may not be who pressed.
    """
    render = ctx.render
    label = render.label("button.continue") or "▶️"
    reply = render.reply(render.ui("group.continue"), [Button(label, link.payload)])
    return _say(ctx, reply, "help")


def menu(ctx: Context) -> Step:
    """``/menu``: the main menu again (after a person closed the keyboard)."""
    if ctx.incoming.in_group:
        return _private_only(ctx)
    return _say(ctx, menu_reply(ctx.render, "menu.prompt"), "help")


def language_picker(ctx: Context) -> Step:
    """``/taal``, the 🌍 Taal menu button, or "andere taal": every language in its own script."""
    if ctx.incoming.in_group:
        return _private_only(ctx)
    render = Renderer(ctx.content, welcome_plan(ctx.state, ctx.incoming.language_hint))
    reply = render.reply(render.ui("language.ask"), language_buttons(ctx.content),
                         columns=PICKER_COLUMNS)
    return _say(ctx, reply, "language")


def settings(ctx: Context) -> Step:
    """``/instellingen``: change the language or the role; see your groups and leave one."""
    if ctx.incoming.in_group:
        return _private_only(ctx)
    buttons = [
        ctx.render.button("settings.language", SETTINGS.build(Picked("lang"))),
        ctx.render.button("settings.role", SETTINGS.build(Picked("role"))),
    ]
    in_groups, leave = groups.settings_part(ctx)
    text = per_language(ctx.render, lambda lang: lines(
        ctx.content.ui_text("settings.prompt", lang), in_groups(lang)))
    return _say(ctx, ctx.render.reply(text, [*buttons, *leave]), "language")


def choose_language(ctx: Context, picked: Picked) -> Step:
    """``lang:ar``: keep the language; a newcomer is asked next whether they are pupil or parent."""
    code = picked.value
    if ctx.incoming.in_group:
        return _private_only(ctx)
    state = ctx.state.with_(language=code, misses=0)
    render = Renderer(ctx.content, plan_languages(None, state, ctx.incoming.language_hint))
    if not state.onboarded and state.role is None:
        return Step((_role_question(render),), state, "language")
    key = "language.set_nl" if code == "nl" else "language.set"
    if state.onboarded:
        return Step((menu_reply(render, key),), state, "language")
    # The role came first: a parent who opened a camp link sees their child's camp now.
    linked = status_replies(ctx.store, ctx.content, render, ctx.incoming.user_key)
    return Step((menu_reply(render, key), *linked), state.with_(onboarded=True), "language")


def choose_role(ctx: Context, picked: Picked) -> Step:
    """``role:parent``: keep the role; onboarding ends with the main menu."""
    if ctx.incoming.in_group:
        return _private_only(ctx)
    state = ctx.state.with_(role=picked.value, onboarded=True, misses=0)
    render = replace(ctx.render, content=ctx.content.for_role(state.role))  # "u" from now on
    return Step((menu_reply(render, "role.set", "menu.prompt"),), state, "language")


def change_setting(ctx: Context, picked: Picked) -> Step:
    """``set:lang`` / ``set:role`` from /instellingen."""
    if ctx.incoming.in_group:
        return _private_only(ctx)
    if picked.value == "role":
        return _say(ctx, _role_question(ctx.render), "language")
    return language_picker(ctx)


def command_menu(content: Content, handled: Collection[str]) -> dict[str, list[tuple[str, str]]]:
    """Telegram's command menu per language code (``""``: the default, Dutch).

    Only commands something answers are listed (``handled``: the registered commands).
    """
    names = [n for n in MENU_COMMANDS if (n in handled or n in ALWAYS) and content.has_ui(f"commands.{n}")]
    menus = {
        lang: [(name, content.ui_text(f"commands.{name}", lang)) for name in names]
        for lang in CONTENT_LANGUAGES
    }
    menus[""] = menus["nl"]
    return menus


def _open_topic(ctx: Context, link: TopicLink) -> Step:
    """A deep link: the topic at once, in the link's language; a newcomer keeps that language."""
    state = ctx.state
    if link.language and state.language is None:
        state = state.with_(language=link.language)
    extra = LanguageGuess(link.language, 1.0) if link.language else None
    render = Renderer(ctx.content, plan_languages(extra, state, ctx.incoming.language_hint))
    if ctx.topic is None:
        return _say(ctx, menu_reply(render, "menu.prompt"), link.intent)
    step = ctx.topic(link.intent, render, state)
    if step.state.onboarded or step.state.role is not None:
        return step
    return Step((*step.replies, _role_question(render)), step.state, step.intent)


def _role_question(render: Renderer) -> Reply:
    buttons = [render.button(f"role.{role}", ROLE.build(Picked(role))) for role in ROLES]
    return render.reply(render.ui("role.ask"), buttons)


def _private_only(ctx: Context) -> Step:
    return _say(ctx, ctx.render.reply(ctx.render.ui("group.private")), "language")


def _say(ctx: Context, reply: Reply, intent: str) -> Step:
    return Step((reply,), ctx.state.with_(misses=0), intent)
