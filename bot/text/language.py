"""Which language a text is in: French, English, or something else.

First a quick look at function words that only French or only English uses ("les", "est",
"avec"… / "the", "and", "with"…): a text with several of one language's and none of the other's
is that language, at once, and so is a text of a dozen words or more where they far outnumber the
other's (an article quoting a product name or a phrase); one full of Spanish, Italian, German, Dutch,
Portuguese or Catalan ones and with few French or English ones is "other". A few of those neighbour
languages' words are doubt enough: Italian's "il" and German's "des" are French words too. Anything
less clear goes to py3langid's model, restricted to the
languages brand mentions mostly come in, so that a short English text is not taken for Latin or
Afrikaans. The brand names a mention was found by are left out of what the model reads: a name
says nothing of the language ("Viadeo licencie 300 salariés" is not Spanish). The model leans a
little towards French and English, the languages a team watches, when it hesitates; a short text
it does not take for either is looked at for everyday French or English words only when one of
the two came close ("Il servizio non risponde" is Italian, not French because of "il").
benchmarks/sentiment.py measures both on the shared French and English sets.
"""

from __future__ import annotations

import lzma
import math
import re
import shutil
import tempfile
import threading
import zipfile
from array import array
from collections.abc import Collection
from typing import Any

from veille.model import Language
from veille.text.clean import fold

# Words common in one language and absent (or rare) in the other and in its Romance and Germanic
# neighbours: "de", "la", "que", "in", "so" are left out on purpose (Spanish, Italian, German…).
_FRENCH_WORDS = frozenset(
    [
        "les",
        "des",
        "est",
        "et",
        "une",
        "dans",
        "avec",
        "pour",
        "pas",
        "sont",
        "nous",
        "vous",
        "je",
        "tu",
        "il",
        "elle",
        "ils",
        "c'est",
        "qui",
        "mais",
        "du",
        "au",
        "aux",
        "cette",
        "ces",
        "sur",
        "tres",
        "plus",
        "j'ai",
        "n'est",
        "d'un",
        "d'une",
        "qu'il",
        "leur",
        "leurs",
        "notre",
        "votre",
        "etre",
        "fait",
        "tout",
    ]
)
_ENGLISH_WORDS = frozenset(
    [
        "the",
        "and",
        "is",
        "of",
        "to",
        "you",
        "it",
        "that",
        "this",
        "with",
        "was",
        "are",
        "have",
        "my",
        "be",
        "not",
        "on",
        "just",
        "but",
        "what",
        "your",
        "they",
        "will",
        "can",
        "at",
        "from",
        "has",
        "had",
        "been",
        "would",
        "there",
        "their",
        "about",
        "me",
        "we",
        "our",
        "it's",
        "i'm",
        "don't",
    ]
)
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
# Words common in Spanish, Italian, German, Dutch, Portuguese or Catalan and rare in French and English
# ("die", "van", "per", "com", "mais" are not): many of them and few French or English ones make
# a text "other" without the model, and a few of them keep the model for a French or English one.
_NEIGHBOUR_WORDS = frozenset(
    [
        "el",
        "los",
        "las",
        "del",
        "una",
        "por",
        "pero",
        "para",
        "como",
        "porque",
        "esta",
        "muy",
        "es",
        "di",
        "che",
        "della",
        "delle",
        "dei",
        "gli",
        "nel",
        "nella",
        "sono",
        "anche",
        "questo",
        "molto",
        "und",
        "der",
        "das",
        "ist",
        "nicht",
        "ein",
        "eine",
        "mit",
        "auf",
        "sich",
        "auch",
        "wir",
        "zu",
        "von",
        "dem",
        "oder",
        "wird",
        "sind",
        "werden",
        "ich",
        "het",
        "een",
        "niet",
        "zijn",
        "voor",
        "ook",
        "maar",
        "wordt",
        "geen",
        "os",
        "uma",
        "nao",
        "em",
        "pelo",
        "pela",
        "muito",
        "foi",
        "foram",
        "amb",
        "els",
        "dels",
        "aixo",
        "tambe",
        "molt",
    ]
)
# For short texts the model cannot judge: everyday words of chat and reviews in each language.
_FRENCH_CHAT = _FRENCH_WORDS | frozenset(
    [
        "merci",
        "trop",
        "bien",
        "mdr",
        "ptdr",
        "oui",
        "c'est",
        "pas",
        "tres",
        "bon",
        "bonne",
        "genial",
        "j'aime",
        "j'adore",
        "vraiment",
        "quoi",
    ]
)
_ENGLISH_CHAT = _ENGLISH_WORDS | frozenset(
    [
        "i",
        "love",
        "hate",
        "lol",
        "yay",
        "damn",
        "haha",
        "hahaha",
        "nice",
        "good",
        "great",
        "best",
        "better",
        "thanks",
        "hope",
        "miss",
        "yes",
        "ever",
        "more",
        "wow",
        "omg",
        "congrats",
        "brilliant",
        "excellent",
        "sucks",
        "suck",
        "ha",
        "seriously",
        "even",
    ]
)
_SHORT = 60  # characters of words left once handles and links are gone
_NOISE = re.compile(r"https?://\S+|www\.\S+|@\w+|[#\d]")
_THREE_LETTERS = re.compile(r"[^\W\d_].*?[^\W\d_].*?[^\W\d_]", re.S)
_QUICK_HITS = 3  # function words of one language, and none of the other, to skip the model
_ONE_SIDED = 3  # or this many times more than all the others' put together, in a text of at least…
_ONE_SIDED_WORDS = 12  # …words (shorter ones keep the strict rule)
_NEIGHBOUR_HITS = 4  # function words of neighbour languages to call a text "other" without the model
_FOREIGN_LETTER = re.compile(r"[^\W\d_\u0000-\u024f]")  # a letter of another script than the Latin one
_LEAN = 3.0  # log-odds in favour of French and English when the model hesitates
_CLOSE = 20.0  # how far behind the model's choice French or English may be for the word check

