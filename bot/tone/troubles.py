"""What a sentence states as a trouble befalling a customer, whatever words of tone it holds.

"four days without broadband", "2 hours on hold", "trois mois pour un remboursement", "third outage
this month", "still shows me ads", "ma valise est restée à Roissy": facts a reader takes as a
complaint although no word of them is bad. `veille.tone.irony` reads praise said beside them as
irony; a "but" followed by one of them turns the sentence to a complaint. The readings:

- a stretch of time spent waiting ("2 hours on hold", "40 minutes d'attente"), or a long time for
  something owed that should be quick ("90 mins to deliver a burger", "six semaines pour
  rembourser", "70 minutes for delivery"), unless someone waited for the writer ("the driver
  waited 5 minutes for me") or the time is short ("5 minutes to set up");
- a service missing ("sans internet", "no signal"), or what never came ("never showed up");
- a failure repeated or lasting: a failure word beside "again", « encore », "third", "2nd … in a
  row", "4 times", « pour la 3e fois », or a stretch of time;
- "still" beside an annoyance ("still buffering", "still cold", « toujours des pubs », « toujours
  rien »);
- something of the customer's lost, left behind, sent back or cancelled ("leaving my luggage in
  Dublin", "bagage perdu", "returned to sender"): a failure befalling the writer;
- a fee charged.
Pure functions over the words the tone check has read and weighed.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from veille.tone.lexicon import BAD_NEWS, NEAR_TROUBLE, TROUBLE
from veille.tone.tokens import AMOUNTED_BY_WORD, NUMBER_WORDS
from veille.tone.turns import Read

# Failure words the lexicon weighs as plain negatives: here they say something happened.
FAILURES = frozenset(
    {
        "outage", "outages", "broken", "broke", "breaks", "crash", "crashes", "crashed",
        "crashing", "bug", "bugs", "buggy", "glitch", "glitchy", "fail", "fails", "failed",
        "failure", "delay", "delayed", "delays", "cancelled", "canceled", "lost", "died",
        "fee", "fees", "overcharged", "downtime", "unreachable", "unresponsive",
        "ghosted", "unusable", "smashed", "damaged", "offline", "missed",
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
# What is done to a customer's things, a failure only when said of one ("leaving my luggage",
# « ma valise est restée », "carte refusée"): "the train left", "supprimé des doublons" are none.
MISHAPS = frozenset(
    {
        "left", "leaving", "forgot", "forgotten", "deleted", "wiped", "erased", "refused",
        "declined", "rejected", "vanished", "disappeared", "misplaced", "overbooked",
        "reste", "restee", "restes", "restees", "oublie", "oubliee", "supprime", "supprimee",
        "efface", "effacee", "refuse", "refusee", "rejete", "rejetee", "disparu", "disparue",
        "egare", "egaree", "decale", "decalee", "rate", "ratee", "surbooke",
    }
)  # fmt: skip
BELONGINGS = frozenset(
    {
        "bag", "bags", "luggage", "suitcase", "suitcases", "parcel", "parcels", "package",
        "packages", "order", "orders", "card", "booking", "reservation", "flight", "account",
        "groceries", "item", "items", "ticket", "tickets", "appointment", "payment", "transfer",
        "claim", "data", "files", "photos", "playlists", "library", "connection",
        "bagage", "bagages", "valise", "valises", "colis", "commande", "commandes", "carte",
        "vol", "compte", "billet", "billets", "rdv", "rendez-vous", "paiement", "virement",
        "dossier", "course", "annonce", "demande", "livraison", "correspondance", "fichiers",
    }
)  # fmt: skip
LEFT = frozenset({"left", "leaving", "leaves"})
# Sent back instead of delivered: "returned to sender", « renvoyé à l'expéditeur ».
RETURNED = frozenset({"returned", "back", "renvoye", "renvoyee", "retourne", "retournee"})
SENDERS = frozenset({"sender", "depot", "warehouse", "expediteur", "entrepot", "envoyeur"})
# What one puts up with rather than what breaks: a trouble when it lasts ("still shows me ads").
ANNOYANCES = frozenset(
    {
        "ads", "ad", "adverts", "advert", "commercials", "popups", "spam", "noise", "noises",
        "cold", "pubs", "pub", "publicites", "publicite", "bruit", "bruits", "froid", "froide",
        "loading", "chargement",
    }
)  # fmt: skip
STILL_ANNOYED = ANNOYANCES | {"nothing", "rien"}
SAME = frozenset({"same", "meme"})
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
    {"de", "d'", "du", "des", "la", "le", "l'", "any", "a", "the", "single", "une", "un", "seule", "seul"}
    | {"my", "mon", "ma"}
)
UNITS = frozenset(
    {
        "minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs", "h", "day", "days",
        "week", "weeks", "month", "months", "year", "years", "night", "nights", "weekend",
        "heure", "heures", "jour", "jours", "semaine", "semaines", "mois", "an", "ans", "annee",
        "annees", "nuit", "nuits", "week-end", "journee", "matinee", "soiree",
    }
)  # fmt: skip
MINUTES = frozenset({"minute", "minutes", "min", "mins"})
LONG_MINUTES = 30  # minutes at least for something owed to have been long in coming
_MANY_MINUTES = frozenset(
    {"thirty", "forty", "fifty", "sixty", "ninety", "trente", "quarante", "cinquante", "soixante"}
)
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
# Someone waiting for the writer is no trouble: "the driver waited 5 minutes for me".
FOR_ME = frozenset({"me", "us", "moi", "nous"})
STATED = 2
FAILURE = 1
# Someone speaking of their own trouble: a failure beside praise is then a complaint.
MINE = frozenset({"my", "me", "our", "mon", "ma", "mes", "m'", "notre", "nos"})
# A failure one says of oneself ("I forgot", "j'ai perdu") is no complaint about anyone.
SELF = frozenset({"i", "we", "je", "j'", "ai", "i've", "avons"})
_UNDONE = frozenset(
    {
        "mal", "bad", "problem", "problems", "probleme", "souci", "soucis", "worries", "complaint",
        "complaints", "issue", "issues", "regret", "regrets", "redire", "reproche", "plainte",
    }
)  # fmt: skip
# Money taken: "30 € de frais", "a $35 activation fee" (currency signs are not tokens).
FEES = frozenset(
    {"fee", "fees", "frais", "charged", "surcharge", "penalty", "penalite", "agios", "overdraft"}
)
GAINS = frozenset({"weight", "kg", "kilos", "pounds", "lbs", "lb", "poids"})  # "lost 5 kg" is no trouble
TOOK_FOR = frozenset({"to", "pour", "avant"})
OWED_FOR = TOOK_FOR | {"for"}
# Time given rather than taken ("30 days to return", "3 months for free"); after an article only
# what is owed counts ("2 hours to the airport" is a distance); "only"/"in" say it was short.
_NOT_OWED = frozenset(
    {
        "go", "spare", "remember", "try", "enjoy", "pay", "decide", "walk", "drive", "reach",
        "free", "return", "aller", "profiter", "essayer", "tester", "payer", "gratuit",
        "gratuitement", "offert", "offerts", "this", "that", "your",
    }
    | FOR_ME
)  # fmt: skip
_ARTICLES = frozenset(
    {"a", "an", "the", "my", "our", "un", "une", "le", "la", "l'", "les", "des", "mon", "ma", "mes"}
)
# What one waits for and should get quickly: "70 minutes for delivery", « pour un remboursement ».
OWED = SERVICES | frozenset(
    {
        "table", "food", "meal", "order", "coffee", "latte", "drink", "drinks", "pizza", "burger",
        "callback", "technician", "engineer", "appointment", "ride", "taxi", "doctor", "bill",
        "commande", "repas", "plat", "plats", "entree", "entrees", "cafe", "rappel", "technicien",
        "rendez-vous", "rdv", "medecin", "facture", "carte", "virement", "dossier",
    }
)  # fmt: skip
GIVEN = frozenset(
    {"have", "has", "had", "got", "get", "gives", "give", "gave", "avez", "avons", "as", "ai", "offre"}
)
SHORT = frozenset(
    {"only", "just", "under", "within", "in", "en", "seulement", "que", "qu'", "moins", "less", "juste"}
)
_SKIPPED = frozenset({"just", "only", "juste", "chat", "call", "calls", "appel", "wait", "queue"})
# "never showed up", "n'ai rien reçu": what should have come, denied.
CAME = frozenset(
    {
        "showed", "came", "arrived", "replied", "responded", "answered", "delivered", "venu",
        "venue", "arrive", "arrivee", "recu", "recue", "rappele", "repondu", "livre", "livree",
        "cleaned", "nettoye", "nettoyee",
    }
)  # fmt: skip
STILL = frozenset({"still", "toujours"})
STILL_REACH = 3  # words after "still" an annoyance may be: "still makes that noise"
REPEATS = frozenset(
    {"again", "encore", "another", "twice", "enieme", "umpteenth", "nth", "usual", "habitude", "hab"}
)
ORDINALS = frozenset(
    {
        "second", "third", "fourth", "fifth", "sixth", "tenth", "deuxieme", "troisieme",
        "quatrieme", "cinquieme", "sixieme", "dixieme", "rd", "th", "nd", "eme", "ieme",
    }
)  # fmt: skip
_NUMBERED = frozenset({"nd", "rd", "th", "e", "eme", "ieme"})  # "2nd", "3e": an ordinal after a number
TIMES = frozenset({"time", "times", "fois"})
IN_A_ROW = frozenset(
    {"row", "running", "suite", "d'affilee", "affilee", "consecutive", "consecutif", "consecutifs"}
)
_REPEAT_WORDS = REPEATS | TIMES | ORDINALS | {"e", "every", "chaque", "each", "tous", "toutes", "de", "in"}
# Every word `trouble` may read something in; any other word counts only when weighed as bad.
_TROUBLE_WORDS = (
    WAITING | FAILURES | MISHAPS | RETURNED | WEAK_FAILURES | MINE | LACKING | CAME | STILL | UNITS
) | (_REPEAT_WORDS | SAME | {"line"})


def token_at(reads: Sequence[Read], index: int) -> str:
    return reads[index].token if 0 <= index < len(reads) else ""


def _duration(reads: Sequence[Read], index: int) -> bool:
    """A unit of time after an amount: "four days", "2 hours", "une semaine", "a whole week"."""
    token = token_at(reads, index)
    if token not in UNITS or (token == "jour" and token_at(reads, index - 1) == "a"):
        return False  # "mise à jour" is no day
    before = index - 1
    if token_at(reads, before) in LONG:
        before -= 1
    return before >= 0 and (reads[before].kind == "num" or reads[before].token in QUANTITIES)


def _owed(reads: Sequence[Read], index: int, stop: int) -> bool:
    """A long time for something that should be quick, at the unit of a duration: "90 mins to
    deliver a burger", "trois mois pour un remboursement", "70 minutes for delivery"."""
    amount = reads[index - 1]
    if reads[index].token in MINUTES and not (
        (amount.kind == "num" and amount.token.isdigit() and int(amount.token) >= LONG_MINUTES)
        or amount.token in _MANY_MINUTES
    ):
        return False
    if token_at(reads, index - 2) in SHORT:
        return False
    if token_at(reads, index - 2) in GIVEN or token_at(reads, index - 3) in GIVEN:
        return False
    ahead = index + 1
    while ahead < stop and ahead <= index + 3 and reads[ahead].token in _SKIPPED:
        ahead += 1
    if token_at(reads, ahead) not in OWED_FOR or ahead + 1 >= stop:
        return False
    target = reads[ahead + 1]
    if target.kind == "num" or target.token in FOR_ME:
        return False
    if token_at(reads, ahead) == "for" or target.token in _ARTICLES:  # "for a refund", "pour la livraison"
        noun = ahead + 2 if target.token in _ARTICLES else ahead + 1
        return token_at(reads, noun) in OWED or token_at(reads, noun + 1) in OWED
    return target.token not in _NOT_OWED


