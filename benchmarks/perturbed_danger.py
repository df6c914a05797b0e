"""Danger recall on the held-out danger messages with invisible characters and stretched letters.

Run: ``.venv/bin/python benchmarks/perturbed_danger.py [--cache DIR]``. Takes every
safeguarding line of ``intents/data/test.jsonl`` and makes variants a phone, a copy from
a web page or someone hiding a word can produce: a soft hyphen (U+00AD), a word joiner
(U+2060), a combining grapheme joiner (U+034F) or an Arabic letter mark (U+061C) inside
the longest word, or inside every word of three letters or more; vowel marks (harakat)
and tatweel on Arabic-script letters; one letter of the longest word stretched ("doooood").
Prints, per variant, how many of the messages the understanding still calls danger, and
the false alarms among the other held-out messages as written, stretched and hyphenated.
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from collections.abc import Callable
from pathlib import Path

from intents.pipeline import SAFEGUARDING, Understander

ROOT = Path(__file__).resolve().parent.parent
TEST = ROOT / "intents" / "data" / "test.jsonl"
INVISIBLE = {"soft hyphen": "\u00ad", "word joiner": "\u2060", "CGJ": "\u034f",
             "Arabic letter mark": "\u061c"}
HARAKAT = "\u064e\u0650\u064f\u0651\u0652"


def _inside(word: str, mark: str) -> str:
    middle = len(word) // 2
    return word[:middle] + mark + word[middle:] if len(word) >= 3 else word


def in_longest(mark: str) -> Callable[[str], str]:
    def perturb(text: str) -> str:
        words = text.split(" ")
        longest = max(range(len(words)), key=lambda i: len(words[i]))
        words[longest] = _inside(words[longest], mark)
        return " ".join(words)
    return perturb


def in_every(mark: str) -> Callable[[str], str]:
    return lambda text: " ".join(_inside(word, mark) for word in text.split(" "))


def _arabic(char: str) -> bool:
    return "ARABIC" in unicodedata.name(char, "")


def harakat(text: str) -> str:
    """A vowel mark after every Arabic-script letter (as in a Quranic or teaching text)."""
    out = []
    for index, char in enumerate(text):
        out.append(char)
        if _arabic(char) and char.isalpha():
            out.append(HARAKAT[index % len(HARAKAT)])
    return "".join(out)


def tatweel(text: str) -> str:
    """A stretching tatweel (U+0640) inside every Arabic-script word of three letters or more."""
    return in_every("\u0640")(text)


def stretched(text: str) -> str:
    """The first vowel (or the middle letter) of the longest word written five times."""
    words = text.split(" ")
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    at = next((i for i, c in enumerate(word) if c.lower() in "aeiouyаеиоуяюыєії"), len(word) // 2)
    words[longest] = word[:at] + word[at] * 5 + word[at + 1:]
    return " ".join(words)


def test_lines(danger: bool) -> list[str]:
    rows = [json.loads(line) for line in TEST.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [row["text"] for row in rows if (row["intent"] == SAFEGUARDING) == danger]


def danger_lines() -> list[str]:
    return test_lines(True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/models/cache"),
                        help="model cache folder (trained on first use)")
    args = parser.parse_args()
    understander = Understander.load(cache_dir=args.cache)
    lines = danger_lines()
    arabic = [text for text in lines if any(_arabic(char) for char in text)]
    variants: list[tuple[str, Callable[[str], str], list[str]]] = [("as written", str, lines)]
    for name, mark in INVISIBLE.items():
        variants.append((f"{name}, longest word", in_longest(mark), lines))
        variants.append((f"{name}, every word", in_every(mark), lines))
    variants += [("harakat (Arabic script)", harakat, arabic),
                 ("tatweel (Arabic script)", tatweel, arabic),
                 ("stretched letter", stretched, lines)]
    total_hit = total = 0
    for name, perturb, texts in variants:
        hits = sum(understander.understand(perturb(text)).safeguarding for text in texts)
        missed = [perturb(text) for text in texts if not understander.understand(perturb(text)).safeguarding]
        if perturb is not str:
            total_hit, total = total_hit + hits, total + len(texts)
        print(f"{name:34} {hits:3}/{len(texts):<3} recall {hits / len(texts):.3f}"
              + (f"   missed e.g. {missed[0]!r}" if missed else ""))
    print(f"{'all perturbed variants':34} {total_hit:3}/{total:<3} recall {total_hit / total:.3f}")
    others = test_lines(False)
    for name, perturb in (("as written", str), ("stretched letter", stretched),
                          ("soft hyphen, every word", in_every("\u00ad"))):
        alarms = [perturb(text) for text in others if understander.understand(perturb(text)).safeguarding]
        print(f"false alarms, {name:21} {len(alarms):3}/{len(others):<3}"
              + (f"   e.g. {alarms[0]!r}" if alarms else ""))


if __name__ == "__main__":
    main()
