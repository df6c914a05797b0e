"""What the digital medical form asks of storage: its answers, kept only encrypted.

``storage.forms`` implements :class:`FormPort` with a key (``MAATJE_FORMS_KEY``);
without one, ``enabled`` is false and nothing is kept: the parent gets the paper form.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

#: An answer given with a button is kept as this mark and its name (``"\x00yes"``); a
#: typed answer as typed.
BUTTON_MARK = "\x00"


def plain(value: str) -> str:
    """An answer as the person who gave it reads it back in their export (``yes``, ``dk``)."""
    return value.removeprefix(BUTTON_MARK)


@dataclass(frozen=True)
class MedicalForm:
    """One pupil's form as entered by a parent: the answers by question, the question
    asked last (``None``: all answered), and when the consent was given and the form sent."""

    registration_id: int
    parent_key: str
    parent_name: str
    answers: Mapping[str, str] = field(default_factory=dict)
    step: str | None = None
    consent_at: datetime | None = None
    done_at: datetime | None = None


class FormPort(Protocol):
    """The digital medical forms (one per camp registration)."""

    @property
    def enabled(self) -> bool:
        """Whether forms can be kept (a key is set)."""
        ...

    def get(self, registration_id: int) -> MedicalForm | None:
        """The form, decrypted; ``None`` when there is none or it cannot be read (a lost key)."""
        ...

    def begin(self, registration_id: int, parent_key: str, parent_name: str, pupil_key: str,
              now: datetime, camp_end: datetime) -> MedicalForm | None:
        """The parent's consent: an empty form (an unreadable old one is replaced)."""
        ...

    def save(self, form: MedicalForm, now: datetime, camp_end: datetime) -> None:
        """The form's answers, step and moments as they are now."""
        ...

    def erase(self, registration_id: int) -> bool:
        """The form is gone (consent withdrawn); ``False`` when there was none."""
        ...

    def of_parent(self, parent_key: str) -> list[MedicalForm]:
        """The forms this person entered, decrypted, for their own ``/mijngegevens``."""
        ...


class NullForms:
    """No key or no database: no digital form."""

    @property
    def enabled(self) -> bool:
        return False

    def get(self, registration_id: int) -> MedicalForm | None:
        return None

    def begin(self, registration_id: int, parent_key: str, parent_name: str, pupil_key: str,
              now: datetime, camp_end: datetime) -> MedicalForm | None:
        return None

    def save(self, form: MedicalForm, now: datetime, camp_end: datetime) -> None:
        return None

    def erase(self, registration_id: int) -> bool:
        return False

    def of_parent(self, parent_key: str) -> list[MedicalForm]:
        return []
