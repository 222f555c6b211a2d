"""The held-out corpus (tests/senco_nlu/corpus/): valid, never trained on, and read precisely.

- Every file is valid (tests/senco_nlu/corpus/check_corpus.py).
- No corpus message, nor a near copy of one, is in `data/`: a reader or model trained on the corpus would be
  measured on its own training text.
- Reading fact by fact: no wrong fact at all, and recall at least 95% (tests/senco_nlu/corpus_score.py).
- End to end through the real servers: the answer agrees with the rules engine on the gold facts plus the plain
  defaults given to each question asked, for at least 98% of messages (tests/senco_nlu/corpus_dialogue.py).
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from difflib import SequenceMatcher
from pathlib import Path

import pytest
import yaml

from tests.servers import Servers, running_assistant

from .corpus_dialogue import agreement, report, run_corpus
from .corpus_score import CORPUS, load_corpus, score

DATA = Path(__file__).resolve().parents[2] / "data"
MIN_RECALL = 0.95
MIN_AGREEMENT = 0.98
# Near copies: a training text whose words match a corpus message's at this ratio (difflib, word by word) or more,
# when the message is long enough to be distinctive. A short question ("do special schools need a senco") is the
# domain's common phrasing, which two writers working apart are bound to share: for those only an exact copy
# (case and punctuation aside) counts.
NEAR_COPY_RATIO = 0.8
DISTINCTIVE_WORDS = 8


def _words(text: str) -> list[str]:
    text = re.sub(r"\[([^\]]*)\]\{[^}]*\}", r"\1", text)  # a Rasa entity annotation keeps only its words
    return re.sub(r"[^\w']+", " ", text.lower()).split()


def training_texts(folder: Path = DATA) -> Iterator[tuple[str, str]]:
    """(file, text) for every example and every string in data/ (NLU examples, rules, anything else)."""
    for path in sorted(folder.rglob("*.yml")):
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        for text in _strings(loaded):
            for line in text.splitlines():
                line = line.strip().removeprefix("- ").strip()
                if line:
                    yield path.relative_to(folder).as_posix(), line


def _strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def near_copies(corpus: list[str], training: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(corpus text, file, training text) for each training text that is a corpus message or a near copy."""
    corpus_words = [_words(text) for text in corpus]
    exact = {" ".join(words): i for i, words in enumerate(corpus_words)}
    by_word: dict[str, set[int]] = {}
    for i, words in enumerate(corpus_words):
        for word in words:
            by_word.setdefault(word, set()).add(i)
    found = []
    for file, text in training:
        words = _words(text)
        if " ".join(words) in exact:
            found.append((corpus[exact[" ".join(words)]], file, text))
            continue
        if len(words) < DISTINCTIVE_WORDS:
            continue
        candidates = set().union(*(by_word.get(word, set()) for word in set(words)))
        for i in sorted(candidates):
            if len(corpus_words[i]) < DISTINCTIVE_WORDS:
                continue
            if SequenceMatcher(None, words, corpus_words[i], autojunk=False).ratio() >= NEAR_COPY_RATIO:
                found.append((corpus[i], file, text))
    return found


def test_the_corpus_files_are_valid() -> None:
    checked = subprocess.run(
        [sys.executable, str(CORPUS / "check_corpus.py"), str(CORPUS)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_corpus_is_large_enough_and_covers_every_persona_and_channel() -> None:
    messages = load_corpus()
    assert len(messages) >= 400
    assert len({m.id for m in messages}) == len(messages)
    assert {m.channel for m in messages} == {"website", "slack", "teams"}
    assert {"senco_in_post", "aspiring", "deputy", "head_as_senco", "business_manager", "trust_lead", "la_adviser"} <= {
        m.persona for m in messages
    }


def test_no_corpus_message_or_near_copy_is_in_the_training_data() -> None:
    copies = near_copies([m.text for m in load_corpus()], list(training_texts()))
    assert not copies, "\n".join(f"{file}: {text!r} copies {original!r}" for original, file, text in copies)


def test_the_near_copy_check_finds_a_copy_with_small_changes() -> None:
    """The check above must be able to fail: a corpus message with its case, punctuation and one word changed."""
    original = next(m.text for m in load_corpus() if len(m.text.split()) >= 2 * DISTINCTIVE_WORDS)
    words = original.split()
    changed = " ".join([*words[:-1], "really"]).upper() + "!!"
    assert near_copies([original], [("nlu/x.yml", changed)])
    assert not near_copies([original], [("nlu/x.yml", "how long does the npq take")])


def test_no_fact_is_read_wrong_and_recall_is_at_least_95_percent() -> None:
    result = score(load_corpus())
    wrong = [(v.message.id, v.message.text, v.wrong) for v in result.verdicts if v.wrong]
    assert not wrong, "\n".join(f"[{i}] {text}\n    {facts}" for i, text, facts in wrong)
    assert result.recall >= MIN_RECALL, result.summary()


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    with running_assistant(tmp_path_factory.mktemp("corpus")) as servers:
        yield servers


@pytest.mark.slow
def test_end_to_end_answers_agree_with_the_engine_for_at_least_98_percent(bot: Servers) -> None:
    runs = run_corpus(load_corpus(), bot.say, bot.tracker)
    print(report(runs))
    assert agreement(runs) >= MIN_AGREEMENT, report(runs)
