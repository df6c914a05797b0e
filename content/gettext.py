"""Gettext catalogs for translators who use ordinary tools (Poedit, Weblate, pybabel).

``maatje content export --po`` writes ``locale/<lang>/LC_MESSAGES/maatje.po`` next to the
content folder, plus the template ``locale/maatje.pot``: one message per text, its export
key as ``msgctxt``, the Dutch as ``msgid``, the translation as ``msgstr``. Whether a
native speaker reviewed it is a translator comment (``# reviewed: true``), which
``pybabel update`` keeps and ``pybabel compile`` ignores. ``maatje content import x.po``
takes a catalog back; the YAML files stay the source Maatje reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from content.catalog import Entry, Record, entries, import_records
from content.dates import babel_locale
from content.schema import SOURCE_LANGUAGE
from intents.types import CONTENT_LANGUAGES

DOMAIN = "maatje"
REVIEWED = "reviewed: true"
NOT_REVIEWED = "reviewed: false"
PROJECT = "Maatje"


def locale_dir(folder: Path) -> Path:
    """``content/locale`` for the bundled ``content/data`` folder."""
    return folder.parent / "locale"


def export_catalogs(folder: Path, languages: Iterable[str] | None = None) -> list[Path]:
    """Write the template and one catalog per language; return the files written."""
    texts = entries(folder)
    root = locale_dir(folder)
    written = [_write(_catalog(texts, None), root / f"{DOMAIN}.pot")]
    for lang in languages or CONTENT_LANGUAGES[1:]:
        if lang == SOURCE_LANGUAGE:
            continue
        target = root / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        written.append(_write(_catalog(texts, lang), target))
    return written


def _catalog(texts: list[Entry], lang: str | None) -> Catalog:
    catalog = Catalog(locale=babel_locale(lang) if lang else None, domain=DOMAIN, project=PROJECT,
                      fuzzy=False)
    for entry in texts:
        found = entry.translation(lang) if lang else None
        comment = () if found is None else ((REVIEWED if found[1] else NOT_REVIEWED),)
        catalog.add(entry.dutch, found[0] if found else "", context=entry.key,
                    auto_comments=(f"{entry.file}",), user_comments=comment)
    return catalog


def _write(catalog: Catalog, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        write_po(out, catalog, width=0, omit_header=False, sort_output=False)
    return target


def import_catalog(folder: Path, path: Path) -> tuple[int, list[str]]:
    """Take the translations of one catalog back into the content files (all or nothing)."""
    try:
        with path.open("rb") as source:
            catalog = read_po(source)
    except (OSError, ValueError) as error:
        return 0, [f"{path}: not a readable .po catalog: {error}"]
    lang = _language(catalog, path)
    if lang not in CONTENT_LANGUAGES or lang == SOURCE_LANGUAGE:
        return 0, [f"{path}: language {lang!r} is not one Maatje translates into"]
    current = {entry.key: entry.dutch for entry in entries(folder)}
    problems: list[str] = []
    numbered: list[tuple[int, Record]] = []
    for message in catalog:
        if not message.id or not message.string or not isinstance(message.string, str):
            continue
        key = str(message.context or "")
        where = f"{path.name}:{message.lineno}: {key}"
        if key in current and current[key] != message.id:
            problems.append(f"{where}: the Dutch text changed since this catalog was made; "
                            "translate the new text")
            continue
        reviewed = REVIEWED in message.user_comments and not message.fuzzy
        numbered.append((message.lineno or 0, Record(key, lang, message.string, reviewed)))
    if problems:
        return 0, problems
    return import_records(folder, numbered)


def _language(catalog: Catalog, path: Path) -> str:
    """The catalog's language: its header, else the ``<lang>/LC_MESSAGES`` folder it is in."""
    if catalog.locale is not None:
        return str(catalog.locale.language)
    parts = path.resolve().parts
    return parts[-3] if len(parts) >= 3 and parts[-2] == "LC_MESSAGES" else ""
