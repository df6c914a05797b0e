"""The PDFs Maatje prints: the medical form in every script beside Dutch, and the camp sheet.

What a reader would notice: the fonts travel inside the file (it prints the same on any
computer), the Arabic and Tigrinya words are there as text, the form says the bot's own
deadline and the days it is kept; the camp sheet lists a planted allergy, only staff get
it, and each print is on record.
"""

from __future__ import annotations

import io
import shutil
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from bot import cli
from bot.features.kit.formfile import attachment
from content.formpdf import file_name, medical_form_pdf
from content.loader import Content, default_content_dir, load_content
from storage.camp import CampRepository
from storage.models import AuditEntry
from tests import test_camp_form as forms
from tests.staffdesk import Desk, payloads, texts
from tests.test_camp_form import KEY, PLANTED, fill_in, linked_parent
from tests.test_camp_parent import ALI, FATIMA, NOW, OMAR, SARA, lead

NOUR = "tg:953"
#: The medical form's desk: Ali on the camp list, Sara staff, the forms' key set.
form_core, desk = forms.form_core, forms.desk


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def read(data: bytes) -> tuple[str, list[bool]]:
    """The PDF's text (NFKC, as a reader copying it gets it) and, per font, whether it is
    embedded in the file."""
    pdf = PdfReader(io.BytesIO(data))
    text = unicodedata.normalize("NFKC", "\n".join(page.extract_text() for page in pdf.pages))
    text = " ".join(text.split())  # a cell's wrapped line reads on
    embedded = []
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            embedded.append("/FontFile2" in described["/FontDescriptor"])
    return text, embedded


@pytest.mark.parametrize(("lang", "words"), [
    ("ar", ("الاستمارة", "الطبية", "الكزاز")),
    ("ps", ("فورمه", "ډاکټر")),
    ("ti", ("ሕክምናዊ", "ቅጥዒ", "ሞግዚትካ")),
    ("uk", ("Медична", "анкета")),
])
def test_the_form_is_printed_beside_dutch_with_its_fonts_inside(
    content: Content, lang: str, words: tuple[str, ...],
) -> None:
    text, embedded = read(medical_form_pdf(content, lang, 30) or b"")
    assert embedded and all(embedded), "every font travels inside the file"
    assert "Medische fiche voor het kamp" in text, "the Dutch beside it"
    for word in words:
        assert word in text


def test_the_form_says_the_bots_deadline_and_what_retention_does(content: Content) -> None:
    camp = content.camp
    assert camp is not None
    text, _ = read(medical_form_pdf(content, "nl", 30) or b"")
    assert camp.medical_form.deadline_sentence("nl") in text, "the same sentence as in the chat"
    assert "Geef de fiche af vóór vrijdag 18 juni." in text
    assert "30 dagen na het kamp gooien we de fiche weg." in text
    assert "45 dagen na het kamp" in read(medical_form_pdf(content, "nl", 45) or b"")[0]
    assert "Prik tegen tetanus (een ziekte door een vuile wonde)" in text


def test_a_notice_names_the_form_in_its_language_and_the_sender_finds_it(content: Content) -> None:
    assert file_name(content, "nl") == "medische-fiche.pdf"
    assert file_name(content, "fa") == "medische-fiche-fa.pdf"
    data = attachment(content, "medische-fiche-fa.pdf", 30) or b""
    assert "فورم" in read(data)[0]
    assert attachment(content, "fonts/DejaVuSans-Latin.ttf", 30), "content files as before"
    assert attachment(content, "nothing.pdf", 30) is None


def test_the_forms_texts_are_exported_and_checked_like_every_text(content: Content) -> None:
    from content import lint
    from content.catalog import entries

    form = [entry for entry in entries(content.directory) if entry.file == "medical_form.yaml"]
    assert {"medical_form.intro.erased", "medical_form.sections.health.fields.tetanus",
            "medical_form.sections.consent.checks.doctor"} <= {entry.key for entry in form}
    glossary, allow = lint.glossary_terms(content.glossary), lint.allow_list()
    assert {"voogd", "tetanus"} <= glossary, "the hard words are explained"
    for entry in form:
        assert lint.lint_text(entry.dutch, glossary=glossary, allow=allow) == [], entry.key
        assert entry.translation("ti") == (entry.node["ti"]["text"], False), "waits for review"


def test_an_older_content_folder_still_gets_the_form(tmp_path: Path) -> None:
    """A folder made before the form's texts and fonts were content: the bundled ones."""
    folder = tmp_path / "content"
    shutil.copytree(default_content_dir(), folder)
    (folder / "medical_form.yaml").unlink()
    for font in (folder / "fonts").glob("Noto*.ttf"):
        font.unlink()
    text, embedded = read(medical_form_pdf(load_content(folder), "ti", 30) or b"")
    assert all(embedded) and "ቅጥዒ" in text


