"""The printable medical form (``medical_form.yaml``): its titles, questions and tick boxes.

Maatje prints it as a PDF in the reader's language beside the Dutch
(:mod:`content.formpdf`); the texts are content like every other, so they are linted,
translated and exported the same way.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field, model_validator

from content.schema import Text

#: The intro sentence that says when the form is thrown away: it needs ``{days}``.
ERASED = "erased"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Section(_Frozen):
    """One part of the form: a title, lines to write on, and ja / nee boxes to tick."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: Text
    fields: dict[str, Text] = Field(default_factory=dict)
    checks: dict[str, Text] = Field(default_factory=dict)


class PrintedForm(_Frozen):
    """The whole printable form, top to bottom."""

    title: Text
    intro: dict[str, Text]
    sections: list[Section] = Field(min_length=1)
    signature: dict[str, Text]
    box_yes: Text
    box_no: Text

    @model_validator(mode="after")
    def _says_when_it_is_erased(self) -> PrintedForm:
        erased = self.intro.get(ERASED)
        if erased is None or "{days}" not in erased.nl:
            raise ValueError("intro.erased needs {days}: the days after the camp that the "
                             "form is kept (MAATJE_RETENTION_FORMS_DAYS)")
        return self

    def texts(self) -> Iterator[tuple[str, Text]]:
        """Every text with its key inside the file, for the checks and the export."""
        yield "title", self.title
        for key, text in self.intro.items():
            yield f"intro.{key}", text
        for section in self.sections:
            yield f"sections.{section.id}.title", section.title
            for kind in ("fields", "checks"):
                for key, text in getattr(section, kind).items():
                    yield f"sections.{section.id}.{kind}.{key}", text
        for key, text in self.signature.items():
            yield f"signature.{key}", text
        yield "box_yes", self.box_yes
        yield "box_no", self.box_no