_CHUNK = 1 << 20  # bytes read at a time from the language model
_TYPECODES = {2: "H", 4: "I", 8: "L"}
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
    """Built at no cost: the model (numpy and tens of MB) loads with the first text it is needed
    for, once for every detector of the process."""

    def detect(self, text: str, declared: str | None = None, names: Collection[str] = ()) -> Language:
        sample = text.strip()
        if not _THREE_LETTERS.search(sample[:400]):
            return _from_code(declared) if declared else "other"
        quick = quick_language(sample[:600])
        if quick is not None:
            return quick
        # Addresses, handles and digits say nothing of the language; capitals mislead the model.
        words = _NOISE.sub(" ", sample[:2000]).lower()
        if names:
            words = _without(words, names)
        ranked = _rank(words if words.strip() else sample[:2000])
        top = max(ranked.values())
        found = _from_code(
            max(ranked, key=lambda code: ranked[code] + (_LEAN if code in ("fr", "en") else 0.0))
        )
        if (
            found == "other"
            and len(words.strip()) < _SHORT
            and max(ranked["fr"], ranked["en"]) >= top - _CLOSE
        ):
            return chat_language(words) or found
        return found


_model: Any = None
_model_lock = threading.Lock()


def _rank(text: str) -> dict[str, float]:
    """The model's log-odds of each candidate language for `text`."""
    global _model
    with _model_lock:  # one load for every thread; the identifier keeps per-call buffers
        if _model is None:
            _model = _identifier()
        return {str(code): float(score) for code, score in _model.rank(text)}


