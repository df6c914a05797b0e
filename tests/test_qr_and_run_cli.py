"""``maatje qr`` and ``maatje run --webhook`` as the person running them sees them."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from bot.cli import main
from bot.commands import _webhook
from bot.config import Settings


def test_qr_code_opens_the_topic_in_the_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "kamp-ar.png"
    assert main(["qr", "kamp", "--lang", "ar", "-o", str(target), "--username", "MaatjeBot"]) == 0
    url = "https://t.me/MaatjeBot?start=kamp-ar"
    assert capsys.readouterr().out.strip() == f"{target}: {url}"
    [code] = zxingcpp.read_barcodes(Image.open(target))
    assert code.text == url
    assert code.format == zxingcpp.BarcodeFormat.QRCode


def test_qr_code_for_the_web_chat_opens_its_page_at_the_topic(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """For parents without Telegram: the letter's code opens the web chat's deep link."""
    monkeypatch.setenv("MAATJE_WEB_URL", "https://maatje.example.org/")
    target = tmp_path / "kamp-ar-web.png"
    assert main(["qr", "kamp", "--lang", "ar", "--web", "-o", str(target)]) == 0
    url = "https://maatje.example.org/?start=kamp-ar"
    assert capsys.readouterr().out.strip() == f"{target}: {url}"
    [code] = zxingcpp.read_barcodes(Image.open(target))
    assert code.text == url


def test_qr_for_the_web_chat_without_its_address_explains(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("MAATJE_WEB_URL", "MAATJE_WEB_ORIGIN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["qr", "kamp", "--web", "-o", "x.png"]) == 2
    error = capsys.readouterr().err
    assert "MAATJE_WEB_URL" in error and len(error.strip().splitlines()) == 1
    assert not (tmp_path / "x.png").exists()
    monkeypatch.setenv("MAATJE_WEB_URL", "maatje.example.org")
    assert main(["qr", "kamp", "--web", "-o", "x.png"]) != 0
    assert "not a web address" in capsys.readouterr().err


def test_qr_for_an_unknown_topic_says_which_exist(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["qr", "zwembad", "-o", str(tmp_path / "x.png"), "--username", "MaatjeBot"]) == 2
    error = capsys.readouterr().err
    assert "unknown topic 'zwembad'" in error and "kamp" in error
    assert len(error.strip().splitlines()) == 1
    assert not (tmp_path / "x.png").exists()


def test_qr_without_username_or_token_explains(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MAATJE_TELEGRAM_TOKEN", raising=False)
    monkeypatch.delenv("MAATJE_TELEGRAM_USERNAME", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["qr", "kamp", "-o", "x.png"]) == 2
    assert "MAATJE_TELEGRAM_USERNAME" in capsys.readouterr().err


def run_args(*extra: str) -> argparse.Namespace:
    from bot.cli import build_parser

    return build_parser().parse_args(["run", *extra])


def test_webhook_always_has_a_secret() -> None:
    hook = _webhook(run_args("--webhook", "--url", "https://maatje.example.org/tg"), Settings())
    assert hook is not None and len(hook.secret) >= 32
    assert (hook.path, hook.port, hook.listen) == ("tg", 8443, "0.0.0.0")
    again = _webhook(run_args("--webhook", "--url", "https://maatje.example.org/tg"), Settings())
    assert again is not None and again.secret != hook.secret
    given = _webhook(run_args("--webhook", "--url", "https://m.example.org/", "--secret", "s3cr3t_-"),
                     Settings())
    assert given is not None and given.secret == "s3cr3t_-"
    assert _webhook(run_args(), Settings()) is None, "polling stays the default"


def test_webhook_without_https_url_is_a_clear_mistake(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAATJE_TELEGRAM_TOKEN", "123:abc")
    assert main(["run", "--webhook", "--url", "http://insecure.example.org"]) == 2
    assert "--url with the public https address" in capsys.readouterr().err
    assert main(["run", "--webhook", "--url", "https://m.example.org", "--secret", "no spaces"]) == 2
    assert "secret may only hold" in capsys.readouterr().err