def for_writer(reads: Sequence[Read], index: int, stop: int) -> bool:
    """A wait for the writer rather than by them: "the driver waited 5 minutes for me"."""
    window = [read.token for read in reads[index + 1 : min(index + 5, stop)]]
    if "for" not in window and "pour" not in window:
        return False
    return any(
        reads[k].token in ("for", "pour") and token_at(reads, k + 1) in FOR_ME
        for k in range(index + 1, min(index + 5, stop))
    )


def _waited(reads: Sequence[Read], index: int, stop: int) -> bool:
    token = reads[index].token
    if reads[index].negated or (token == "hold" and token_at(reads, index - 1) not in ("on", "en")):
        return False
    return not for_writer(reads, index, stop)


def _counted(reads: Sequence[Read], index: int) -> bool:
    """An ordinal that counts a failure ("third outage", "2nd delay", « pour la 3e fois », "second
    trip in a row"), not a date or a rank ("September 18th", "the 21st minute", "4th place")."""
    if any(token_at(reads, k) in FAILURES or token_at(reads, k) in TIMES for k in (index + 1, index + 2)):
        return True
    return any(token_at(reads, k) in IN_A_ROW for k in range(index + 2, index + 5))


def _repeat(reads: Sequence[Read], index: int) -> bool:
    token = reads[index].token
    if token in REPEATS:
        return True
    before = reads[index - 1] if index > 0 else None
    if token in _NUMBERED and before is not None and before.kind == "num":
        return before.token not in ("1", "0") and _counted(reads, index)
    if token in ORDINALS:
        return token_at(reads, index - 1) not in ("a", "one", "per", "every") and _counted(reads, index)
    if token in TIMES and before is not None:
        return (
            before.token in ORDINALS
            or before.token in ("twice", "several", "plusieurs")
            or before.kind == "num"
        )
    if token in ("every", "chaque", "each", "tous", "toutes"):
        return token_at(reads, index + 1) in ("time", "single", "fois", "les") or _duration(reads, index + 2)
    return (token, token_at(reads, index + 1)) == ("de", "suite") or (token, token_at(reads, index + 2)) == (
        "in",
        "row",
    )


