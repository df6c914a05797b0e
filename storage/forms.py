"""The digital medical forms, kept encrypted: Fernet (AES-128-CBC with an HMAC-SHA256
check) from the well-kept ``cryptography`` library, never a cipher of our own.

``MAATJE_FORMS_KEY`` holds one key, or several separated by commas for a key rotation
(:class:`~cryptography.fernet.MultiFernet`): the first encrypts, all of them decrypt, and
``maatje forms rotate`` re-encrypts every form with the first. Only the answers are
encrypted; that a form exists, its step and its moments are not (staff see those on the
camp list). A form the keys cannot read (a lost key) counts as no form: the parent is
asked again.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.core.formports import MedicalForm
from storage.models import MedicalFormRow

log = logging.getLogger(__name__)


class BadFormsKey(ValueError):
    """``MAATJE_FORMS_KEY`` is not a list of Fernet keys."""


def new_key() -> str:
    """A fresh key for ``MAATJE_FORMS_KEY`` (32 random bytes, URL-safe base64)."""
    return Fernet.generate_key().decode()


def forms_cipher(setting: str | None) -> MultiFernet | None:
    """The cipher of ``MAATJE_FORMS_KEY`` (``None`` when unset: the digital form is off)."""
    keys = [key.strip() for key in (setting or "").split(",") if key.strip()]
    if not keys:
        return None
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except (ValueError, TypeError) as error:
        raise BadFormsKey("MAATJE_FORMS_KEY is not a Fernet key: make one with "
                          "'maatje forms new-key'") from error


def _form(row: MedicalFormRow, answers: dict[str, str]) -> MedicalForm:
    return MedicalForm(row.registration_id, row.parent_key, row.parent_name, answers,
                       row.step, row.consent_at, row.done_at)


class FormRepository:
    """Implements :class:`bot.core.formports.FormPort` with ``cipher`` (``None``: off)."""

    def __init__(self, session: Session, cipher: MultiFernet | None) -> None:
        self.session = session
        self.cipher = cipher

    @property
    def enabled(self) -> bool:
        return self.cipher is not None

    def get(self, registration_id: int) -> MedicalForm | None:
        row = self._row(registration_id)
        answers = self._read(row) if row is not None else None
        return None if row is None or answers is None else _form(row, answers)

    def begin(self, registration_id: int, parent_key: str, parent_name: str, pupil_key: str,
              now: datetime, camp_end: datetime) -> MedicalForm | None:
        if self.cipher is None:
            return None
        row = self._row(registration_id)
        if row is not None and self._read(row) is not None:
            return _form(row, self._read(row) or {})
        if row is not None:
            self.session.delete(row)
            self.session.flush()
        row = MedicalFormRow(registration_id=registration_id, parent_key=parent_key,
                             parent_name=parent_name[:64], pupil_key=pupil_key,
                             answers=self._write({}), consent_at=now, updated_at=now,
                             camp_end=camp_end)
        self.session.add(row)
        self.session.flush()
        return _form(row, {})

    def save(self, form: MedicalForm, now: datetime, camp_end: datetime) -> None:
        row = self._row(form.registration_id)
        if row is None or self.cipher is None:
            return
        row.answers = self._write(dict(form.answers))
        row.step, row.done_at = form.step, form.done_at
        row.updated_at, row.camp_end = now, camp_end
        self.session.flush()

    def erase(self, registration_id: int) -> bool:
        result = self.session.execute(
            delete(MedicalFormRow).where(MedicalFormRow.registration_id == registration_id))
        return bool(getattr(result, "rowcount", 0))

    def of_parent(self, parent_key: str) -> list[MedicalForm]:
        rows = self.session.scalars(select(MedicalFormRow).where(
            MedicalFormRow.parent_key == parent_key).order_by(MedicalFormRow.id))
        return [_form(row, answers) for row in rows if (answers := self._read(row)) is not None]

    def unreadable(self) -> list[int]:
        """The registrations whose form no key of the cipher reads (a lost key)."""
        if self.cipher is None:
            return []
        rows = self.session.scalars(select(MedicalFormRow).order_by(MedicalFormRow.id))
        return [row.registration_id for row in rows if self._read(row) is None]

    def rotate(self) -> int:
        """Every form re-encrypted with the first key; the number of forms rewritten."""
        if self.cipher is None:
            return 0
        rows = list(self.session.scalars(select(MedicalFormRow)))
        rotated = 0
        for row in rows:
            try:
                row.answers = self.cipher.rotate(row.answers)
                rotated += 1
            except InvalidToken:
                log.warning("a medical form cannot be read with these keys; left as it is")
        self.session.flush()
        return rotated

    def _row(self, registration_id: int) -> MedicalFormRow | None:
        return self.session.scalar(select(MedicalFormRow).where(
            MedicalFormRow.registration_id == registration_id))

    def _write(self, answers: dict[str, str]) -> bytes:
        assert self.cipher is not None
        return self.cipher.encrypt(json.dumps(answers, ensure_ascii=False).encode())

    def _read(self, row: MedicalFormRow) -> dict[str, str] | None:
        """The answers, or ``None`` without a key that reads them."""
        if self.cipher is None:
            return None
        try:
            data = json.loads(self.cipher.decrypt(row.answers))
        except (InvalidToken, ValueError):
            log.warning("a medical form cannot be read with MAATJE_FORMS_KEY")
            return None
        return {str(key): str(value) for key, value in data.items()} if isinstance(data, dict) else None
