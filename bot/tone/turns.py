"""Where a sentence turns its words around: praise said as a complaint, trouble said to be over.

Praise that is a complaint: "Merci la SNCF pour les 2h de retard", "Great, another outage".
The commonest complaint a brand reads on social media thanks it for the trouble. Word by word it
is praise ("merci", "great", "vraiment top"), so the tone check finds where a text says it and
reads the praise in that sentence as its opposite, the way a negation turns "pas bon" around.

Two shapes, in French and English, both kept narrow so that sincere thanks stay praise:
- thanks *for* the trouble: a thanks word, then "pour"/"for", then only small words (articles,
  numbers, units of time) before a trouble word: "thanks Comcast for the 4 hour outage";
  "merci pour votre aide malgré la panne" is not this (a real word comes first).
- a few words of praise opening a sentence before the trouble, with nothing good after it:
  "Génial, mon colis est encore perdu", "Bravo Bouygues, encore une facture erronée", "Super !
  Encore en panne.", "Quelle joie, mon train est supprimé", "Amazing work Comcast, …".
- praise tacked on after the trouble, in a few words and nothing else: "Ma carte bloquée en
  plein voyage, super pratique", "Encore en panne. Merci Free.", "4h outage, great job as always".

Trouble said to be over: "la panne est réglée", "Viadeo a résolu mon problème", "the outage is
fixed". A brand wants to hear that its fix landed, not to see it escalated as a complaint: the
trouble words of that clause count as settled, unless the fix is denied ("toujours pas réglé").

Pure functions over the words the tone check has read and weighed (`veille.tone.features`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from veille.tone.lexicon import NEGATIONS

THANKS = frozenset({"merci", "thanks", "thank", "thx", "cheers", "grateful"})
FOR = frozenset({"pour", "for"})
PRAISE_ALONE = frozenset(
    {
        "bravo", "genial", "super", "top", "parfait", "magnifique", "formidable", "excellent",
        "felicitations", "great", "nice", "perfect", "awesome", "wonderful", "fantastic",
        "lovely", "brilliant", "congrats", "yay",
    }
)  # fmt: skip
# Words a praise tacked on after the trouble is made of ("super pratique", "merci Free", "great
# job as always"); a capitalised name or an @user may be part of it too.
TAG_PRAISE = PRAISE_ALONE | THANKS | frozenset(
    {
        "pratique", "sympa", "cool", "chapeau", "classe", "efficace", "bien", "joue", "pro",
        "love", "helpful", "useful",
    }
)  # fmt: skip
TAG_WORDS = TAG_PRAISE | frozenset(
    {
        "vraiment", "trop", "tres", "encore", "comme", "toujours", "d'", "hab", "habitude", "a",
        "vous", "la", "le", "les", "l'", "equipe", "service", "job", "work", "done", "so", "very",
        "really", "as", "always", "usual", "again", "guys", "team", "the", "you", "it",
    }
)  # fmt: skip
TAG_LENGTH = 6  # words at most
# Praise that can only be said for the trouble beside it in the same sentence, with no "but" or
# "despite" between them: "Super, encore une panne, merci Free", "thanks for the surprise fee,
# really appreciated", "so glad my bank froze my card, fantastic service".
WRAPPING_PRAISE = TAG_PRAISE | frozenset(
    {
        "appreciated", "appreciate", "glad", "best", "fantastic", "wonderful", "amazing", "wow",
        "magnifique", "formidable", "parfait", "perfect", "congrats", "felicitations", "exploit",
        "record", "plaisir", "trop", "well", "brilliant", "genial", "waouh", "grateful", "treat",
    }
)  # fmt: skip
# Words that make praise beside a trouble sincere: "great support despite the outage", "thanks
# for the quick fix of the outage", "merci pour votre aide malgré la panne".
CONCEDING = frozenset(
    {
        "despite", "although", "though", "even", "after", "malgre", "meme", "apres", "quand", "sauf",
        "except", "fix", "fixing", "repair", "repairing", "resolving", "solving", "restoring", "help",
        "helping", "aide", "aider", "reparation", "resolution", "depannage", "retablissement",
        "replacing", "replaced", "replacement", "refunding", "refunded", "found", "tracked",
        "remplace", "remplacer", "remplacement", "retrouve", "retrouvee", "retrouver", "echange",
        "rembourse", "remboursee", "remboursement",
    }
)  # fmt: skip
TROUBLE = -1.5  # how bad what comes before must be: "outage", not just "down"
# Words that may stand between "for"/"pour" and the trouble thanked for.
SMALL_WORDS = frozenset(
    {
        "the", "this", "that", "these", "those", "my", "our", "your", "another", "a", "an", "yet",
        "new", "latest", "again", "hour", "hours", "day", "days", "minute", "minutes", "week",
        "weeks", "month", "months", "long", "whole", "entire", "all",
        "le", "la", "les", "l'", "un", "une", "des", "du", "de", "d'", "ce", "cet", "cette",
        "ces", "mon", "ma", "mes", "notre", "nos", "votre", "vos", "ton", "ta", "tes", "encore",
        "nouvelle", "nouveau", "enieme", "h", "heure", "heures", "jour", "jours",
        "semaine", "semaines", "mois", "min", "longue", "longues", "enorme", "enormes", "tout",
        "toute", "toutes", "tous", "belle", "beau", "jolie", "joli",
    }
)  # fmt: skip
# Trouble one may sincerely thank for: a refund settles a complaint.
WELCOME = frozenset({"refund", "refunds", "refunded", "remboursement", "rembourse", "remboursee"})
# Words saying that trouble is over (folded: "réglée" is "reglee").
FIXED = frozenset(
    {
        "fixed", "resolved", "solved", "sorted", "repaired", "restored", "settled",
        "reglee", "reglees", "resolu", "resolue", "resolus", "resolues",
        "repare", "reparee", "repares", "reparees", "corrige", "corrigee", "corriges",
        "corrigees", "retabli", "retablie", "retablis", "retablies", "depanne", "depannee",
    }
)  # fmt: skip
# "réglé" is also "règle" (a rule, "une attaque en règle") once folded: a fix only after "a", "est"…
FIXED_AFTER = (
    frozenset({"regle", "regles"}),
    frozenset({"a", "ai", "as", "avons", "avez", "ont", "est", "sont", "ete", "bien", "vite"}),
)
# A fix named as done: "the quick fix of the outage", not "fix the outage" (a request).
FIX_NOUNS = (
    frozenset(
        {"fix", "repair", "correctif", "replacement", "refund", "remplacement", "remboursement", "echange"}
    ),
    frozenset({"the", "a", "quick", "fast", "speedy", "rapid", "le", "rapide", "un", "l'"}),
)
# A remedy done to what was lost or broken: "found my lost phone", "a remplacé mon frigo".
REMEDIES = (
    frozenset(
        {
            "found", "tracked", "located", "recovered", "refunding", "refunded", "replaced",
            "replacing", "retrouve", "retrouvee", "remplace", "rembourse", "repare", "echange",
        }
    ),
    frozenset({"my", "our", "me", "us", "mon", "ma", "mes", "notre", "nos", "down", "back"}),
)  # fmt: skip
# What was missing has come: "la pièce manquante est arrivée", "the missing part arrived".
MISSING = frozenset(
    {"missing", "lost", "manquant", "manquante", "manquants", "manquantes", "perdu", "perdue", "perdus"}
)
FOUND = frozenset(
    {
        "arrived", "came", "received", "showed", "arrive", "arrivee", "arrives", "recu", "recue",
        "recus", "livree",
    }
)  # fmt: skip
# A fix to come, hoped for or denied is no fix: "to be resolved", "can be fixed", "si c'est réglé".
NOT_YET = NEGATIONS | frozenset(
    {
        "can", "could", "should", "would", "will", "must", "need", "needs", "if", "still", "hope",
        "hopefully", "until", "when", "soon", "waiting", "please",
        "si", "doit", "doivent", "devrait", "devraient", "faut", "reste", "restent", "pourrait",
        "sera", "seront", "quand", "espere", "esperons", "bientot", "toujours",
        "attends", "attend", "attendre", "demande", "demander", "reclame", "want", "asked", "asking",
    }
)  # fmt: skip
# A text holds one of these or no turn at all (most texts: no need to look further).
FIX_WORDS = FIXED | FIXED_AFTER[0] | FIX_NOUNS[0] | REMEDIES[0] | FOUND  # what `_fixed` may find
TURN_WORDS = WRAPPING_PRAISE | FIX_WORDS
CONTRASTS = frozenset({"but", "however", "mais", "pourtant", "cependant", "toutefois", "sauf", "except"})
ENDS_SENTENCE = frozenset({".", "!", "?", "…"})
OPENERS = frozenset({"oh", "ah", "wow", "ouah", "ouais", "yeah", "bah", "ben", "eh"})
LOVED = frozenset({"love", "loves", "adore", "j'adore", "aime", "kiffe"})
WHEN = frozenset({"when", "whenever", "quand", "lorsque", "lorsqu'"})
# Small words an opening praise is said with: "Quelle joie,", "Vive la SNCF,", "What a great
# experience,", "Amazing work Comcast,", "Trop contente,", "Merci bien Darty,".
OPENER_WORDS = OPENERS | frozenset(
    {
        "what", "a", "an", "such", "so", "very", "really", "how", "much", "big", "huge", "the",
        "work", "job", "timing", "service", "experience", "one", "idea", "news", "surprise", "day",
        "move", "stuff", "thing", "customer", "support", "team", "again", "as", "always", "guys",
        "quel", "quelle", "quels", "quelles", "que", "trop", "vraiment", "tres", "la", "le", "les",
        "l'", "un", "une", "boulot", "travail", "idee", "nouvelle", "journee", "equipe", "accueil",
        "encore", "comme", "toujours", "d'", "hab", "vive", "chapeau", "moi", "nous",
    }
)  # fmt: skip


class Read(NamedTuple):
    """One token as the tone check read it: a word's weight (after negation) or None."""

    kind: str  # word, tag, punct, user, url, num, emoji, emoticon
    token: str
    weight: float | None = None
    negated: bool = False


