"""Language detection: the function words settle most texts; the model loads only for the others."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

from tests.conftest import REPO
from veille.text.language import LanguageDetector

DETECTS = """
import json, sys
from veille.text.language import LanguageDetector
detector = LanguageDetector()
found = [detector.detect(text) for text in json.loads(sys.argv[1])]
print(json.dumps({"found": found, "model": sorted({"py3langid", "numpy"} & set(sys.modules))}))
"""

DOUBTFUL = [
    "Il servizio non risponde da ieri sera",
    "Viadeo licencie 300 salariés en France",
    "Der Kundendienst antwortet nicht",
    "Great app, merci Netvibes",
    "Nouvelle appli Viadeo",
    "Netvibes dashboard update today",
]


def _detect_in_a_new_process(texts: list[str]) -> dict[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", DETECTS, json.dumps(texts)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        check=True,
    )
    found: dict[str, list[str]] = json.loads(done.stdout)
    return found


def test_texts_the_function_words_settle_never_load_the_model():
    clear = [
        "The service has been down since this morning and the support is not answering.",
        "Le service est en panne depuis ce matin et nous n'avons pas de réponse du support.",
        "12 345 !!! :-)",
    ]

    assert _detect_in_a_new_process(clear) == {"found": ["en", "fr", "other"], "model": []}


def test_a_doubtful_text_loads_the_model_and_is_judged_by_it():
    found = _detect_in_a_new_process(["Il servizio non risponde da ieri sera"])

    assert found == {"found": ["other"], "model": ["numpy", "py3langid"]}


def test_threads_asking_at_once_get_the_answers_of_one_asking_alone():
    alone = [LanguageDetector().detect(text) for text in DOUBTFUL]
    shared = LanguageDetector()
    together = threading.Barrier(6)
    answers: list[list[str]] = []

    def ask() -> None:
        together.wait()
        answers.append([shared.detect(text) for text in DOUBTFUL])

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert answers == [alone] * 6
