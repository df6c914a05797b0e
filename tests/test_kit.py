"""The feature kit: the consent and age gate as other features call it, and the module graph.

The gate's flows are also tested through the features that use it (interest, subscriptions,
hand-over, "Ik kom", /toestemming); here is the API the children-and-roles work builds on.
"""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.consent import ANNOUNCEMENTS, CONTACT, FROM_13, UNDER_13
from bot.core.features import Context, Step
from bot.core.languages import LanguagePlan
from bot.core.messages import Incoming, Kind
from bot.core.ports import NullStore
from bot.core.render import Renderer
from bot.core.state import UserState
from bot.features.deeplinks import ButtonLink, button_parameter, parse_start
from bot.features.kit.gate import Allowed, Ask, answer_age, require
from content.loader import load_content

FEATURES = Path(__file__).resolve().parent.parent / "bot" / "features"
NOW = datetime(2026, 12, 12, 14, 0, tzinfo=UTC)


def _context(state: UserState, *, in_group: bool = False, payload: str = "x") -> Context:
    content = load_content()
    incoming = Incoming("tg:1", Kind.BUTTON, payload=payload, in_group=in_group,
                        chat_key="tg:-1001" if in_group else None)
    return Context(incoming, state, content, Renderer(content, LanguagePlan(("nl", "ar"))), NOW,
                   NullStore(), bot_username="MaatjeBot")