def _ends_sentence(read: Read) -> bool:
    return read.kind == "punct" and not ENDS_SENTENCE.isdisjoint(read.token)  # marks are one character each


def sentence_ends(reads: Sequence[Read]) -> list[int]:
    """The positions of the marks that end a sentence, in order."""
    return [
        at
        for at, read in enumerate(reads)
        if read.kind == "punct" and not ENDS_SENTENCE.isdisjoint(read.token)
    ]


def _any_fixed(reads: Sequence[Read], start: int, end: int) -> bool:
    """Whether a word between `start` and `end` says a trouble is fixed (`_fixed`)."""
    return any(_fixed(reads, at) for at in range(start, end) if reads[at].token in FIX_WORDS)


def _sentence_end(reads: Sequence[Read], start: int) -> int:
    end = start
    while end < len(reads) and not _ends_sentence(reads[end]):
        end += 1
    return end


def _thanks_for_trouble(reads: Sequence[Read], at: int, end: int) -> bool:
    """A thanks word at `at`, then "for"/"pour" within four tokens, then small words and a
    trouble word before the sentence ends."""
    for_at = next((i for i in range(at + 1, min(at + 5, end)) if reads[i].token in FOR), None)
    if for_at is None:
        return False
    for read in reads[for_at + 1 : end]:
        if read.kind == "num" or read.token in SMALL_WORDS:
            continue
        return read.weight is not None and read.weight < 0 and read.token not in WELCOME
    return False