# --- the camp sheet -----------------------------------------------------------------------


def sheet_of(outcome: object) -> str:
    documents = [reply.document for reply in outcome.replies  # type: ignore[attr-defined]
                 if reply.document is not None]
    assert [document.mime_type for document in documents] == ["application/pdf"]
    text, embedded = read(documents[0].data)
    assert all(embedded)
    return text


def audited(desk: Desk, action: str) -> list[str | None]:
    with desk.database.session() as session:
        return list(session.scalars(select(AuditEntry.actor_key).where(AuditEntry.action == action)))


def test_staff_print_the_camp_sheet_with_the_allergy_and_each_print_is_audited(desk: Desk) -> None:
    fill_in(desk, linked_parent(desk))
    desk.press(FATIMA, "mf:1:sure")
    with desk.database.session() as session:
        assert CampRepository(session).register(lead(2, NOUR, "Nour"), NOW) is not None
        assert CampRepository(session).register(lead(3, OMAR, "Omar"), NOW) is not None
    desk.press(SARA, "kamp:3:medical")  # Omar's paper form is in
    overview = desk.say(SARA, "/kamp")
    assert "blad:pdf" in payloads(overview), "the button under the camp list"
    sheet = sheet_of(desk.press(SARA, "blad:pdf"))
    assert f"{PLANTED} en pinda's" in sheet and "halal" in sheet
    assert "Fatima 0470 12 34 56" in sheet and "Dokter Peeters" in sheet
    assert "Zwemmen" in sheet and "Tetanus" in sheet, "the camp leaders need both"
    assert "kan zwemmen" in sheet and "3/2019" in sheet, "pressed yes; the typed month"
    assert "ontbreekt" in sheet and "Nour" in sheet, "no form yet"
    assert "papier" in sheet and "Omar" in sheet, "the paper form"
    assert audited(desk, "camp.sheet") == [SARA] * 3, "one entry per pupil on the sheet"
    assert PLANTED in sheet_of(desk.say(SARA, "/kampblad"))
    assert len(audited(desk, "camp.sheet")) == 6, "every print"


def test_the_sheet_says_who_cannot_swim_and_whose_tetanus_is_not_known(desk: Desk) -> None:
    start = linked_parent(desk)
    sent = [desk.press(FATIMA, start), desk.press(FATIMA, "mf:1:ok")]
    for answer in (PLANTED, "mf:1:medication:none", "halal", "mf:1:health:none",
                   "mf:1:swim:no", "mf:1:tetanus:dk", "Dokter Peeters", "Fatima 0470 12 34 56",
                   "mf:1:doctor_ok:yes", "mf:1:painkiller:dk"):
        pressed = answer.startswith("mf:")
        sent.append(desk.press(FATIMA, answer) if pressed else desk.say(FATIMA, answer, hint="ar"))
    assert "💉 Prik tetanus: 🤷" in texts(sent[-1])
    desk.press(FATIMA, "mf:1:sure")
    sheet = sheet_of(desk.press(SARA, "blad:pdf"))
    assert "kan niet zwemmen" in sheet and "weet niet" in sheet
    assert "kan zwemmen kan" not in sheet


def test_nobody_but_staff_gets_the_camp_sheet(desk: Desk) -> None:
    fill_in(desk, linked_parent(desk))
    desk.press(FATIMA, "mf:1:sure")
    tries = [desk.press(ALI, "blad:pdf"), desk.say(ALI, "/kampblad"),
             desk.press(OMAR, "blad:pdf"), desk.say(OMAR, "/kampblad"),
             desk.press(FATIMA, "blad:pdf"), desk.say(FATIMA, "/kampblad")]
    for outcome in tries:
        assert all(reply.document is None for reply in outcome.replies)
        assert PLANTED not in texts(outcome)
    assert "werkt niet" in texts(tries[0]), "a pressed button: no longer works"
    assert "Dit kan alleen een jeugdwerker doen" in texts(tries[1]), "a typed command: refused"
    assert audited(desk, "camp.sheet") == []


def test_maatje_camp_sheet_writes_the_pdf_and_audits_it(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    fill_in(desk, linked_parent(desk))
    desk.press(FATIMA, "mf:1:sure")
    monkeypatch.setenv("MAATJE_FORMS_KEY", KEY)
    monkeypatch.setenv("MAATJE_DATA_DIR", str(tmp_path))
    target = tmp_path / "kampblad.pdf"
    url = desk.database.url  # type: ignore[attr-defined]
    assert cli.main(["camp", "--db", url, "sheet", "-o", str(target)]) == 0
    assert "1 pupil(s) on the camp sheet" in capsys.readouterr().out
    assert f"{PLANTED} en pinda's" in read(target.read_bytes())[0]
    assert audited(desk, "camp.sheet") == ["cli"]
