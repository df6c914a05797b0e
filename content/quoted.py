"""Texts that name a button must name it as the reader sees it, in the reader's language.

"Kies dan 🔕 Berichten uit." or "je "Ik kom" voor een activiteit": a translation that
says «Stop messages» while the button reads "Unsubscribe" sends the reader looking for
a button that is not there. A Dutch text names a button when it has the button's label
with its emoji, or the label's words in quotes or brackets; each translation must then
hold that button's label (its words, without the emoji) in the same language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from content.schema import Text

#: Quote marks a label can stand in: «…», "…", “…”, „…”, ‘…’; brackets for a label of
#: more words ("niet (meer)" names no button).
_QUOTED = r"«\s*{0}\s*»|\"{0}\"|“{0}”|„{0}[”“]|‘{0}’"
_BRACKETED = r"\({0}\)"


@dataclass(frozen=True)
class WrongLabel:
    """A translation that names a button by something other than its label."""

    button: str
    lang: str
    label: str

    def __str__(self) -> str:
        return f"the {self.lang} text names the button {self.button}; its label is «{self.label}»"


def words(label: str) -> str:
    """A label without its leading emoji and symbols, as a text names it."""
    index = 0
    while index < len(label) and not label[index].isalnum():
        index += 1
    return label[index:].strip()


def named_buttons(dutch: str, buttons: Mapping[str, Text]) -> list[str]:
    """The buttons a Dutch text names. A label with its emoji counts inside the text, not
    at its start (a label, or a message opening with the same emoji and word, names no
    button); of labels found at one place the longest ("✅ Ja, dat mag", not "✅ Ja")."""
    found: list[tuple[int, int, str]] = []
    for key, label in buttons.items():
        text, shown = words(label.nl), label.nl.strip()
        if not text:
            continue
        forms = [_QUOTED.format(re.escape(text))]
        if len(text.split()) > 1:
            forms.append(_BRACKETED.format(re.escape(text)))
        if shown != text:
            forms.append(rf"(?<=\s){re.escape(shown)}(?!\w)")
        for match in re.finditer("|".join(forms), dutch, re.IGNORECASE):
            found.append((match.start(), match.end(), key))
    return sorted({key for start, end, key in found
                   if not any(s <= start and end <= e and e - s > end - start
                              for s, e, _ in found)})


def wrong_labels(dutch: str, translations: Iterable[tuple[str, str]],
                 buttons: Mapping[str, Text]) -> Iterator[WrongLabel]:
    """The translations of one text (``(lang, text)`` pairs) that miss a named button's label."""
    named = list(named_buttons(dutch, buttons))
    for lang, text in translations:
        for key in named:
            if not buttons[key].has(lang):
                continue
            label = words(buttons[key].get(lang))
            if label and label.casefold() not in text.casefold():
                yield WrongLabel(key, lang, label)
