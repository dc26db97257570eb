"""Reading word by word costs less on long texts, and reads them as before: VADER gives the
package's scores whatever words stand near a word of its lexicon, each token keeps the kind its
pattern gives it, and a French word under an ending still finds its lexicon word."""

from __future__ import annotations

import random
import re

from vaderSentiment.vaderSentiment import BOOSTER_DICT, NEGATE, SPECIAL_CASES, SentimentIntensityAnalyzer

from veille.tone import features, tokens
from veille.tone.lexicon import FRENCH
from veille.tone.vader import Vader

# Words that change what a word of VADER's lexicon weighs when they stand near it, words it
# weighs, and the marks and capitals it reads.
NEAR = (  # noqa: SIM905
    "no nor or least at very kind of so this never without doubt but the shit bomb bus stop yeah right "
    "to die for sort just enough isn't don't not cannot extremely barely good GOOD great bad BAD awful "
    "love hate okay fine :) :( <3 😀 😡 ❤ ! !! ?? ... (great) 'no' \"so\" product release team day"
).split()


def test_vader_scores_long_texts_as_the_package_does_whatever_words_stand_near() -> None:
    package, vader = SentimentIntensityAnalyzer(), Vader()
    rng = random.Random(11)
    vocabulary = [*NEAR, *BOOSTER_DICT, *NEGATE, *(w for key in SPECIAL_CASES for w in key.split())]
    for _ in range(1500):
        words = [rng.choice(vocabulary) for _ in range(rng.randint(1, 60))]
        text = " ".join(w.upper() if rng.random() < 0.1 else w for w in words) + rng.choice(
            ["", "!", "!!!", "??"]
        )
        assert vader.polarity_scores(text) == package.polarity_scores(text), text


def test_a_farm_like_text_without_a_word_that_changes_a_weight_scores_as_the_package_does() -> None:
    package, vader = SentimentIntensityAnalyzer(), Vader()
    text = "the new release ships faster builds better docs and a cleaner api great awful slow reliable"
    for variant in (
        text,
        text.upper(),
        text.replace("great", "GREAT"),
        text + " read more",
        text + " but fine",
    ):
        assert vader.polarity_scores(variant) == package.polarity_scores(variant), variant


def test_each_token_keeps_the_kind_its_pattern_gives_it() -> None:
    alternatives = "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in tokens._KINDS)
    named = re.compile(rf"\s*(?:{alternatives})")
    rng = random.Random(5)
    characters = "ab hw:;)(!?.,…@#12 \n<3^_=>/|sdpoé²½٣➀💩❤☀"  # no "'" nor "-": no token to mend
    texts = ["see https://x.io and www.a.fr, @bob #fail :) ;) :o) </3 ^^ 3,5 h ok!!! ➀ 😡 what? ; :"]
    texts += ["".join(rng.choice(characters) for _ in range(rng.randint(1, 30))) for _ in range(3000)]
    for text in texts:
        expected = [(match.lastgroup, match[match.lastindex or 0]) for match in named.finditer(text)]
        assert tokens.tokenize(text) == expected, text


def test_a_french_word_under_an_ending_reads_as_its_lexicon_word() -> None:
    assert features._FRENCH_INFLECTED["menacees"] == FRENCH["menace"]
    for form, weight in features._FRENCH_INFLECTED.items():
        assert features._french_inflection(form, FRENCH) == weight
    assert "bonjour" not in features._FRENCH_INFLECTED
