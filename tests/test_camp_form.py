"""The digital medical form: its buttons, its encrypted storage, a parent filling it in,
staff reading it, and every way its answers are erased.

Storage on SQLite and PostgreSQL; the conversation through the core and the database.
"""

from __future__ import annotations

import pytest

from bot.features import camp_form
from bot.features.camp_form import BUTTON, FORM_ACTIONS, STEP_ACTIONS, STEPS, FormButton

# --- the buttons: every payload the form builds reads back, nothing else does ------------

EVERY_BUTTON = [FormButton(registration, action) for registration in (1, 999_999_999)
                for action in FORM_ACTIONS] + [
    FormButton(registration, action, step) for registration in (1, 999_999_999)
    for step in STEPS for action in STEP_ACTIONS]


@pytest.mark.parametrize("button", EVERY_BUTTON, ids=str)
def test_every_form_button_is_built_and_read_back(button: FormButton) -> None:
    built = camp_form.payload(button.registration, button.action, button.step)
    assert len(built.encode()) <= 64
    assert BUTTON.parse(built) == button


@pytest.mark.parametrize("forged", [
    "mf:1", "mf:1:start:x", "mf:01:start", "mf:1:allergy", "mf:1:allergy:maybe",
    "mf:1:nostep:yes", "mf:x:start", "mf:1:start:allergy:yes", "mf:-1:ok", "mf::ok",
    "mf:1:yes", "mf:1:allergy:start",
])
def test_anything_else_is_not_read(forged: str) -> None:
    assert BUTTON.parse(forged) is None


def test_a_button_no_layout_fits_is_not_built() -> None:
    with pytest.raises(ValueError):
        camp_form.payload(1, "yes")
    with pytest.raises(ValueError):
        camp_form.payload(1, "start", "allergy")