def _opener_word(read: Read, names: frozenset[str]) -> bool:
    """A word an opening praise may hold beside its praise: a name, an @user, a small word."""
    if read.kind == "user":
        return True
    if read.weight is not None:
        return read.weight > 0 and not read.negated
    return read.token in names or read.token in OPENER_WORDS


def _praise_before_trouble(reads: Sequence[Read], at: int, names: frozenset[str]) -> tuple[int, int] | None:
    """A few words of praise opening a sentence before a comma or a full stop ("Bravo Bouygues,",
    "Quelle joie,", "Amazing work Comcast,", "What a great experience,"), then a clause with
    trouble and nothing good in it: that clause's bounds. "Great story, bad idea" is not it:
    "story" is neither a name nor a word praise is said with."""
    before = at - 1
    while before >= 0 and before >= at - 3 and not _ends_sentence(reads[before]):
        if reads[before].kind not in ("word", "user") or not _opener_word(reads[before], names):
            return None
        before -= 1
    if before >= 0 and not _ends_sentence(reads[before]):
        return None
    after = at + 1
    while after < len(reads) and after <= at + 3 and reads[after].kind in ("word", "user"):
        if not _opener_word(reads[after], names):
            return None
        after += 1
    if after >= len(reads) or reads[after].kind != "punct" or reads[after].token == "?":
        return None
    start = after + 1
    end = _sentence_end(reads, start)
    if _any_fixed(reads, start, end):
        return None
    weights = [r.weight for r in reads[start:end] if r.weight is not None]
    if any(w < 0 for w in weights) and not any(w > 0 for w in weights):
        return start, end
    return None


