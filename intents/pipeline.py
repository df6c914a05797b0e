"""The understanding pipeline: normalise, detect language, classify, check safety, extract.

Each step is a small function returning scores; :class:`Understander` only wires them
together. It is built once at start-up and shared, since it holds no per-user state.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from intents.classifier import MODEL_VERSION, IntentClassifier, Vector
from intents.concepts import ConceptTagger
from intents.embedding import VERSION as EMBEDDING_VERSION
from intents.embedding import SentenceEncoder
from intents.entities import WORD, EntityFinder, quoted_alone
from intents.examples import DATA_DIR, Example, fingerprint, read_examples, training_files
from intents.followups import FILE as FOLLOWUPS_FILE
from intents.followups import NONE as NO_FOLLOWUPS
from intents.followups import FollowUps
from intents.language import LanguageIdentifier
from intents.language_model import VERSION as LANGUAGE_MODEL_VERSION
from intents.language_model import CharLanguageModel
from intents.lexicon import Lexicon, without
from intents.normalize import NORMALIZATION, clean, normalize, unstretched
from intents.progress import Progress

# Re-exported: the benchmarks and tests read them from the pipeline.
from intents.scores import OUT_OF_SCOPE as OUT_OF_SCOPE
from intents.scores import SAFEGUARDING as SAFEGUARDING
from intents.scores import confidence as confidence
from intents.scores import safeguarding_score as safeguarding_score
from intents.types import Candidate, Understanding

log = logging.getLogger(__name__)

WORD_MEANING = "word_meaning"
ACTIVITIES = "activities"
FULL_MODEL_ONLY = frozenset({SAFEGUARDING, OUT_OF_SCOPE})
#: The classifier's safeguarding probability above which the danger path wins without a
#: danger phrase. Chosen by 5-fold cross-validation of the training examples
#: (benchmarks/tune_concern.py; 12,508 examples, 1,711 about danger, after the phrase list
#: and the data grew for fourteen danger categories): 0.45 → safeguarding recall 1.0,
#: false alarms 1.20 %; 0.50 → 0.9982, 0.96 %; 0.55 → 0.9982, 0.74 %; 0.60 → 0.9982,
#: 0.58 %. The phrase list (intents/data/safeguarding.yaml) carries recall; the floor keeps
#: false alarms under 1 %, since a needless help card also costs trust, and a score below
#: it but from ``CONCERN_FLOOR`` still gets the gentle question. Raised to 0.70 when the
#: neighbours' margin came to lower the score less than it lifts it (``NEIGHBOUR_DOWN_WEIGHT``)
#: and the situation concepts came (street, fridge, skin, marriage; chores, woods, jokes):
#: on dev-safety (benchmarks/tune_safety.py) 0.55 → recall 0.893 / false alarms 6.8 %,
#: 0.60 → 0.893 / 5.6 %, 0.65 → 0.883 / 3.7 %, 0.70 → 0.878 / 2.5 %, 0.80 → 0.827 / 2.5 %;
#: 5-fold cross-validation at 0.70: recall 0.954, false alarms 1.65 % (see benchmarks/README.md).
SAFEGUARDING_FLOOR = 0.70
#: Weight of the danger neighbours' margin (:mod:`intents.neighbours`) added to the
#: safeguarding probability before it meets ``SAFEGUARDING_FLOOR``, when the full model ran
#: and the margin leans to danger. Chosen with benchmarks/tune_danger_head.py (5, 10 and 20
#: measured; see benchmarks/README.md): at the same floor it raised danger recall and lowered
#: false alarms on the development set and on each danger file left out of training.
NEIGHBOUR_WEIGHT = 10.0
#: Weight of a margin that leans away from danger. Smaller than ``NEIGHBOUR_WEIGHT``: a
#: danger situation told in few words ("estoy en la calle desde el sábado", "на улицата съм
#: от събота") lies nearer the address and date questions than any danger example, so at
#: weight 10 a margin of -0.1 took a probability of 0.96 below the floor. On dev-safety
#: (benchmarks/tune_safety.py --dump, then benchmarks/README.md "Asymmetric neighbours")
#: 10 up / 1 down at floor 0.70 found 171 of 196 danger lines at 5 of 161 false alarms,
#: where 10 / 10 found 161 at the same false alarms.
NEIGHBOUR_DOWN_WEIGHT = 1.0
#: From this safeguarding probability a message that is not danger is a ``concern``: it is
#: answered, and the pupil is asked gently whether all is well. Chosen by the same 5-fold
#: cross-validation (benchmarks/tune_concern.py): 0.20 asks it of 2.6 % of the ordinary
#: messages (281 of 10,717; 0.15 → 3.7 %, 0.18 → 3.0 %, 0.25 → 1.9 %) and of 69 % of the
#: danger messages the classifier scored below the alarm floor (100 of 145; 0.15 → 80 %,
#: 0.25 → 63 %), among them all 51 that no danger phrase matched: each of the three danger
#: messages cross-validation missed would still have been asked. It reads the probability
#: alone, not the neighbours' margin: the danger lines the alarm misses mostly lie nearer
#: ordinary examples, so on dev-safety (benchmarks/tune_safety.py --concern-weights, three
#: retrained models) p + 5 or 10 × margin asked no more of them, or fewer, at the same share
#: of ordinary messages (p >= 0.20: 21 of the 33 missed, 22 of 161 ordinary; p + 10 × margin
#: at most 15 of the 33 at <= 24 ordinary).
CONCERN_FLOOR = 0.2
#: The n-gram model's probability from which its topic is taken without the sentence
#: embedding (which costs nine tenths of a message's time). Never for safeguarding or
#: out_of_scope: those always get the full model. Chosen by 5-fold cross-validation
#: (benchmarks/tune_cascade.py): 0.8 → 51 % fast, accuracy 0.879, out-of-scope recall 0.900;
#: 0.9 → 43 %, 0.881, 0.907; full model always → 0.882, 0.909.
SURE_WITHOUT_EMBEDDING = 0.9
#: Entities that name a thing of their own: "hoeveel kost de voetbalclub" is a new topic,
#: not a follow-up about the one remembered.
OWN_TOPIC_ENTITIES = ("sport", "activity")
#: Word lists the classifier never reads: a change to them must not retrain the model.
NOT_FEATURES = frozenset({FOLLOWUPS_FILE})


@dataclass(frozen=True)
class Understander:
    """Turns a message into an :class:`Understanding`."""

    classifier: IntentClassifier
    languages: LanguageIdentifier
    lexicon: Lexicon
    finder: EntityFinder
    tagger: ConceptTagger
    encoder: SentenceEncoder
    followups: FollowUps = NO_FOLLOWUPS

    @classmethod
    def load(
        cls, cache_dir: Path | None, data_dir: Path = DATA_DIR, encoder_threads: int = 1,
        progress: Progress | None = None,
    ) -> Understander:
        """The pipeline, its models read from ``cache_dir`` or trained now (with
        ``progress``, the operator is told why and shown how far it is)."""
        lexicon = Lexicon.load(data_dir)
        tagger = ConceptTagger.build(lexicon, data_dir)
        encoder = SentenceEncoder.load(encoder_threads)
        return cls(
            classifier=load_classifier(cache_dir, data_dir, lexicon, tagger, encoder, progress),
            languages=LanguageIdentifier.build(load_language_model(cache_dir, data_dir)),
            lexicon=lexicon,
            finder=EntityFinder.build(lexicon),
            tagger=tagger,
            encoder=encoder,
            followups=FollowUps.load(data_dir, lexicon.abbreviations),
        )

    def with_classifier(self, classifier: IntentClassifier) -> Understander:
        """The same pipeline with another model (cross-validation trains one per fold)."""
        return replace(self, classifier=classifier)

    def with_languages(self, languages: LanguageIdentifier) -> Understander:
        return replace(self, languages=languages)

    def with_encoder(self, encoder: SentenceEncoder) -> Understander:
        return replace(self, encoder=encoder)

    def understand(self, text: str, language_hint: str | None = None) -> Understanding:
        """What ``text`` asks. Every step reads the cleaned text (:func:`clean`), as the
        training examples were read: an invisible character must not hide a word."""
        cleaned = clean(text)
        normalized, words, candidates, danger = self._read(cleaned)
        if not danger and (plain := unstretched(text)) is not None:
            danger = self._read(plain)[3]  # "eeeeeinde": "einde", not "eeinde"
        entities = self.finder.find(words)
        concern = not danger and is_concern(candidates)
        ranked = candidates if danger else _not_first(SAFEGUARDING, candidates)
        follow_up = None if any(k in entities for k in OWN_TOPIC_ENTITIES) else (
            self.followups.find(words))
        language_text = cleaned
        quoted = None if danger else quoted_alone(cleaned)
        if quoted is not None:
            ranked = _certain(WORD_MEANING, ranked)
        elif not danger and self.finder.day_alone(words, self.followups.fillers):
            ranked = _certain(ACTIVITIES, ranked)
        if ranked[0].intent == WORD_MEANING:
            asked = self.finder.asked_word(words)
            if asked:
                entities[WORD] = asked[0]
                language_text = _without_words(cleaned, set(words) - set(asked[1])) or cleaned
            elif quoted is not None:
                entities[WORD] = quoted
                language_text = _without_words(cleaned, set(quoted.split())) or cleaned
        return Understanding(
            text=text,
            normalized=normalized,
            language=self.languages.detect(language_text, language_hint),
            candidates=ranked,
            entities=entities,
            safeguarding=danger,
            concern=concern,
            confidence=confidence(ranked, danger),
            follow_up=follow_up.kind if follow_up else None,
            follow_up_bare=bool(follow_up and follow_up.bare),
            follow_up_standalone=bool(follow_up and follow_up.standalone),
        )

    def _read(self, cleaned: str) -> tuple[str, list[str], tuple[Candidate, ...], bool]:
        """The normal form, its words, the scored intents and the danger verdict."""
        normalized = normalize(cleaned, self.lexicon.abbreviations)
        words = normalized.split()
        scored, margin = self.scores(normalized, cleaned)
        candidates = scored or (Candidate(OUT_OF_SCOPE, 0.0),)
        danger = self.tagger.calls_for_help(cleaned) or self.is_danger(words, candidates, margin)
        return normalized, words, candidates, danger

    def classify(self, normalized: str, text: str = "") -> tuple[Candidate, ...]:
        """Scored intents for a normalised message (see :meth:`scores`)."""
        return self.scores(normalized, text)[0]

    def scores(self, normalized: str, text: str = "") -> tuple[tuple[Candidate, ...], float]:
        """Scored intents for a normalised message (with its concept and emoji tags), and
        the danger neighbours' margin (0 when the embedding was not needed); ``text`` is the
        message cleaned (:func:`clean`), for the emoji and the embedding.

        The n-gram model answers alone when it is sure; otherwise the full model reads the
        sentence embedding too. On 5-fold cross-validation the cascade at 0.9 sent 43 % of
        messages down the fast path for no loss of accuracy (0.8814 vs 0.8815).
        """
        features = self.tagger.features(normalized, text)
        if not features:
            return (), 0.0
        fast = self.classifier.predict_fast(features)
        if (fast[0].score >= SURE_WITHOUT_EMBEDDING and fast[0].intent not in FULL_MODEL_ONLY
                and not self.tagger.hints_danger(features)):
            return tuple(fast), 0.0
        embedding = self.encoder.encode(text or normalized)
        return (tuple(self.classifier.predict(features, embedding)),
                self.classifier.danger_margin(embedding))

    def is_danger(self, words: list[str], candidates: tuple[Candidate, ...],
                  margin: float = 0.0) -> bool:
        """High recall first: a danger phrase, or a fair safeguarding score, wins; the score
        is the classifier's probability plus the neighbours' weighted ``margin``.

        Idioms such as "pijnlijk duur" or "dood moe" are taken out first; a message with
        one then needs a danger phrase, since the classifier leans on the idiom's words.
        """
        idioms = self.lexicon.not_danger.find_all(words)
        cleaned = without(words, idioms) if idioms else words
        if cleaned and self.lexicon.danger.find_all(cleaned, fuzzy=True):
            return True
        if idioms:  # a figure of speech: only a danger phrase beside it counts
            return False
        return danger_score(candidates, margin) >= SAFEGUARDING_FLOOR


def danger_score(candidates: tuple[Candidate, ...], margin: float = 0.0) -> float:
    """The safeguarding probability, moved by the danger neighbours' margin (lifted more
    than lowered, see ``NEIGHBOUR_DOWN_WEIGHT``)."""
    weight = NEIGHBOUR_WEIGHT if margin > 0 else NEIGHBOUR_DOWN_WEIGHT
    return safeguarding_score(candidates) + weight * margin


def is_concern(candidates: tuple[Candidate, ...]) -> bool:
    """Worth a gentle "is all well?": the classifier leaned towards danger, the check said no.

    Called only when the message is not danger, so a score above the alarm floor here
    means an idiom ("ik lach me dood") held the alarm back: a button, not help lines.
    """
    return safeguarding_score(candidates) >= CONCERN_FLOOR


def _not_first(intent: str, candidates: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
    """Move ``intent`` behind the others: an unconfirmed danger guess must not be answered.

    When the danger check says no, a message the classifier leaned towards safeguarding
    gets the next topic or "Bedoel je…?", whose 🆘 button is still there.
    """
    if len(candidates) < 2 or candidates[0].intent != intent:
        return candidates
    return (*candidates[1:], candidates[0])


def _certain(intent: str, candidates: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
    """``intent`` first and certain, the rest in their order at 0, whatever the classifier
    guessed from so few words, so that no remembered topic pulls the message back
    (``intents.topic_prior``). For two shapes of message measured on the development
    conversations (4 December 2026):

    - a quoted word alone (`et "drinkfles" ?` right after "what does 'zwembroek' mean?")
      asks what it means: five such turns in five languages went to "Bedoel je…?", the
      language picker or the activities;
    - a day alone ("zaterdag", "en zaterdag", "samedi ?") asks what there is that day: the
      classifier read "zaterdag" as thanks at 0.96 (from "tot zaterdag"), which is kept.
    """
    if candidates[0].intent == intent:
        return candidates
    rest = tuple(Candidate(c.intent, 0.0) for c in candidates if c.intent != intent)
    return (Candidate(intent, 1.0), *rest)


def _without_words(text: str, dropped: set[str]) -> str:
    """``text`` minus the words whose normal form is in ``dropped`` (the asked Dutch word)."""
    return " ".join(raw for raw in text.split() if not set(normalize(raw).split()) & dropped)


def load_classifier(
    cache_dir: Path | None, data_dir: Path, lexicon: Lexicon, tagger: ConceptTagger,
    encoder: SentenceEncoder, progress: Progress | None = None,
) -> IntentClassifier:
    """The trained classifier from cache, or trained now and cached under the data's hash.

    The hash covers the word lists too, since abbreviations and concepts change features
    (all but ``NOT_FEATURES``, which the classifier never reads).
    """
    files = training_files(data_dir)
    lists = sorted(p for p in data_dir.glob("*.yaml") if p.name not in NOT_FEATURES)
    key = fingerprint([*files, *lists], f"{MODEL_VERSION}+{NORMALIZATION}")
    cached = cache_dir / f"intents-{key}.npz" if cache_dir else None
    if cached and cached.is_file():
        try:
            return IntentClassifier.load(cached)
        except Exception as error:  # truncated (BadZipFile, EOFError) or any read error
            _unreadable(cached, error)
    examples = read_examples(files)
    if progress is not None:
        progress.say(f"training the understanding model ({_why_train(cached)}): "
                     f"{len(examples):,} example messages, {_duration(len(examples))}, once; "
                     "every next start reads it from the cache in a second")
    elif cached:
        log.warning("training the intent model on %d examples (two to four minutes), "
                    "cached in %s", len(examples), cached)
    embeddings = embed_examples(encoder, examples, cache_dir, progress)
    if progress is not None:
        progress.say("fitting the model to the examples (under a minute)")
    classifier = train_classifier(examples, lexicon, tagger, embeddings)
    if cached:
        classifier.save(cached)
    if progress is not None:
        progress.done(f"model ready{f' and saved in {cached.parent}' if cached else ''}")
    return classifier


def _duration(examples: int) -> str:
    """What the wait will be: 40 to 60 examples a second are embedded on one busy core."""
    minutes = round(examples / 50 / 60)
    return "under a minute" if minutes < 1 else f"about {minutes} minute{'s' if minutes > 1 else ''}"


def _why_train(cached: Path | None) -> str:
    """Why there is no model to read: the first start, changed data, or a damaged file."""
    if cached is None:
        return "no cache folder"
    if cached.is_file():
        return "the cached model could not be read"
    if any(cached.parent.glob("intents-*.npz")):
        return "the examples or word lists changed since the cached model was made"
    return f"first start: no trained model in {cached.parent} yet"


def load_language_model(cache_dir: Path | None, data_dir: Path) -> CharLanguageModel:
    """The learnt language model from cache, or counted now (two seconds) and cached."""
    files = training_files(data_dir)
    key = fingerprint(files, f"{LANGUAGE_MODEL_VERSION}+{NORMALIZATION}")
    cached = cache_dir / f"languages-{key}.npz" if cache_dir else None
    if cached and cached.is_file():
        try:
            return CharLanguageModel.load(cached)
        except Exception as error:  # truncated (BadZipFile, EOFError) or any read error
            _unreadable(cached, error)
    model = CharLanguageModel.train(read_examples(files))
    if cached:
        model.save(cached)
    return model


def _unreadable(path: Path, error: Exception) -> None:
    """One line for a cache file that cannot be read (a disk filled up, a copy cut short):
    the start goes on and the file is built again, never a traceback."""
    log.warning("model cache file %s is unreadable (%s), building it again",
                path.name, type(error).__name__)


def embed_examples(
    encoder: SentenceEncoder, examples: Sequence[Example], cache_dir: Path | None = None,
    progress: Progress | None = None,
) -> Vector:
    """One embedding row per example, of its cleaned text (as messages are embedded).

    Embedding 15,000 examples takes three to six minutes; with ``cache_dir`` the rows are
    kept under the texts' hash, so training after a word-list change and cross-validation
    after training (as CI runs them) embed once. Each cache file keeps its rows' text keys
    beside it, so after new examples are added only those are embedded (the encoder gives
    a text the same row whatever batch it is in).
    """
    texts = [clean(example.text) for example in examples]
    digest = hashlib.sha256(EMBEDDING_VERSION.encode())
    for text in texts:
        digest.update(text.encode() + b"\0")
    cached = cache_dir / f"embeddings-{digest.hexdigest()[:16]}.npy" if cache_dir else None
    if cached and cached.is_file():
        try:
            vectors: Vector = np.load(cached)
            if vectors.shape == (len(texts), encoder.dim):
                return vectors
        except Exception as error:  # truncated or any read error: embed again
            _unreadable(cached, error)
    keys = np.array([_row_key(text) for text in texts], dtype=np.uint64)
    vectors = np.empty((len(texts), encoder.dim), dtype=np.float32)
    missing = _fill_known_rows(vectors, keys, cache_dir, encoder.dim)
    todo = [texts[i] for i in missing]
    if progress is None or not todo:
        vectors[missing] = encoder.encode_many(todo) if todo else vectors[missing]
    else:
        with progress.steps(len(todo), "embedding") as advance:
            vectors[missing] = encoder.encode_many(todo, advance)
    if cached:
        _save_rows(cached, vectors, keys)
    return vectors


#: How many earlier cache files are searched for known rows (the newest first).
KNOWN_ROW_FILES = 3


def _row_key(text: str) -> int:
    """A text's key among cached rows: 64 bits of its hash, with the encoder's version."""
    return int.from_bytes(hashlib.sha256(f"{EMBEDDING_VERSION}\0{text}".encode()).digest()[:8],
                          "little")


def _keys_path(vectors_path: Path) -> Path:
    return vectors_path.with_name(vectors_path.name.removesuffix(".npy") + ".keys.npy")


def _fill_known_rows(vectors: Vector, keys: npt.NDArray[np.uint64], cache_dir: Path | None,
                     dim: int) -> list[int]:
    """Copy rows already embedded in earlier cache files; the indices still to embed."""
    missing = list(range(len(keys)))
    files = sorted((p for p in cache_dir.glob("embeddings-*.keys.npy")),
                   key=lambda p: p.stat().st_mtime, reverse=True) if cache_dir else []
    for keys_file in files[:KNOWN_ROW_FILES]:
        try:
            known_keys = np.load(keys_file)
            known = np.load(keys_file.with_name(keys_file.name.replace(".keys", "")),
                            mmap_mode="r")
        except Exception:  # a half-written or foreign file: it just does not help
            continue
        if known.shape != (len(known_keys), dim):
            continue
        where = {int(key): row for row, key in enumerate(known_keys)}
        still = []
        for i in missing:
            row = where.get(int(keys[i]))
            if row is None:
                still.append(i)
            else:
                vectors[i] = known[row]
        missing = still
        if not missing:
            break
    return missing


def _save_rows(cached: Path, vectors: Vector, keys: npt.NDArray[np.uint64]) -> None:
    """Write the rows, then their keys; each through a temporary file, so a reader never
    sees half a file (the keys last: rows without keys are only not reused)."""
    cached.parent.mkdir(parents=True, exist_ok=True)
    for path, array in ((cached, vectors), (_keys_path(cached), keys)):
        tmp = path.with_name(path.name.removesuffix(".npy") + ".tmp.npy")
        np.save(tmp, array)
        tmp.replace(path)


def train_classifier(
    examples: Sequence[Example], lexicon: Lexicon, tagger: ConceptTagger, embeddings: Vector,
    class_weight: Mapping[str, float] | None = None,
) -> IntentClassifier:
    """Train on labelled examples, normalised and tagged exactly as messages will be.

    ``embeddings`` holds a row per example (see :func:`embed_examples`); cross-validation
    computes them once and passes each fold its rows.
    """
    texts = [tagger.features(normalize(cleaned, lexicon.abbreviations), cleaned)
             for cleaned in (clean(example.text) for example in examples)]
    return IntentClassifier.train(texts, embeddings, [example.intent for example in examples],
                                  class_weight=class_weight, danger_intent=SAFEGUARDING)
