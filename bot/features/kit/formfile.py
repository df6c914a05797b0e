"""The printable medical form as a file to send: in the reader's language beside Dutch.

The PDF is made from content (:mod:`content.formpdf`) the first time a language is asked
for, with the days the form is kept after the camp (``MAATJE_RETENTION_FORMS_DAYS``, as
``/privacy`` says them). A notice in the outbox names the file (``medische-fiche-ar.pdf``);
:func:`attachment` turns that name back into the PDF when the notice is sent.
"""

from __future__ import annotations

from bot.core.features import Context
from bot.core.messages import Document
from bot.core.ports import Store
from bot.core.render import Renderer
from content.formpdf import file_name, medical_form_pdf
from content.loader import Content
from intents.types import CONTENT_LANGUAGES

PDF_MIME_TYPE = "application/pdf"
#: The forms' table, and its retention by default (``MAATJE_RETENTION_FORMS_DAYS``).
TABLE = "medical_forms"
DEFAULT_DAYS = 30


def form_days(store: Store) -> int:
    """How long after the camp the form is kept, as ``/privacy`` says it."""
    kept = {entry.table: entry.days for entry in store.privacy.catalogue()}
    return kept.get(TABLE) or DEFAULT_DAYS


def reader_language(render: Renderer) -> str:
    """The language beside Dutch in this reply (Dutch alone when there is none)."""
    blocks = render.plan.blocks
    return blocks[1] if len(blocks) > 1 and blocks[1] in CONTENT_LANGUAGES else "nl"


def form_document(ctx: Context, render: Renderer, caption: str = "") -> Document | None:
    """The form in the reply's languages; ``None`` when the content has no form."""
    return document(ctx.content, render, form_days(ctx.store), caption)


def document(content: Content, render: Renderer, days: int, caption: str = "") -> Document | None:
    lang = reader_language(render)
    data = medical_form_pdf(content, lang, days)
    if data is None:
        return None
    return Document(file_name(content, lang), data, PDF_MIME_TYPE, caption)


def form_attachment(content: Content, lang: str) -> str | None:
    """The file name a notice in ``lang`` carries (``None`` when there is no form)."""
    if content.printed_form is None:
        return None
    return file_name(content, lang if lang in CONTENT_LANGUAGES else "nl")


def attachment(content: Content, name: str, days: int) -> bytes | None:
    """A notice's file by name: the medical form in its language, or a content file."""
    for lang in CONTENT_LANGUAGES:
        if name == file_name(content, lang):
            return medical_form_pdf(content, lang, days)
    return content.attachment(name)