def _praise_tag(reads: Sequence[Read], start: int, end: int, names: frozenset[str]) -> bool:
    """Only a few words of praise between `start` and `end`: "super pratique", "merci Free"."""
    words = [r for r in reads[start:end] if r.kind in ("word", "tag", "user")]
    return (
        0 < len(words) <= TAG_LENGTH
        and all(r.kind == "user" or r.token in TAG_WORDS or r.token in names for r in words)
        and any((r.weight or 0) > 0 for r in words)
    )


def _only_trouble(reads: Sequence[Read], start: int, end: int) -> bool:
    """Trouble said plainly (not "couldn't be better"), nothing good, no "but", no fix."""
    weights = [r.weight for r in reads[start:end] if r.weight is not None]
    trouble = sum(
        r.weight for r in reads[start:end] if r.weight is not None and r.weight < 0 and not r.negated
    )
    return (
        trouble <= TROUBLE
        and not any(w > 0 for w in weights)
        and CONTRASTS.isdisjoint([read.token for read in reads[start:end]])
        and not _any_fixed(reads, start, end)
    )


def _tacked_on(
    reads: Sequence[Read], start: int, end: int, before: tuple[int, int] | None, names: frozenset[str]
) -> range:
    """Praise tacked on after trouble: the end of this sentence after its last comma, or the whole
    sentence after a sentence of trouble. Empty when there is none."""
    comma = next((i for i in range(end - 1, start - 1, -1) if reads[i].token == ","), None)
    if comma is not None and _praise_tag(reads, comma + 1, end, names) and _only_trouble(reads, start, comma):
        return range(comma + 1, end)
    if before is not None and _praise_tag(reads, start, end, names) and _only_trouble(reads, *before):
        return range(start, end)
    return range(0)


def _wrapped_trouble(
    reads: Sequence[Read], start: int, end: int, praised: Sequence[int] | None = None
) -> bool:
    """A sentence whose only praise is of the kind said for a trouble, beside a trouble said
    plainly, with no concession, contrast or fix between them. `praised`: the positions of the
    sentence's words weighed good, when known."""
    sentence = reads[start:end]
    if praised is None:
        praise = [r for r in sentence if r.weight is not None and r.weight > 0]
    else:
        praise = [reads[at] for at in praised]
    if not praise or not all(r.token in WRAPPING_PRAISE and not r.negated for r in praise):
        return False
    trouble = sum(r.weight for r in sentence if r.weight is not None and r.weight < 0 and not r.negated)
    return (
        trouble <= TROUBLE
        and CONCEDING.isdisjoint(tokens := [read.token for read in sentence])
        and CONTRASTS.isdisjoint(tokens)
        and not _any_fixed(reads, start, end)
    )