def _excused(reads: Sequence[Read], index: int) -> bool:
    """A failure word that is none here: "lost 5 kg", "I forgot", "stuck in my head"."""
    token, after = reads[index].token, token_at(reads, index + 1)
    if token == "lost" and after in GAINS:
        return True
    if (
        token == "stuck"
        and after == "in"
        and "head" in (token_at(reads, index + 3), token_at(reads, index + 4))
    ):
        return True
    return token_at(reads, index - 1) in SELF


def _near(reads: Sequence[Read], index: int, words: Collection[str], reach: int) -> bool:
    return any(token_at(reads, k) in words for k in range(index - reach, index + reach + 1) if k != index)


def _befalls(reads: Sequence[Read], index: int, span: range) -> bool:
    """A mishap done to a customer's thing: "leaving my luggage", « ma valise est restée », or
    "returned my package to sender"."""
    token = reads[index].token
    if token in RETURNED:
        if token == "back" and token_at(reads, index - 1) not in ("went", "sent", "gone", "goes", "sending"):
            return False
        return any(reads[k].token in SENDERS for k in range(index + 1, min(index + 6, span.stop)))
    if token not in MISHAPS or reads[index].negated:
        return False
    if token in LEFT:  # "left my groceries", not "2 tickets left"
        return any(
            token_at(reads, k) in BELONGINGS or token_at(reads, k) in MINE
            for k in range(index + 1, index + 4)
        )
    return _near(reads, index, BELONGINGS, 3)


