"""One strict registration: every kind of handler is kept, a name registered twice is refused."""

from __future__ import annotations

import pytest

from bot.core.features import Context, Features, Step, merge
from bot.features import handover, registry, safeguarding, staff


def _compose(ctx: Context) -> Step:
    raise AssertionError("never called")


def _button(ctx: Context, payload: str) -> Step:
    raise AssertionError("never called")


def _pass(ctx: Context) -> Step | None:
    return None


def _pass_too(ctx: Context) -> Step | None:
    return None


@pytest.mark.parametrize("part", [
    Features(composers={"contact": _compose}),
    Features(commands={"staff": _compose}),
    Features(buttons={"ho": _button}),
    Features(kinds={"voice": _compose}),
], ids=["composer", "command", "button", "kind"])
def test_a_name_registered_twice_is_refused(part: Features) -> None:
    first = Features(composers={"contact": _compose}, commands={"staff": _compose},
                     buttons={"ho": _button}, kinds={"voice": _compose})
    with pytest.raises(ValueError, match="registered twice"):
        merge(first, part)


def test_merge_keeps_interceptors_and_input_handlers_in_order() -> None:
    merged = merge(Features(interceptors=(_pass,), input_handlers=(_pass_too,)),
                   Features(interceptors=(_pass_too,), input_handlers=(_pass,)))
    assert merged.interceptors == (_pass, _pass_too)
    assert merged.input_handlers == (_pass_too, _pass)


def test_registry_builds_and_the_hand_over_answers_contact() -> None:
    features = registry()
    assert features.composers["contact"] is handover.offer
    handlers = list(features.input_handlers)
    assert handlers.index(safeguarding.forward) < handlers.index(handover.take_question), \
        "a reply to a safeguarding alert is forwarded before it could be taken as a question"
    assert staff.accept_invite in features.interceptors, "the staff invite link still works"
