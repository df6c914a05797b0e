"""The summer camp: facts, the packing list, the medical form and parents' questions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from content.bidi import isolate
from content.dates import format_day
from content.schema import Text
from content.zone import local


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Fact(_Frozen):
    """One short point about what camp is like, with its emoji."""

    emoji: str = Field(min_length=1)
    text: Text


class PackingItem(_Frozen):
    """One line of the packing checklist."""

    emoji: str = Field(min_length=1)
    item: Text
    #: Shown after "➕ Meer" (and on the picture), not on the answer's first phone screen.
    more: bool = False
    #: The item as a parent reads it ("de medicijnen van uw kind"); ``None``: the same.
    parent: Text | None = None

    def for_parent(self) -> PackingItem:
        return self if self.parent is None else self.model_copy(update={"item": self.parent})


#: The medical form's sentences a parent may read in other words than a pupil.
PARENT_SENTENCES = ("what", "who_fills_in", "where", "deadline_text")


class MedicalFormForParents(_Frozen):
    """The medical form's sentences as a parent reads them ("uw kind"); one left out is
    the pupil's sentence."""

    what: Text | None = None
    who_fills_in: Text | None = None
    where: Text | None = None
    deadline_text: Text | None = None


class MedicalForm(_Frozen):
    """What the medical form is, who fills it in, where it goes and by when."""

    what: Text
    who_fills_in: Text
    where: Text
    deadline: date
    deadline_text: Text
    pdf: str = Field(min_length=1)
    parent: MedicalFormForParents | None = None

    def for_parent(self) -> MedicalForm:
        """The form as a parent reads about it (their own sentences where written)."""
        if self.parent is None:
            return self
        written = {name: text for name in PARENT_SENTENCES
                   if (text := getattr(self.parent, name)) is not None}
        return self.model_copy(update=written)

    def deadline_sentence(self, lang: str) -> str:
        """"Geef de fiche af vóór vrijdag 18 juni.": the same in the chat and on the PDF."""
        return self.deadline_text.get(lang).format(
            date=isolate(format_day(self.deadline, lang), lang))

    @model_validator(mode="after")
    def _deadline_has_its_date(self) -> MedicalForm:
        if "{date}" not in self.deadline_text.nl:
            raise ValueError("deadline_text needs {date}: Maatje fills in the deadline")
        parent = self.parent.deadline_text if self.parent else None
        if parent is not None and "{date}" not in parent.nl:
            raise ValueError("parent.deadline_text needs {date}: Maatje fills in the deadline")
        return self


class ParentQuestion(_Frozen):
    """A question parents ask (food, medicines, supervision…) and its answer."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    question: Text
    answer: Text
    #: The answer as a pupil reads it ("je"), for a pupil who types the same question
    #: ("is het eten halal?"); without one a pupil gets the camp answer, never "uw kind".
    pupil: Text | None = None
    #: The answer reads the same for a pupil (it names no "uw kind"): shown to one as it is.
    for_pupils: bool = False

    @model_validator(mode="after")
    def _one_pupil_answer(self) -> ParentQuestion:
        if self.pupil is not None and self.for_pupils:
            raise ValueError("give a pupil answer or for_pupils: true, not both")
        return self

    def pupil_answer(self) -> Text | None:
        """What a pupil who asks this is told; ``None``: the answer is for parents only."""
        return self.answer if self.for_pupils else self.pupil


class Camp(_Frozen):
    """The camp as ``camp.yaml`` describes it."""

    id: str
    title: Text
    start: datetime
    end: datetime
    place: str
    meeting_point: str | None = None
    price: Decimal = Field(ge=0)
    who: Text
    age_min: int = Field(ge=0, le=99)
    age_max: int = Field(ge=0, le=99)
    what_it_is_like: tuple[Fact, ...] = ()
    packing: tuple[PackingItem, ...] = ()
    medical_form: MedicalForm
    parent_questions: tuple[ParentQuestion, ...] = ()

    @field_validator("start", "end")
    @classmethod
    def _local(cls, value: datetime, info: ValidationInfo) -> datetime:
        return local(value, info)

    @model_validator(mode="after")
    def _consistent(self) -> Camp:
        if self.end <= self.start:
            raise ValueError("end must be after start")
        if self.age_max < self.age_min:
            raise ValueError("age_max must not be below age_min")
        if self.medical_form.deadline > self.start.date():
            raise ValueError("medical_form.deadline must not be after start: the form is "
                             "needed before the camp begins")
        return self

    def for_parent(self) -> Camp:
        """The camp as a parent reads about it: the parent wording of the packing list
        and the medical form where written."""
        return self.model_copy(update={
            "packing": tuple(item.for_parent() for item in self.packing),
            "medical_form": self.medical_form.for_parent(),
        })

    def texts(self) -> Iterator[tuple[str, Text]]:
        """Every user-facing text with its dotted key inside the camp."""
        yield "title", self.title
        yield "who", self.who
        for index, fact in enumerate(self.what_it_is_like):
            yield f"what_it_is_like.{index}.text", fact.text
        for index, item in enumerate(self.packing):
            yield f"packing.{index}.item", item.item
            if item.parent is not None:
                yield f"packing.{index}.parent", item.parent
        form = self.medical_form
        for name in PARENT_SENTENCES:
            yield f"medical_form.{name}", getattr(form, name)
            if form.parent is not None and (text := getattr(form.parent, name)) is not None:
                yield f"medical_form.parent.{name}", text
        for question in self.parent_questions:
            yield f"parent_questions.{question.id}.question", question.question
            yield f"parent_questions.{question.id}.answer", question.answer
            if question.pupil is not None:
                yield f"parent_questions.{question.id}.pupil", question.pupil