def _loved_when(reads: Sequence[Read], at: int, end: int) -> bool:
    """Loving the moments a trouble happens: "J'adore quand l'appli plante", "love it when my
    train is cancelled"."""
    if reads[at].token not in LOVED:
        return False
    when = at + 2 if at + 2 < end and reads[at + 1].token in ("it", "that") else at + 1
    return when < end and reads[when].token in WHEN and _only_trouble(reads, when + 1, end)


def ironic(reads: Sequence[Read], names: frozenset[str] = frozenset()) -> frozenset[int]:
    """The positions of the praise words a text says as a complaint; `names` are the words
    written with a capital (folded), which may stand between a praise word and its comma."""
    flipped: set[int] = set()
    count = len(reads)
    positive = [at for at, read in enumerate(reads) if read.weight is not None and read.weight > 0]
    start = 0
    before: tuple[int, int] | None = None
    for end in (*sentence_ends(reads), count):
        if start >= count:
            break
        # a sentence without a word weighed good has no praise to turn (nor to tack on)
        praised = positive[bisect_left(positive, start) : bisect_left(positive, end)]
        if praised:
            flipped.update(
                i for i in _tacked_on(reads, start, end, before, names) if (reads[i].weight or 0) > 0
            )
            if _wrapped_trouble(reads, start, end, praised):
                flipped.update(praised)
        before = (start, end)
        for at in praised:
            read = reads[at]
            if read.kind != "word":
                continue
            if read.token in THANKS and _thanks_for_trouble(reads, at, end):
                flipped.update(praised)
            elif _loved_when(reads, at, end):
                flipped.add(at)
            elif _praise_before_trouble(reads, at, names) is not None:
                flipped.update(i for i in praised if i < at + 4)
        start = end + 1
    return frozenset(flipped)


def _fixed(reads: Sequence[Read], at: int) -> bool:
    token = reads[at].token
    if token in FIXED:
        return True
    before = reads[at - 1].token if at > 0 else ""
    if token in REMEDIES[0] and at + 1 < len(reads) and reads[at + 1].token in REMEDIES[1]:
        return True
    if token in FOUND and any(r.token in MISSING for r in reads[max(at - 6, 0) : at]):
        return True
    return any(token in words and before in after for words, after in (FIXED_AFTER, FIX_NOUNS))


def _clauses(reads: Sequence[Read]) -> Iterator[range]:
    """The positions of each clause: up to a sentence end or a contrast word (neither included)."""
    start = 0
    while start < len(reads):
        end = start
        while end < len(reads) and not _ends_sentence(reads[end]) and reads[end].token not in CONTRASTS:
            end += 1
        yield range(start, end)
        start = end + 1


def settled(reads: Sequence[Read]) -> frozenset[int]:
    """The positions of trouble words in a clause that says the trouble is fixed."""
    out: set[int] = set()
    for clause in _clauses(reads):
        if any(_fixed(reads, i) for i in clause) and not any(reads[i].token in NOT_YET for i in clause):
            out.update(i for i in clause if (reads[i].weight or 0) < 0 and not reads[i].negated)
    return frozenset(out)


def fixes(reads: Sequence[Read]) -> frozenset[int]:
    """The positions of the words saying a trouble is fixed, in a clause that is no request:
    "Orange a corrigé l'erreur", "the agent fixed it". A fix is good news."""
    out: set[int] = set()
    for clause in _clauses(reads):
        if not any(reads[i].token in NOT_YET for i in clause):
            out.update(i for i in clause if _fixed(reads, i))
    return frozenset(out)