def _still_annoyed(reads: Sequence[Read], index: int, stop: int) -> bool:
    """ "still buffering", "still makes that noise", « toujours des pubs », « toujours rien »."""
    for k in range(index + 1, min(index + 1 + STILL_REACH, stop)):
        read = reads[k]
        if read.kind == "punct" or read.token in _UNDONE:
            return False
        if not read.negated and (
            read.token in STILL_ANNOYED or read.token in FAILURES or read.token in WAITING
        ):
            return not any(token_at(reads, j) in _UNDONE for j in range(k + 1, k + 3))
    return False


def trouble(reads: Sequence[Read], span: range, marked: Collection[int] = (), wink: bool = False) -> int:
    """How plainly the span states a trouble: STATED (a stretch of time waiting, a service
    missing, what never came, a repeated failure, a fee charged to me), FAILURE (a failure word
    alone, which praise may be sincere beside: "the best film since the war was lost") or 0."""
    failure = weak = bad = repeat = waited = mine = took = False
    durations: list[int] = []
    # Only the words that may say something: a word of the sets above, or one weighed bad.
    telling = [
        index
        for index in span
        if (read := reads[index]).token in _TROUBLE_WORDS or (read.weight is not None and read.weight < 0)
    ]
    for index in telling:
        read = reads[index]
        token = read.token
        if token in WAITING and not _waited(reads, index, span.stop):
            continue
        if concrete(read, index, marked) and not _excused(reads, index):
            failure = True
            # a price rise, "plus cher", "takes forever": a complaint whoever it befalls
            mine = (
                mine
                or token in PRICE_RISES
                or _near(reads, index, BELONGINGS, 2)
                or (
                    index in marked
                    and token not in TROUBLE
                    and token not in BAD_NEWS
                    and token not in AMOUNTED_BY_WORD
                )
            )
        elif (
            (token in MISHAPS or token in RETURNED)
            and _befalls(reads, index, span)
            and not _excused(reads, index)
        ):
            failure = mine = True
        elif token in WEAK_FAILURES and not read.negated:
            weak = True
        if read.weight is not None and read.weight < 0 and not read.negated:
            bad = True
        if token in MINE:
            mine = True
        if token in LACKING and not read.negated:
            ahead = index + 1
            while ahead < span.stop and ahead <= index + 3 and reads[ahead].token in _BETWEEN:
                ahead += 1
            if ahead < span.stop and reads[ahead].token in SERVICES:
                return STATED
        if read.negated and token in CAME:
            return STATED
        if token in STILL:
            if token_at(reads, index + 1) in LACKING and token_at(reads, index + 2) not in _UNDONE:
                return STATED
            if _still_annoyed(reads, index, span.stop):
                return STATED
        if token in UNITS and _duration(reads, index):
            durations.append(index)
            if _owed(reads, index, span.stop):
                return STATED
            if token_at(reads, index + 1) in TOOK_FOR and token_at(reads, index - 1) not in (
                "a",
                "an",
                "un",
                "une",
            ):
                took = True  # "quinze jours pour changer une box", "six weeks to answer"
        if token == "line" and token_at(reads, index - 1) in ("in", "on"):
            waited = True
        if token in WAITING and _waited(reads, index, span.stop):
            waited = True
        if token in _REPEAT_WORDS and _repeat(reads, index):
            repeat = True
        if token in SAME and token_at(reads, index + 1) in ANNOYANCES:
            failure = True  # "the same ad 4 times": what one puts up with, told as a repeat
    if durations and waited:
        return STATED
    if (failure and (repeat or wink or durations)) or (weak and (repeat or wink)):
        return STATED
    said = reads[span.start : span.stop]
    if not FEES.isdisjoint([read.token for read in said]) and any(read.kind == "num" for read in said):
        return STATED if mine else FAILURE
    if wink and bad:
        return STATED
    return FAILURE if (failure and mine) or took else 0


def concrete(read: Read, index: int, marked: Collection[int]) -> bool:
    """A failure said as such: a failure word, or a trouble the lexicon's phrases or rules found."""
    if read.negated or (read.weight or 0) > 0:
        return False
    if read.token in FAILURES:
        return True
    return (
        read.weight is not None
        and read.weight < 0
        and (
            index in marked or read.token in TROUBLE or read.token in BAD_NEWS or read.token in _FAILURE_VERBS
        )
    )