def _identifier() -> Any:
    """py3langid's model with the candidate languages' columns only, read a slice at a time.

    py3langid's own loader holds every language's table and two copies of the state machine while
    it loads (some 110 MB at its peak): read here, the peak is little more than what is kept (60 MB).
    """
    # Imported here: numpy and the model are only paid for when the function words leave a doubt.
    import numpy as np
    from py3langid import langid

    def stream(name: str) -> tuple[Any, tuple[int, ...], Any]:
        member = model.open(name)
        version = np.lib.format.read_magic(member)
        header = (
            np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
        )
        shape, fortran, dtype = header(member)
        if fortran:  # pragma: no cover - py3langid writes C order
            raise ValueError(f"{name}: unexpected array layout in the language model")
        return member, shape, dtype

    def machine(name: str) -> array[int]:
        """A state-machine table as py3langid keeps it: a compact array of native integers."""
        member, shape, dtype = stream(name)
        found = array(_TYPECODES[dtype.itemsize], [0]) * math.prod(shape)  # its exact size, once
        into, done = memoryview(found).cast("B"), 0
        while chunk := member.read(_CHUNK):
            into[done : done + len(chunk)] = chunk
            done += len(chunk)
        if not dtype.isnative:  # pragma: no cover - a big-endian machine
            found.byteswap()
        return found

    with tempfile.TemporaryFile() as unpacked:
        with lzma.open(langid.MODEL_DIR / langid.MODEL_FILE) as packed:
            shutil.copyfileobj(packed, unpacked, _CHUNK)
        unpacked.seek(0)
        with zipfile.ZipFile(unpacked) as model:
            classes = np.lib.format.read_array(model.open("classes.npy")).tolist()
            keep = [i for i, code in enumerate(classes) if code in _CANDIDATES]
            member, (_, width), dtype = stream("ptc.npy")
            rows = max(1, _CHUNK // (width * dtype.itemsize))
            slices = []
            while chunk := member.read(rows * width * dtype.itemsize):
                slices.append(np.frombuffer(chunk, dtype).reshape(-1, width)[:, keep])
            return langid.LanguageIdentifier(
                np.concatenate(slices),
                np.lib.format.read_array(model.open("pc.npy"))[keep],
                [classes[i] for i in keep],
                machine("nextmove.npy"),
                np.lib.format.read_array(model.open("out_feat.npy")).tolist(),
                norm_probs=False,
                tk_row=machine("nextmove_row.npy"),
            )


def _without(words: str, names: Collection[str]) -> str:
    """The text without the given names (whole words, any case), unless nothing else is left."""
    terms = sorted({name.lower().strip() for name in names if name.strip()}, key=len, reverse=True)
    if not terms:
        return words
    pattern = r"(?<!\w)(?:" + "|".join(re.escape(term) for term in terms) + r")(?!\w)"
    rest = re.sub(pattern, " ", words)
    return rest if _THREE_LETTERS.search(rest) else words


def _from_code(code: str) -> Language:
    base = code.lower().split("-")[0].split("_")[0]
    if base == "fr":
        return "fr"
    if base == "en":
        return "en"
    return "other"


def quick_language(text: str) -> Language | None:
    """French or English when the function words leave no doubt, "other" when those of neighbour
    languages (Spanish, Italian, German…) far outnumber both; else None (ask the model). A few
    neighbour words are enough doubt: Italian's "il" and German's "des" are French words too."""
    french = english = neighbour = 0
    words = _WORD.findall(fold(text))
    for word in words:
        if word in _FRENCH_WORDS:
            french += 1
        elif word in _ENGLISH_WORDS:
            english += 1
        elif word in _NEIGHBOUR_WORDS:
            neighbour += 1
    if _ahead(french, english, neighbour, words, text):
        return "fr"
    if _ahead(english, french, neighbour, words, text):
        return "en"
    if neighbour >= _NEIGHBOUR_HITS and neighbour >= _ONE_SIDED * (french + english) and _long(words, text):
        return "other"
    return None


def _ahead(hits: int, rival: int, neighbour: int, words: list[str], text: str) -> bool:
    """Whether a language's function words settle the text: enough of them, few of the neighbour
    languages', and none of the rival's, or far fewer in a long text."""
    if hits < _QUICK_HITS or hits < _ONE_SIDED * neighbour:
        return False
    return not rival or (hits >= _ONE_SIDED * (rival + neighbour) and _long(words, text))


def _long(words: list[str], text: str) -> bool:
    """Whether a text is long enough, and Latin enough, for its function words to outweigh a few
    of another language's (a French article quoting "the Cloud", an English one "c'est la vie")."""
    return len(words) >= _ONE_SIDED_WORDS and not _foreign_script(text)


def _foreign_script(text: str) -> bool:
    """Whether more than one character in twenty is a letter of another script than the Latin one."""
    return not text.isascii() and len(_FOREIGN_LETTER.findall(text)) * 20 > len(text)


def chat_language(text: str) -> Language | None:
    """For a short text the model gave up on: its everyday words, if they are one language's only."""
    french = english = 0
    for word in _WORD.findall(fold(text)):
        french += word in _FRENCH_CHAT
        english += word in _ENGLISH_CHAT
    if english and not french:
        return "en"
    if french and not english:
        return "fr"
    return None
