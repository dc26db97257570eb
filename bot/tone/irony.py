"""Irony by its shape: praise or thanks said beside a trouble stated as fact, and no fix.

"Quel service impeccable chez Orange, trois semaines sans fibre", "Wonderful job Virgin Media,
four days without broadband", "Another week, another Slack outage. Great stuff 👏". The turns of
`veille.tone.turns` know where praise usually sits in such a sentence; this reading asks only what
the sentence holds, so that new phrasings carry:

- praise: a word of the lexicon weighing 1.5 or more ("impeccable", "merci", "kudos"), a praising
  emoji (👏 🙏 🎉), or a turn that praises with words of no weight ("nothing like", "rien de tel
  que", "gotta love", "just what I needed", "heureusement que", "5 étoiles");
- a trouble stated as fact in the same sentence, or in the next or previous one when the praise
  is a sentence of a few words of its own ("Great stuff 👏"), as `veille.tone.troubles` reads it:
  a wait, a long time for something owed, a service missing, what never came, a failure repeated
  or lasting, "still" beside an annoyance, a fee charged; or a failure word alone (outage, panne,
  annulé, lost, "leaving my luggage", a price rise) when it befalls the writer ("my", "mon", a
  customer's bag or parcel) and the praise is said to someone ("thanks", "bravo", "great job",
  "j'adore", 👏) rather than of a thing in a story;
- no fix anywhere in the text ("fixed", "résolu", "is back", "a été remplacé", "got my refund",
  "enfin" before good news, "ne plante plus"; a speed alone is none: "vide ma batterie en une
  heure"), and no "but", "despite" or help in the sentence (there the contrast or the concession
  decides).

Sincere thanks that name a trouble thus stay praise when the trouble is said to be over or
conceded ("fixed my outage in an hour, thanks!", "great crew despite the delay"): in a text that
praises and says a fix, the failure words count as settled and the fix as good news, whatever
shape the praise takes; a change for the better said as done ("made the car even smoother", « encore
plus fluide ») is such good news too, and so is someone waiting for the writer ("the driver waited 5
minutes for me"). News with no praise is never read here. After "but"/« mais », a clause that
states a trouble with no word of tone ("but 70 minutes for delivery") decides the sentence as a
complaint (`stated_after`). Pure functions over the words the tone check has read and weighed.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Sequence
from itertools import compress

from veille.tone.lexicon import EMOJI
from veille.tone.troubles import (
    CAME,
    FAILURE,
    FAILURES,
    STATED,
    WAITING,
    concrete,
    for_writer,
    token_at,
    trouble,
)
from veille.tone.turns import (
    CONCEDING,
    CONTRASTS,
    NOT_YET,
    OPENER_WORDS,
    PRAISE_ALONE,
    TAG_PRAISE,
    TAG_WORDS,
    THANKS,
    WELCOME,
    Read,
    sentence_ends,
)

PRAISE = 1.5  # a lexicon word this positive or more is praise ("like", "correct", "enfin" are not)
PRAISE_WORDS = PRAISE_ALONE | THANKS | frozenset({"kudos", "chapeau", "props"})  # whatever the lexicon says
ADDRESSED = PRAISE_WORDS | TAG_PRAISE | frozenset(
    {
        "appreciated", "appreciate", "glad", "impressive", "impressed", "lovely", "stellar",
        "outstanding", "superb", "amazing", "excellente", "merveilleux", "impeccable", "ravi", "ravie",
        "plaisir", "joie", "exploit", "performance", "happy", "heureux", "heureuse", "nothing", "rien",
        "gotta", "got", "just", "heureusement", "loving", "stars", "star", "etoiles", "etoile",
        "efficacite", "rapidite", "fiabilite", "bonheur", "smooth", "infiniment", "love", "adore",
        "j'adore", "aime",
    }
)  # fmt: skip
# What a sentence of praise alone is made of, beside names: "Great stuff 👏", "Merci Free."
TAG_VOCABULARY = ADDRESSED | TAG_WORDS | OPENER_WORDS | frozenset({"stuff", "guys", "folks", "les", "gars"})
SHORT_PRAISE = 6  # words at most in a sentence of praise that speaks of the next or previous one
REMEDY_NOUNS = WELCOME | frozenset({"fix", "repair", "replacement", "remplacement", "correctif", "echange"})
SPEEDY = frozenset(
    {"quick", "fast", "speedy", "rapid", "prompt", "rapide", "express", "immediat", "immediate"}
)
NO_LONGER = frozenset({"plus", "anymore", "longer"})
BACK_AFTER = frozenset(
    {"is", "was", "are", "were", "be", "been", "came", "come", "comes", "got", "get", "it's", "now"}
)
NOT_BACK = frozenset({"down", "again", "to", "off", "out"})
# Praise said with words of no weight: "nothing like", "rien de tel que", "gotta love".
PRAISE_TURNS = (
    ("nothing", "like"), ("nothing", "beats"), ("nothing", "says"), ("gotta", "love"),
    ("got", "to", "love"), ("just", "what", "i", "needed"), ("rien", "de", "tel"),
    ("rien", "de", "mieux"), ("rien", "ne", "vaut"), ("heureusement", "que"),
    ("heureusement", "qu'"), ("love", "how"), ("love", "that"), ("loving", "the"), ("loving", "how"),
)  # fmt: skip
STARS = frozenset({"stars", "star", "etoiles", "etoile"})
PRAISE_STARTS = frozenset(turn[0] for turn in PRAISE_TURNS) | PRAISE_WORDS | STARS
# Irony marks that lower the bar: praise beside anything bad is a complaint.
WINKS = frozenset({"🙃", "🤡", "🙄"})
# What makes praise beside a trouble sincere: the trouble conceded, or help with it.
# (Not a refund: "trois mois pour un remboursement" is a complaint; a refund received is a fix.)
_NOT_CONCEDING = frozenset(
    {"after", "apres", "even", "meme", "quand", "rembourse", "remboursee", "remboursement", "refunding"}
)
CONCEDED = (CONCEDING - _NOT_CONCEDING) | frozenset(
    {
        "despite", "although", "though", "malgre", "during", "help", "helping", "helped", "aide",
        "aider", "aidee", "depannage", "helpful", "patience", "patient", "understanding",
        "comprehension", "sinon", "otherwise", "apart", "besides",
    }
)  # fmt: skip
# Words saying the trouble is over (folded).
RESOLVED = frozenset(
    {
        "fixed", "fixing", "solved", "resolved", "sorted", "repaired", "restored", "settled",
        "back", "found", "replaced", "replacing", "refunded", "refunding", "rebooked", "rebooking",
        "waived", "waive", "waiving", "recovered", "reconnected", "reimbursed", "compensated",
        "resolu", "resolue", "resolus", "resolues", "repare", "reparee", "repares", "reparees",
        "corrige", "corrigee", "corriges", "corrigees", "retabli", "retablie", "retablis",
        "retablies", "depanne", "depannee", "revenu", "revenue", "revenus", "revenues",
        "retrouve", "retrouvee", "retrouves", "remplace", "remplacee", "rembourse", "remboursee",
        "replace", "replacee", "debloque", "debloquee", "rebranche", "offert", "offerts",
        "dedommage", "reglee", "reglees",
    }
)  # fmt: skip
FIXED_AFTER = (
    frozenset({"regle", "regles"}),
    frozenset({"a", "ai", "as", "avons", "avez", "ont", "est", "ete", "vite"}),
)
FINALLY = frozenset({"finally", "enfin"})
# Fix words with other meanings ("les revenus" are income, "found" a shop, "offert" a gift).
BY = frozenset({"by", "par"})
_UNSURE_FIXES = frozenset({"revenu", "revenue", "revenus", "revenues", "found", "offert", "offerts", "back"})
# A change for the better, which sincere praise reports like a fix: "made the car even smoother",
# "l'appli est encore plus fluide", "now much faster".
IMPROVED = frozenset(
    {
        "better", "smoother", "faster", "quicker", "easier", "simpler", "clearer", "quieter",
        "snappier", "smarter", "cheaper", "lighter", "brighter", "sharper", "stronger", "mieux",
    }
)  # fmt: skip
IMPROVED_AFTER_MORE = frozenset(
    {
        "fluide", "rapide", "simple", "clair", "claire", "stable", "facile", "pratique", "agreable",
        "silencieux", "silencieuse", "leger", "legere", "intuitif", "intuitive", "performant",
        "performante", "fiable", "reactif", "reactive", "lisible",
    }
)  # fmt: skip
MORE = frozenset({"plus"})
# What says a change made rather than a wish or a comparison: "made", "now", "even", « encore ».
BETTERED_BY = frozenset(
    {
        "made", "makes", "making", "now", "even", "much", "way", "far", "rend", "rendu", "rendent",
        "maintenant", "desormais", "encore", "bien", "beaucoup", "tellement",
    }
)  # fmt: skip
BETTERED_REACH = 4
GOT = frozenset({"got", "received", "recu", "obtenu", "eu", "get"})


def _sentences(reads: Sequence[Read]) -> list[range]:
    out: list[range] = []
    start = 0
    for at in sentence_ends(reads):
        if at > start:
            out.append(range(start, at))
        start = at + 1
    if start < len(reads):
        out.append(range(start, len(reads)))
    return out


def _follows(reads: Sequence[Read], at: int, words: tuple[str, ...]) -> bool:
    return all(token_at(reads, at + k) == word for k, word in enumerate(words))


def _praises(reads: Sequence[Read], at: int) -> bool:
    read = reads[at]
    if read.kind == "emoji":
        return EMOJI.get(read.token, 0.0) >= 1.0
    if read.negated and read.token not in PRAISE_STARTS:
        return False
    if read.weight is not None and read.weight >= PRAISE:
        return read.token not in RESOLVED
    if read.token in PRAISE_WORDS or (read.token in STARS and at > 0 and reads[at - 1].kind == "num"):
        return True
    return read.token in PRAISE_STARTS and any(
        turn[0] == read.token and _follows(reads, at, turn) for turn in PRAISE_TURNS
    )


def praise(reads: Sequence[Read], span: range) -> list[int]:
    """Where the span praises: praise words, praising emoji, turns that praise."""
    return [at for at in span if _praises(reads, at)]


def _praising(reads: Sequence[Read]) -> list[int]:
    """Where the text praises (as `praise` finds it), asking `_praises` only of the tokens that
    may: an emoji, a word weighing as praise, a word that starts praise."""
    return [
        at
        for at, read in enumerate(reads)
        if (
            (read.weight is not None and read.weight >= PRAISE)
            or read.kind == "emoji"
            or read.token in PRAISE_STARTS
        )
        and _praises(reads, at)
    ]


_CONCEDING_PAIRS = frozenset({("even", "though"), ("even", "if"), ("meme", "si"), ("bien", "que")})
_CONCEDING_STARTS = CONTRASTS | CONCEDED | frozenset(first for first, _ in _CONCEDING_PAIRS)


def _conceded(reads: Sequence[Read], span: range, tokens: Sequence[str] | None = None) -> bool:
    """Whether the span concedes the trouble or holds a contrast; `tokens` are the text's tokens
    when at hand."""
    said = (
        [read.token for read in reads[span.start : span.stop]]
        if tokens is None
        else tokens[span.start : span.stop]
    )
    if _CONCEDING_STARTS.isdisjoint(said):
        return False
    for k, token in enumerate(said):
        if token not in _CONCEDING_STARTS:
            continue
        if token in CONTRASTS or token in CONCEDED:
            return True
        if (token, token_at(reads, span.start + k + 1)) in _CONCEDING_PAIRS:
            return True
    return False


_RESOLVING = RESOLVED | FIXED_AFTER[0] | FINALLY | REMEDY_NOUNS | IMPROVED | IMPROVED_AFTER_MORE | {"back"}


def _bettered(reads: Sequence[Read], at: int) -> bool:
    """A change for the better said as done: "made the car even smoother", « encore plus fluide »."""
    start = at - 1
    if reads[at].token in IMPROVED_AFTER_MORE:
        if token_at(reads, start) not in MORE:
            return False
        start -= 1
    return start >= 0 and not BETTERED_BY.isdisjoint(
        [read.token for read in reads[max(start - BETTERED_REACH + 1, 0) : start + 1]]
    )


def _resolves(reads: Sequence[Read], at: int) -> bool:
    token = reads[at].token
    if token == "back":
        return token_at(reads, at + 1) not in NOT_BACK and not BACK_AFTER.isdisjoint(
            (token_at(reads, at - 1), token_at(reads, at - 2))
        )
    if token in RESOLVED:
        return True
    if token in IMPROVED or token in IMPROVED_AFTER_MORE:
        return _bettered(reads, at)
    if token in FIXED_AFTER[0]:
        return token_at(reads, at - 1) in FIXED_AFTER[1]
    if token in FINALLY:
        return any(
            (r.weight or 0) > 0 or r.token in RESOLVED or r.token in CAME for r in reads[at + 1 : at + 5]
        )
    if token in REMEDY_NOUNS:  # "got my refund", "le remboursement rapide", "thanks for the quick fix"
        return any(
            r.token in GOT or r.token in SPEEDY or r.token in THANKS for r in reads[max(at - 4, 0) : at + 2]
        )
    return False


_RESOLUTION_WORDS = _RESOLVING | FAILURES | NOT_YET  # what `resolutions` reads beside punctuation


def resolutions(reads: Sequence[Read], tokens: Sequence[str] | None = None) -> list[int]:
    """Where the text says a trouble is over: a fix, a return, a refund, a quick remedy; not
    in a clause that hopes for it or denies it ("still not fixed", "if it gets fixed").
    `tokens` are the tokens of `reads` when at hand."""
    out: list[int] = []
    tokens = [read.token for read in reads] if tokens is None else tokens
    if _RESOLVING.isdisjoint(tokens) and FAILURES.isdisjoint(tokens):
        return out  # no word that could say so
    waiting = False
    for at, read in enumerate(reads):
        if read.kind == "punct":
            waiting = False
            continue
        if read.token not in _RESOLUTION_WORDS:
            continue
        if read.token in NOT_YET:
            waiting = True
        if read.negated and read.token in FAILURES and token_at(reads, at + 1) in NO_LONGER:
            out.append(at)  # "ne plante plus", "doesn't crash anymore"
        elif not read.negated and not waiting and read.token in _RESOLVING and _resolves(reads, at):
            out.append(at)
    return out


def _addressed(reads: Sequence[Read], praised: Sequence[int]) -> bool:
    """Praise said to someone ("bravo", "thanks", "great job", 👏), not of a thing in a story."""
    return any(reads[at].kind == "emoji" or reads[at].token in ADDRESSED for at in praised)


def read_praise(
    reads: Sequence[Read], marked: Collection[int] = (), names: Callable[[], Collection[str]] = frozenset
) -> tuple[frozenset[int], frozenset[int], tuple[int, ...]]:
    """How a text that praises speaks of trouble: the positions of the praise said around a
    trouble (praise words and emoji: irony); or, when it says the trouble is over, the positions
    of the trouble words (settled) and of the words saying so (good news). `marked` are the
    positions of the trouble the lexicon's phrases and rules found ("plus cher", "waited 3 hours");
    `names` gives the words written with a capital (asked only when needed), which a sentence of
    praise alone may hold ("Bravo Orange 👏")."""
    sentences = _sentences(reads)
    tokens = [read.token for read in reads]
    found: set[int] = set()
    wink = not WINKS.isdisjoint(tokens) and any(r.kind == "emoji" and r.token in WINKS for r in reads)
    troubled: dict[int, int] = {}
    capitalised: frozenset[str] | None = None
    praised_any = False
    praising = _praising(reads)
    for number, span in enumerate(sentences):
        praised = praising[bisect_left(praising, span.start) : bisect_left(praising, span.stop)]
        praised_any = praised_any or bool(praised)
        if not praised or _conceded(reads, span, tokens):
            continue
        said = trouble(reads, span, marked, wink)
        if said == STATED or (said == FAILURE and _addressed(reads, praised)):
            found.update(praised)
            continue
        words = [r for r in reads[span.start : span.stop] if r.kind in ("word", "user")]
        if len(words) > SHORT_PRAISE:
            continue
        capitalised = capitalised if capitalised is not None else frozenset(names())
        if not all(r.kind == "user" or r.token in TAG_VOCABULARY or r.token in capitalised for r in words):
            continue
        named = any(r.kind == "user" or r.token in capitalised for r in words)
        for other in (number - 1, number + 1):
            if not 0 <= other < len(sentences):
                continue
            near = sentences[other]
            if other not in troubled:
                troubled[other] = 0 if _conceded(reads, near, tokens) else trouble(reads, near, marked, wink)
            if troubled[other] == STATED or (troubled[other] and named):
                found.update(praised)
                break
    none = frozenset[int]()
    if not praised_any:
        return none, none, ()
    fixes = resolutions(reads, tokens)
    if not fixes:
        kind = (
            frozenset(
                at
                for at in compress(range(len(tokens)), map(WAITING.__contains__, tokens))
                if for_writer(reads, at, len(reads))
            )
            if not WAITING.isdisjoint(tokens)
            else none
        )  # someone who waited for the writer is thanked for it, not blamed
        return frozenset(found), kind, ()
    settled = frozenset(
        at
        for at, read in enumerate(reads)
        if (read.weight is not None or read.token in FAILURES) and concrete(read, at, marked)
    )
    if not settled:  # no trouble named: only a word that cannot mean anything but a fix says one
        fixes = [
            at for at in fixes if reads[at].token not in _UNSURE_FIXES and token_at(reads, at + 1) not in BY
        ]  # "replaced by the bottom of the barrel" is no fix
    return none, settled, tuple(fixes)


def stated_after(reads: Sequence[Read], marked: Collection[int] = ()) -> list[int]:
    """Where a clause after "but"/« mais » states a trouble with no word of tone in it: "Great
    food, but 70 minutes for delivery", « Repas délicieux, mais une heure d'attente »; the
    position of that "but". Such a clause decides the sentence like a complaint."""
    out: list[int] = []
    tokens = [read.token for read in reads]
    if CONTRASTS.isdisjoint(tokens):
        return out
    count = len(tokens)
    contrasts = [at for at, token in enumerate(tokens) if token in CONTRASTS]
    ends = sentence_ends(reads)
    for number, at in enumerate(contrasts):
        if reads[at].kind != "word":
            continue
        # the clause runs to the next sentence end or contrast word
        after = bisect_right(ends, at)
        end = min(
            ends[after] if after < len(ends) else count,
            contrasts[number + 1] if number + 1 < len(contrasts) else count,
        )
        if any(read.weight is not None and read.weight > 0 for read in reads[at + 1 : end]):
            continue
        if trouble(reads, range(at + 1, end), marked) == STATED and not resolutions(
            reads[at + 1 : end], tokens[at + 1 : end]
        ):
            out.append(at)
    return out