MINUTE = int(NOW.timestamp() // 60)


def _age_button(band: str, minute: int) -> str:
    return f"int:age:{band}:camp:{minute:x}"


def test_someone_whose_age_is_unknown_is_asked_it_with_the_features_own_buttons() -> None:
    verdict = require(_context(UserState(onboarded=True)), CONTACT, _age_button)
    assert isinstance(verdict, Ask)
    [question] = verdict.replies
    assert "oud" in question.text
    assert [b.payload for b in question.buttons] == [
        f"int:age:u13:camp:{MINUTE:x}", f"int:age:13+:camp:{MINUTE:x}"], "with the minute shown"


def test_nothing_is_kept_for_a_child_under_13() -> None:
    state = UserState(onboarded=True, age_band=UNDER_13)
    verdict = require(_context(state), CONTACT, _age_button)
    assert isinstance(verdict, Ask) and verdict.state == state
    assert not verdict.replies[0].buttons


def test_the_press_that_says_yes_is_the_consent() -> None:
    verdict = require(_context(UserState(onboarded=True, age_band=FROM_13)), CONTACT, _age_button)
    assert isinstance(verdict, Allowed)
    assert CONTACT in verdict.state.consents


def test_without_a_yes_the_consent_question_is_asked_once() -> None:
    state = UserState(onboarded=True, age_band=FROM_13)
    verdict = require(_context(state), ANNOUNCEMENTS, _age_button, consented=False)
    assert isinstance(verdict, Ask)
    assert [b.payload for b in verdict.replies[0].buttons] == [
        "consent:announcements:yes", "consent:announcements:no"]
    given = state.with_(consents=frozenset({ANNOUNCEMENTS}))
    assert isinstance(require(_context(given), ANNOUNCEMENTS, _age_button, consented=False), Allowed)


def test_data_without_a_purpose_needs_the_age_only() -> None:
    assert isinstance(require(_context(UserState(age_band=FROM_13)), None, _age_button), Allowed)


@pytest.mark.parametrize("state", [UserState(onboarded=True), UserState(age_band=FROM_13),
                                   UserState(age_band=FROM_13, consents=frozenset({CONTACT}))])
def test_in_a_class_group_nothing_is_asked_or_kept_but_the_private_chat_is_offered(
        state: UserState) -> None:
    verdict = require(_context(state, in_group=True, payload="int:ok:sport"), CONTACT, _age_button)
    assert isinstance(verdict, Ask) and verdict.state == state
    [reply] = verdict.replies
    assert "oud" not in reply.text and "privé" in reply.text
    [button] = reply.buttons
    assert not button.payload and button.url is not None
    assert button.url.startswith("https://t.me/MaatjeBot?start=knop-")
    parameter = button.url.split("start=")[1]
    assert parse_start(f"/start {parameter}") == ButtonLink("int:ok:sport"), "offered again there"


def test_an_age_button_pressed_in_a_group_is_not_kept() -> None:
    after = answer_age(_context(UserState(onboarded=True), in_group=True), FROM_13, MINUTE)
    assert isinstance(after, Step) and after.state.age_band is None
    assert "privé" in after.replies[0].text


@pytest.mark.parametrize("tail", ["", "!!!", "AAECAw", "a" * 60])
def test_a_broken_button_link_is_a_plain_start(tail: str) -> None:
    assert not isinstance(parse_start(f"/start knop-{tail}"), ButtonLink)


def test_a_button_too_long_for_a_link_opens_the_private_chat_without_it() -> None:
    assert button_parameter("x" * 64) is None
    assert button_parameter("int:age:13+:sport:boksen:1b3f2a0") is not None


def test_a_fresh_age_answer_is_kept() -> None:
    after = answer_age(_context(UserState(onboarded=True)), FROM_13, MINUTE - 5)
    assert isinstance(after, Context) and after.state.age_band == FROM_13


@pytest.mark.parametrize(("state", "minute"), [
    (UserState(onboarded=True), MINUTE - 2 * 24 * 60),
    (UserState(onboarded=True, age_band=FROM_13), MINUTE),
], ids=["shown two days ago", "age known already"])
def test_an_old_age_button_changes_nothing(state: UserState, minute: int) -> None:
    after = answer_age(_context(state), UNDER_13, minute)
    assert isinstance(after, Step) and after.state == state
    assert "werkt niet" in after.replies[0].text


def _imports(path: Path) -> list[tuple[str, bool]]:
    """The ``bot.features`` modules a file imports, and whether inside a function."""
    tree = ast.parse(path.read_text())
    nested = {id(node) for function in ast.walk(tree)
              if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
              for node in ast.walk(function)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("bot.features"):
            names = [f"{node.module}.{alias.name}" for alias in node.names]
            modules = [name for name in names if _module(name)] or [node.module]
            found += [(module, id(node) in nested) for module in modules]
    return found


def _module(name: str) -> bool:
    relative = Path(*name.split(".")[2:])
    return (FEATURES / relative).with_suffix(".py").exists() or (FEATURES / relative).is_dir()


def test_feature_modules_import_each_other_without_cycles_or_late_imports() -> None:
    graph: dict[str, set[str]] = {}
    for path in FEATURES.rglob("*.py"):
        if path.name == "__init__.py":
            continue  # the registry imports every feature
        name = ".".join(("bot", "features", *path.relative_to(FEATURES).with_suffix("").parts))
        found = _imports(path)
        assert not [module for module, late in found if late], f"{name} imports a feature late"
        graph[name] = {module for module, _ in found if module != "bot.features"}
    seen: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, f"import cycle: {' → '.join((*path, name))}"
        if name in seen:
            return
        for imported in graph.get(name, ()):
            visit(imported, (*path, name))
        seen.add(name)

    for name in graph:
        visit(name, ())


def test_storage_and_delivery_never_call_back_into_a_feature() -> None:
    """An announcement is queued from texts the broadcast feature wrote beforehand, and
    the progress message's words are handed to delivery where the sender is built."""
    root = FEATURES.parent.parent
    for path in [*(root / "storage").glob("*.py"), root / "bot" / "delivery" / "progress.py",
                 root / "bot" / "delivery" / "sender.py"]:
        assert not _imports(path), f"{path.name} imports a feature"
        assert "staff.bc." not in path.read_text(), f"{path.name} reads the broadcast texts"
