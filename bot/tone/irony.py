"""Irony by its shape: praise or thanks said beside a trouble stated as fact, and no fix.

"Quel service impeccable chez Orange, trois semaines sans fibre", "Wonderful job Virgin Media,
four days without broadband", "Another week, another Slack outage. Great stuff 👏". The turns of
`veille.tone.turns` know where praise usually sits in such a sentence; this reading asks only what
the sentence holds, so that new phrasings carry:

- praise: a word of the lexicon weighing 1.5 or more ("impeccable", "merci", "kudos"), a praising
  emoji (👏 🙏 🎉), or a turn that praises with words of no weight ("nothing like", "rien de tel
  que", "gotta love", "just what I needed", "heureusement que", "5 étoiles");
- a trouble stated as fact in the same sentence, or in the next or previous one when the praise
  is a sentence of a few words of its own ("Great stuff 👏"): a stretch of time spent waiting ("2
  hours on hold", "40 minutes d'attente", "quinze jours pour changer une box"), a service missing
  ("sans internet", "no signal", "toujours pas de colis"), something that never came ("never
  showed up", "n'ai rien reçu"), a failure repeated or lasting ("third outage this month",
  "encore en panne", "stuck for 5 days"), a fee charged; or a failure word alone (outage, panne,
  annulé, lost, a price rise) when it befalls the writer ("my", "mon") and the praise is said to
  someone ("thanks", "bravo", "great job", 👏) rather than of a thing in a story;
- no fix anywhere in the text ("fixed", "résolu", "is back", "a été remplacé", "got my refund",
  "enfin" before good news, "ne plante plus"; a speed alone is none: "vide ma batterie en une
  heure"), and no "but", "despite" or help in the sentence (there the contrast or the concession
  decides).

Sincere thanks that name a trouble thus stay praise when the trouble is said to be over or
conceded ("fixed my outage in an hour, thanks!", "great crew despite the delay"): in a text that
praises and says a fix, the failure words count as settled and the fix as good news, whatever
shape the praise takes. News with no praise is never read here. Pure functions over the words
the tone check has read and weighed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from veille.tone.lexicon import BAD_NEWS, EMOJI, NEAR_TROUBLE, TROUBLE
from veille.tone.tokens import AMOUNTED_BY_WORD, NUMBER_WORDS
from veille.tone.turns import (
    CONCEDING,
    CONTRASTS,
    ENDS_SENTENCE,
    NOT_YET,
    OPENER_WORDS,
    PRAISE_ALONE,
    TAG_PRAISE,
    TAG_WORDS,
    THANKS,
    WELCOME,
    Read,
)

PRAISE = 1.5  # a lexicon word this positive or more is praise ("like", "correct", "enfin" are not)
PRAISE_WORDS = PRAISE_ALONE | THANKS | frozenset({"kudos", "chapeau", "props"})  # whatever the lexicon says
ADDRESSED = PRAISE_WORDS | TAG_PRAISE | frozenset(
    {
        "appreciated", "appreciate", "glad", "impressive", "impressed", "lovely", "stellar",
        "outstanding", "superb", "amazing", "excellente", "merveilleux", "impeccable", "ravi", "ravie",
        "plaisir", "joie", "exploit", "performance", "happy", "heureux", "heureuse", "nothing", "rien",
        "gotta", "got", "just", "heureusement", "loving", "stars", "star", "etoiles", "etoile",
        "efficacite", "rapidite", "fiabilite", "bonheur", "smooth", "infiniment",
    }
)  # fmt: skip
# What a sentence of praise alone is made of, beside names: "Great stuff 👏", "Merci Free."
TAG_VOCABULARY = ADDRESSED | TAG_WORDS | OPENER_WORDS | frozenset({"stuff", "guys", "folks", "les", "gars"})
SHORT_PRAISE = 6  # words at most in a sentence of praise that speaks of the next or previous one
# Failure words the lexicon weighs as plain negatives: here they say something happened.
FAILURES = frozenset(
    {
        "outage", "outages", "broken", "broke", "breaks", "crash", "crashes", "crashed",
        "crashing", "bug", "bugs", "buggy", "glitch", "glitchy", "fail", "fails", "failed",
        "failure", "delay", "delayed", "delays", "cancelled", "canceled", "lost", "died",
        "fee", "fees", "overcharged", "downtime", "unreachable", "unresponsive",
        "ghosted", "unusable", "smashed", "damaged", "offline",
        "leak", "leaked", "hacked", "blackout", "stranded", "buffer", "buffers", "buffering", "lag",
        "lags", "lagging", "freeze", "freezes", "frozen",
        "panne", "pannes", "coupure", "coupures", "bugue", "beug", "plantage", "plante",
        "bloque", "bloquee", "inutilisable", "retard", "retards", "retarde", "retardee",
        "annule", "annulee", "annulation", "perdu", "perdue", "abime", "abimee", "casse", "cassee",
        "raccroche", "agios", "injoignable", "saute", "incident", "incidents",
    }
)  # fmt: skip
# Failure words with other meanings ("hands down", "the late …"): a failure only when repeated
# or lasting ("down yet again", "late for 2 hours").
WEAK_FAILURES = frozenset({"down", "late", "dead", "wrong", "died", "dies"})
PRICE_RISES = NEAR_TROUBLE[0][0]
_FAILURE_VERBS = frozenset().union(*(verbs for verbs, _, _ in NEAR_TROUBLE)) | AMOUNTED_BY_WORD.keys()
# Words saying that something is missing, and what a customer misses.
LACKING = frozenset({"without", "no", "zero", "sans", "aucun", "aucune", "pas", "plus"})
SERVICES = frozenset(
    {
        "internet", "wifi", "wi-fi", "broadband", "signal", "network", "service", "connection",
        "connexion", "power", "electricity", "water", "heating", "heat", "phone", "tv",
        "reception", "coverage", "data", "reply", "replies", "response", "responses", "answer",
        "answers", "explanation", "warning", "notice", "refund", "parcel", "package", "delivery",
        "train", "trains", "bus", "flight", "update", "contact", "solution", "apology",
        "reseau", "fibre", "tele", "television", "courant", "electricite", "eau", "chauffage",
        "telephone", "fixe", "ligne", "couverture", "reponse", "reponses", "explication",
        "explications", "nouvelles", "colis", "livraison", "remboursement", "interlocuteur",
        "retour", "excuses", "box", "mobile", "prevenir", "4g", "tgv", "rer",
    }
)  # fmt: skip
_BETWEEN = frozenset(
    {
        "de",
        "d'",
        "du",
        "des",
        "la",
        "le",
        "l'",
        "any",
        "a",
        "the",
        "single",
        "une",
        "un",
        "seule",
        "seul",
        "my",
        "mon",
        "ma",
    }
)
UNITS = frozenset(
    {
        "minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs", "h", "day", "days",
        "week", "weeks", "month", "months", "year", "years", "night", "nights", "weekend",
        "heure", "heures", "jour", "jours", "semaine", "semaines", "mois", "an", "ans", "annee",
        "annees", "nuit", "nuits", "week-end", "journee", "matinee", "soiree",
    }
)  # fmt: skip
LONG = frozenset({"whole", "entire", "full", "long", "longue", "longues", "bonne", "bonnes"})
QUANTITIES = NUMBER_WORDS | frozenset(
    {
        "a", "an", "whole", "entire", "all", "half", "seven", "eight", "nine", "eleven", "twelve",
        "fifteen", "sixty", "ninety", "hundred", "six", "sept", "huit", "neuf", "onze", "douze",
        "quinze", "soixante", "cent", "toute", "tout", "tous", "toutes", "une", "demi", "entiere",
        "few",
    }
)  # fmt: skip
# Waiting and delay said beside a stretch of time: "2 hours on hold", "40 minutes d'attente".
WAITING = frozenset(
    {
        "wait", "waiting", "waited", "hold", "queue", "queuing", "late", "delay", "delayed", "stuck",
        "attente", "attendre", "attends", "attendu", "patiente", "patienter", "poireaute", "retard",
        "retarde", "retardee", "bloque", "bloquee", "stranded",
    }
)  # fmt: skip
STATED = 2
FAILURE = 1
# Someone speaking of their own trouble: a failure beside praise is then a complaint.
MINE = frozenset({"my", "me", "our", "mon", "ma", "mes", "m'", "notre", "nos"})
# A failure one says of oneself ("I forgot", "j'ai perdu") is no complaint about anyone.
SELF = frozenset({"i", "we", "je", "j'", "ai", "i've", "avons"})
_UNDONE = frozenset({"mal", "bad", "problem", "problems", "probleme", "souci", "worries"})
# Money taken: "30 € de frais", "a $35 activation fee" (currency signs are not tokens).
FEES = frozenset(
    {"fee", "fees", "frais", "charged", "surcharge", "penalty", "penalite", "agios", "overdraft"}
)
GAINS = frozenset({"weight", "kg", "kilos", "pounds", "lbs", "lb", "poids"})  # "lost 5 kg" is no trouble
REMEDY_NOUNS = WELCOME | frozenset({"fix", "repair", "replacement", "remplacement", "correctif", "echange"})
SPEEDY = frozenset(
    {"quick", "fast", "speedy", "rapid", "prompt", "rapide", "express", "immediat", "immediate"}
)
NO_LONGER = frozenset({"plus", "anymore", "longer"})
BACK_AFTER = frozenset(
    {"is", "was", "are", "were", "be", "been", "came", "come", "comes", "got", "get", "it's", "now"}
)
NOT_BACK = frozenset({"down", "again", "to", "off", "out"})
TOOK_FOR = frozenset({"to", "pour", "avant"})
# "never showed up", "n'ai rien reçu": what should have come, denied.
CAME = frozenset(
    {
        "showed", "came", "arrived", "replied", "responded", "answered", "delivered", "venu",
        "venue", "arrive", "arrivee", "recu", "recue", "rappele", "repondu", "livre", "livree",
    }
)  # fmt: skip
STILL = frozenset({"still", "toujours"})
REPEATS = frozenset(
    {"again", "encore", "another", "twice", "enieme", "umpteenth", "nth", "usual", "habitude", "hab"}
)
ORDINALS = frozenset(
    {
        "second", "third", "fourth", "fifth", "sixth", "tenth", "deuxieme", "troisieme",
        "quatrieme", "cinquieme", "sixieme", "dixieme", "rd", "th", "nd", "eme", "ieme",
    }
)  # fmt: skip
TIMES = frozenset({"time", "times", "fois"})
_REPEAT_WORDS = REPEATS | TIMES | {"every", "chaque", "each", "tous", "toutes", "de", "in"}
# Praise said with words of no weight: "nothing like", "rien de tel que", "gotta love".
PRAISE_TURNS = (
    ("nothing", "like"), ("nothing", "beats"), ("nothing", "says"), ("gotta", "love"),
    ("got", "to", "love"), ("just", "what", "i", "needed"), ("rien", "de", "tel"),
    ("rien", "de", "mieux"), ("rien", "ne", "vaut"), ("heureusement", "que"),
    ("heureusement", "qu'"), ("love", "how"), ("love", "that"), ("loving", "the"),
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
GOT = frozenset({"got", "received", "recu", "obtenu", "eu", "get"})


def _ends_sentence(read: Read) -> bool:
    return read.kind == "punct" and not ENDS_SENTENCE.isdisjoint(read.token)


def _sentences(reads: Sequence[Read]) -> list[range]:
    out: list[range] = []
    start = 0
    for at, read in enumerate(reads):
        if _ends_sentence(read):
            if at > start:
                out.append(range(start, at))
            start = at + 1
    if start < len(reads):
        out.append(range(start, len(reads)))
    return out


def _at(reads: Sequence[Read], at: int) -> str:
    return reads[at].token if 0 <= at < len(reads) else ""


def _follows(reads: Sequence[Read], at: int, words: tuple[str, ...]) -> bool:
    return all(_at(reads, at + k) == word for k, word in enumerate(words))


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


def _duration(reads: Sequence[Read], at: int) -> bool:
    """A unit of time after an amount: "four days", "2 hours", "une semaine", "a whole week"."""
    token = _at(reads, at)
    if token not in UNITS or (token == "jour" and _at(reads, at - 1) == "a"):
        return False  # "mise à jour" is no day
    before = at - 1
    if _at(reads, before) in LONG:
        before -= 1
    return before >= 0 and (reads[before].kind == "num" or reads[before].token in QUANTITIES)


def _repeat(reads: Sequence[Read], at: int) -> bool:
    token = reads[at].token
    if token in REPEATS:
        return True
    if token in TIMES and at > 0:
        before = reads[at - 1]
        return (
            before.token in ORDINALS
            or before.token in ("twice", "several", "plusieurs")
            or before.kind == "num"
        )
    if token in ("every", "chaque", "each", "tous", "toutes"):
        return _at(reads, at + 1) in ("time", "single", "fois", "les") or _duration(reads, at + 2)
    return (token, _at(reads, at + 1)) == ("de", "suite") or (token, _at(reads, at + 2)) == ("in", "row")


def _excused(reads: Sequence[Read], at: int) -> bool:
    """A failure word that is none here: "lost 5 kg", "I forgot", "stuck in my head"."""
    token, after = reads[at].token, _at(reads, at + 1)
    if token == "lost" and after in GAINS:
        return True
    if token == "stuck" and after == "in" and "head" in (_at(reads, at + 3), _at(reads, at + 4)):
        return True
    return _at(reads, at - 1) in SELF


def trouble(reads: Sequence[Read], span: range, marked: Collection[int] = (), wink: bool = False) -> int:
    """How plainly the span states a trouble: STATED (a stretch of time waiting, a service
    missing, what never came, a repeated failure, a fee charged to me), FAILURE (a failure word
    alone, which praise may be sincere beside: "the best film since the war was lost") or 0."""
    failure = weak = bad = repeat = waited = mine = took = False
    durations: list[int] = []
    for at in span:
        read = reads[at]
        token = read.token
        if _concrete(read, at, marked) and not _excused(reads, at):
            failure = True
            # a price rise, "plus cher", "takes forever": a complaint whoever it befalls
            mine = (
                mine
                or token in PRICE_RISES
                or (
                    at in marked
                    and token not in TROUBLE
                    and token not in BAD_NEWS
                    and token not in AMOUNTED_BY_WORD
                )
            )
        elif token in WEAK_FAILURES and not read.negated:
            weak = True
        if read.weight is not None and read.weight < 0 and not read.negated:
            bad = True
        if token in MINE:
            mine = True
        if token in LACKING and not read.negated:
            ahead = at + 1
            while ahead < span.stop and ahead <= at + 3 and reads[ahead].token in _BETWEEN:
                ahead += 1
            if ahead < span.stop and reads[ahead].token in SERVICES:
                return STATED
        if read.negated and token in CAME:
            return STATED
        if token in STILL and _at(reads, at + 1) in LACKING and _at(reads, at + 2) not in _UNDONE:
            return STATED
        if token in UNITS and _duration(reads, at):
            durations.append(at)
            if _at(reads, at + 1) in TOOK_FOR and _at(reads, at - 1) not in ("a", "an", "un", "une"):
                took = True  # "quinze jours pour changer une box", "six weeks to answer"
        if token == "line" and _at(reads, at - 1) in ("in", "on"):
            waited = True
        if token in WAITING and not read.negated and (token != "hold" or _at(reads, at - 1) in ("on", "en")):
            waited = True
        if token in _REPEAT_WORDS and _repeat(reads, at):
            repeat = True
    if durations and waited:
        return STATED
    if (failure and (repeat or wink or durations)) or (weak and (repeat or wink)):
        return STATED
    if any(reads[at].token in FEES for at in span) and any(reads[at].kind == "num" for at in span):
        return STATED if mine else FAILURE
    if wink and bad:
        return STATED
    return FAILURE if (failure and mine) or took else 0


def _conceded(reads: Sequence[Read], span: range) -> bool:
    for at in span:
        token = reads[at].token
        if token in CONTRASTS or token in CONCEDED:
            return True
        if (token, _at(reads, at + 1)) in (
            ("even", "though"),
            ("even", "if"),
            ("meme", "si"),
            ("bien", "que"),
        ):
            return True
    return False


_RESOLVING = RESOLVED | FIXED_AFTER[0] | FINALLY | REMEDY_NOUNS | {"back"}


def _resolves(reads: Sequence[Read], at: int) -> bool:
    token = reads[at].token
    if token == "back":
        return _at(reads, at + 1) not in NOT_BACK and not BACK_AFTER.isdisjoint(
            (_at(reads, at - 1), _at(reads, at - 2))
        )
    if token in RESOLVED:
        return True
    if token in FIXED_AFTER[0]:
        return _at(reads, at - 1) in FIXED_AFTER[1]
    if token in FINALLY:
        return any(
            (r.weight or 0) > 0 or r.token in RESOLVED or r.token in CAME for r in reads[at + 1 : at + 5]
        )
    if token in REMEDY_NOUNS:  # "got my refund", "le remboursement rapide", "thanks for the quick fix"
        return any(
            r.token in GOT or r.token in SPEEDY or r.token in THANKS for r in reads[max(at - 4, 0) : at + 2]
        )
    return False


def resolutions(reads: Sequence[Read]) -> list[int]:
    """Where the text says a trouble is over: a fix, a return, a refund, a quick remedy; not
    in a clause that hopes for it or denies it ("still not fixed", "if it gets fixed")."""
    out: list[int] = []
    waiting = False
    for at, read in enumerate(reads):
        if read.kind == "punct":
            waiting = False
            continue
        if read.token in NOT_YET:
            waiting = True
        if read.negated and read.token in FAILURES and _at(reads, at + 1) in NO_LONGER:
            out.append(at)  # "ne plante plus", "doesn't crash anymore"
        elif not read.negated and not waiting and read.token in _RESOLVING and _resolves(reads, at):
            out.append(at)
    return out


def _concrete(read: Read, at: int, marked: Collection[int]) -> bool:
    """A failure said as such: a failure word, or a trouble the lexicon's phrases or rules found."""
    if read.negated or (read.weight or 0) > 0:
        return False
    if read.token in FAILURES:
        return True
    return (
        read.weight is not None
        and read.weight < 0
        and (at in marked or read.token in TROUBLE or read.token in BAD_NEWS or read.token in _FAILURE_VERBS)
    )


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
    found: set[int] = set()
    wink = any(r.kind == "emoji" and r.token in WINKS for r in reads)
    troubled: dict[int, int] = {}
    capitalised: frozenset[str] | None = None
    praised_any = False
    for number, span in enumerate(sentences):
        praised = praise(reads, span)
        praised_any = praised_any or bool(praised)
        if not praised or _conceded(reads, span):
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
                troubled[other] = 0 if _conceded(reads, near) else trouble(reads, near, marked, wink)
            if troubled[other] == STATED or (troubled[other] and named):
                found.update(praised)
                break
    none = frozenset[int]()
    if not praised_any:
        return none, none, ()
    fixes = resolutions(reads)
    if not fixes:
        return frozenset(found), none, ()
    settled = frozenset(at for at, read in enumerate(reads) if _concrete(read, at, marked))
    return none, settled, tuple(fixes) if settled else ()
