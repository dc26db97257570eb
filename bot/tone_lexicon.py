"""Veille's own small tone lexicon: the words a brand team reads as praise or trouble.

Written for this project (not taken from another lexicon). Words are folded (lower case, no
accents) as `bot.text.fold` makes them; weights go from -3 (very negative) to +3. The learned
weights (`bot/data/tone_*.bin`) refine these from the labelled data; this list is what carries
over to text unlike the training data: outages, scams, refunds, praise of a product.
"""

from __future__ import annotations

# fmt: off

ENGLISH: dict[str, float] = {
    # trouble a brand team must hear about
    "outage": -2.5, "outages": -2.5, "down": -1.0, "broken": -2.0, "scam": -3.0, "scams": -3.0,
    "scammer": -3.0, "scammers": -3.0, "fraud": -3.0, "fraudulent": -3.0, "ripoff": -2.5,
    "rip-off": -2.5, "refund": -1.0, "lawsuit": -2.0, "sued": -1.5, "recall": -1.5, "breach": -2.0,
    "leak": -1.5, "leaked": -1.5, "hacked": -2.0, "bug": -1.0, "bugs": -1.0, "buggy": -2.0,
    "crash": -2.0, "crashes": -2.0, "crashed": -2.0, "crashing": -2.0, "fail": -2.0, "fails": -2.0,
    "failed": -2.0, "failure": -2.0, "fiasco": -3.0, "disaster": -3.0, "nightmare": -2.5,
    "boycott": -2.5, "complaint": -1.5, "complaints": -1.5, "unusable": -2.5, "slow": -1.0,
    "laggy": -1.5, "glitch": -1.5, "overpriced": -2.0, "layoffs": -1.5, "delay": -1.0,
    "delayed": -1.0, "cancelled": -1.0, "scandal": -2.5, "misleading": -2.0, "spam": -1.5,
    # plain negative words
    "bad": -2.0, "worse": -2.0, "worst": -3.0, "awful": -3.0, "terrible": -3.0, "horrible": -3.0,
    "poor": -1.5, "hate": -2.5, "hated": -2.5, "hates": -2.5, "sucks": -2.5, "suck": -2.0,
    "crap": -2.5, "shit": -2.0, "wtf": -1.5, "annoying": -2.0, "annoyed": -2.0, "angry": -2.5,
    "mad": -1.5, "sad": -2.0, "upset": -2.0, "disappointed": -2.5, "disappointing": -2.5,
    "useless": -2.5, "waste": -2.0, "wasted": -2.0, "ugly": -2.0, "stupid": -2.0, "dumb": -1.5,
    "wrong": -1.5, "problem": -1.0, "problems": -1.0, "issue": -0.5, "issues": -0.5,
    "sorry": -0.5, "sick": -1.5, "tired": -1.0, "miss": -0.5, "lost": -1.0, "dead": -2.0,
    "died": -2.0, "kill": -2.0, "killed": -2.5, "war": -2.0, "attack": -2.0, "fear": -2.0,
    "scared": -2.0, "worried": -1.5, "pain": -2.0, "cry": -2.0, "boring": -2.0, "mess": -2.0,
    "fake": -2.0, "lie": -2.0, "lies": -2.0, "liar": -2.5, "shame": -2.0, "unfortunately": -1.5,
    "never": -0.5, "ridiculous": -2.0, "pathetic": -2.5, "rude": -2.0, "dirty": -1.5,
    # positive words
    "good": 1.5, "great": 2.5, "excellent": 3.0, "amazing": 3.0, "awesome": 3.0, "love": 2.5,
    "loved": 2.5, "loves": 2.5, "lovely": 2.5, "like": 1.0, "liked": 1.5, "nice": 2.0,
    "best": 2.5, "better": 1.5, "happy": 2.5, "glad": 2.0, "thanks": 1.5, "thank": 1.5,
    "thx": 1.5, "fantastic": 3.0, "wonderful": 3.0, "brilliant": 3.0, "perfect": 3.0,
    "beautiful": 2.5, "cool": 1.5, "fun": 2.0, "enjoy": 2.0, "enjoyed": 2.0, "win": 2.0,
    "won": 1.5, "winner": 2.0, "congrats": 2.5, "congratulations": 2.5, "recommend": 2.0,
    "recommended": 2.0, "impressive": 2.5, "impressed": 2.5, "fast": 1.0, "reliable": 2.0,
    "helpful": 2.0, "easy": 1.5, "smooth": 1.5, "favorite": 2.0, "favourite": 2.0, "yay": 2.5,
    "wow": 1.5, "excited": 2.5, "exciting": 2.5, "proud": 2.0, "fixed": 1.0, "solved": 1.5,
    "works": 0.5, "worth": 1.0, "kudos": 2.5, "lol": 1.0, "haha": 1.5, "hope": 1.0,
    "fine": 0.5, "interesting": 1.0, "success": 2.0, "successful": 2.0, "blessed": 2.5,
    "lucky": 2.0, "funny": 1.5, "cute": 2.0, "sweet": 2.0, "super": 2.0, "superb": 3.0,
    "outstanding": 3.0, "incredible": 2.5, "masterpiece": 3.0, "delighted": 3.0,
}

FRENCH: dict[str, float] = {
    # trouble a brand team must hear about
    "panne": -2.5, "pannes": -2.5, "arnaque": -3.0, "arnaques": -3.0, "arnaqueur": -3.0,
    "arnaqueurs": -3.0, "escroquerie": -3.0, "escroc": -3.0, "escrocs": -3.0, "fiasco": -3.0,
    "catastrophe": -3.0, "catastrophique": -3.0, "desastre": -3.0, "desastreux": -3.0,
    "scandale": -2.5, "scandaleux": -3.0, "honte": -2.5, "honteux": -3.0, "plainte": -1.5,
    "plaintes": -1.5, "rembourser": -1.0, "remboursement": -1.0, "bug": -1.5, "bugs": -1.5,
    "bugue": -2.0, "plante": -1.0, "plantage": -2.0, "bloque": -1.5, "bloquee": -1.5,
    "inutilisable": -2.5, "lent": -1.0, "lente": -1.0, "lenteur": -1.5, "retard": -1.0,
    "retards": -1.0, "annule": -1.0, "annulee": -1.0, "boycott": -2.5, "boycotter": -2.5,
    "fuite": -1.5, "pirate": -1.5, "piratage": -2.0, "faille": -1.5, "greve": -1.0,
    "licenciements": -1.5, "trompeur": -2.0, "mensonge": -2.0, "mensonges": -2.0,
    "menteur": -2.5, "vol": -1.5, "voleurs": -2.5, "cher": -0.5, "hors": -0.5,
    # plain negative words
    "mauvais": -2.0, "mauvaise": -2.0, "nul": -2.5, "nulle": -2.5, "nuls": -2.5, "pire": -2.5,
    "horrible": -3.0, "affreux": -3.0, "terrible": -1.0, "deteste": -2.5, "detester": -2.5,
    "marre": -2.0, "decu": -2.5, "decue": -2.5, "decevant": -2.5, "decevante": -2.5,
    "deception": -2.5, "colere": -2.5, "enerve": -2.0, "triste": -2.0, "tristesse": -2.0,
    "peur": -2.0, "inquiet": -1.5, "inquietant": -2.0, "inquietude": -1.5, "probleme": -1.0,
    "problemes": -1.0, "grave": -1.5, "danger": -2.0, "dangereux": -2.0, "menace": -2.0,
    "mort": -2.0, "morts": -2.0, "tue": -2.0, "victimes": -2.0, "crise": -1.5, "echec": -2.0,
    "rate": -1.5, "inutile": -2.0, "honteuse": -3.0, "ridicule": -2.0, "stupide": -2.0,
    "debile": -2.5, "merde": -2.5, "chiant": -2.0, "galere": -2.0, "relou": -1.5,
    "degoute": -2.5, "degueulasse": -3.0, "pollution": -1.5, "malheureusement": -1.5,
    "helas": -1.5, "injuste": -2.0, "absurde": -2.0, "pitoyable": -2.5, "lamentable": -3.0,
    "mediocre": -2.0, "insupportable": -2.5, "grr": -1.5, "fake": -2.0, "faux": -1.0,
    "chute": -1.0, "perte": -1.5, "pertes": -1.5, "detruire": -2.0, "destruction": -2.0,
    "catastrophes": -2.5, "rechauffement": -0.5,
    # positive words
    "bon": 1.5, "bonne": 1.5, "bien": 1.0, "super": 2.0, "genial": 3.0, "geniale": 3.0,
    "excellent": 3.0, "excellente": 3.0, "parfait": 3.0, "parfaite": 3.0, "top": 2.0,
    "bravo": 2.5, "felicitations": 2.5, "merci": 1.5, "adore": 2.5, "aime": 1.5, "j'adore": 3.0,
    "magnifique": 3.0, "formidable": 3.0, "incroyable": 2.0, "genialissime": 3.0, "cool": 1.5,
    "sympa": 2.0, "content": 2.0, "contente": 2.0, "heureux": 2.5, "heureuse": 2.5,
    "ravi": 2.5, "ravie": 2.5, "plaisir": 2.0, "beau": 2.0, "belle": 2.0, "joli": 2.0,
    "jolie": 2.0, "efficace": 2.0, "rapide": 1.0, "fiable": 2.0, "pratique": 1.5,
    "recommande": 2.0, "reussi": 2.0, "reussie": 2.0, "reussite": 2.5, "succes": 2.0,
    "victoire": 2.0, "gagne": 1.5, "espoir": 1.5, "espere": 1.0, "enfin": 0.5, "mieux": 1.5,
    "meilleur": 2.0, "meilleure": 2.0, "agreable": 2.0, "interessant": 1.5,
    "interessante": 1.5, "innovant": 2.0, "innovante": 2.0, "progres": 1.5, "solution": 1.0,
    "solutions": 1.0, "soutien": 1.5, "solidarite": 1.5, "protéger": 1.5, "proteger": 1.5,
    "encourageant": 2.0, "positif": 1.5, "positive": 1.5, "chouette": 2.0, "trop bien": 3.0,
    "mdr": 1.0, "ptdr": 1.0, "lol": 1.0, "haha": 1.5, "bienvenue": 1.5, "felicite": 2.0,
    "optimiste": 2.0, "impressionnant": 2.5, "engagement": 0.5, "durable": 0.5,
}

# Words that turn the next words around, up to the end of the clause.
NEGATIONS = frozenset(
    {
        "not", "no", "never", "nothing", "nobody", "none", "nor", "neither", "without", "cannot",
        "cant", "can't", "dont", "don't", "doesn't", "doesnt", "didn't", "didnt", "isn't", "isnt",
        "wasn't", "wasnt", "aren't", "arent", "won't", "wont", "wouldn't", "shouldn't",
        "couldn't", "haven't", "hasn't", "ain't",
        "ne", "n'", "pas", "jamais", "rien", "aucun", "aucune", "sans", "ni", "personne",
    }
)

# Words that make the next sentiment word stronger (> 1) or weaker (< 1).
INTENSIFIERS: dict[str, float] = {
    "very": 1.5, "really": 1.5, "so": 1.3, "too": 1.3, "extremely": 1.8, "totally": 1.5,
    "absolutely": 1.8, "completely": 1.5, "super": 1.5, "incredibly": 1.8, "truly": 1.4,
    "quite": 1.2, "pretty": 1.2, "slightly": 0.6, "somewhat": 0.7, "barely": 0.5,
    "kinda": 0.7, "bit": 0.7,
    "tres": 1.5, "vraiment": 1.5, "trop": 1.5, "tellement": 1.6, "si": 1.2, "hyper": 1.7,
    "archi": 1.7, "ultra": 1.7, "completement": 1.6, "totalement": 1.6, "absolument": 1.8,
    "grave": 1.3, "franchement": 1.3, "carrement": 1.5, "assez": 1.1, "plutot": 0.9,
    "peu": 0.5, "legerement": 0.6,
}

# "but"/"mais": what follows counts more than what came before.
CONTRASTS = frozenset({"but", "however", "mais", "pourtant", "cependant", "toutefois"})

# Phrases whose words would mislead one by one.
PHRASES: dict[str, float] = {
    "pas mal": 1.5, "not bad": 1.5, "pas terrible": -2.0, "no problem": 1.0, "sans probleme": 1.5,
    "sans souci": 1.5, "pas de souci": 1.0, "trop bien": 3.0, "trop cool": 3.0, "trop nul": -3.0,
    "hors service": -2.5, "ne marche pas": -2.5, "ne fonctionne pas": -2.5, "marche pas": -2.5,
    "fonctionne pas": -2.5, "doesn't work": -2.5, "does not work": -2.5, "not working": -2.5,
    "stopped working": -2.5, "waste of money": -3.0, "waste of time": -3.0, "service client": 0.0,
    "customer service": 0.0, "oh great": -1.0, "yeah right": -1.5, "merci pour rien": -2.5,
    "thanks for nothing": -2.5, "a fuir": -3.0, "à fuir": -3.0, "je recommande": 2.5,
    "highly recommend": 3.0, "well done": 2.5, "bien joue": 2.5, "chapeau": 2.0,
}

EMOJI: dict[str, float] = {
    "😀": 2.0, "😃": 2.0, "😄": 2.0, "😁": 2.0, "😆": 2.0, "😂": 1.0, "🤣": 1.0, "😊": 2.0,
    "🙂": 1.0, "😉": 1.0, "😍": 3.0, "🥰": 3.0, "😘": 2.0, "😎": 1.5, "🤩": 3.0, "👍": 2.0,
    "👏": 2.0, "🙌": 2.0, "💪": 1.5, "🎉": 2.5, "🥳": 2.5, "✨": 1.0, "🔥": 1.0, "💯": 2.0,
    "❤": 2.5, "💕": 2.5, "💖": 2.5, "💙": 2.0, "💚": 2.0, "💜": 2.0, "😇": 1.5, "🙏": 1.0,
    "👌": 1.5, "✅": 1.0, "🌞": 1.0, "☺": 2.0, "♥": 2.5,
    "😞": -2.0, "😔": -2.0, "😟": -2.0, "😠": -2.5, "😡": -3.0, "🤬": -3.0, "😢": -2.0,
    "😭": -2.0, "😩": -2.0, "😫": -2.0, "😤": -2.0, "😒": -1.5, "🙄": -1.5, "😕": -1.0,
    "🙁": -1.5, "☹": -2.0, "👎": -2.0, "💩": -2.0, "🤮": -3.0, "🤢": -2.0, "😱": -1.5,
    "💔": -2.5, "😬": -1.0, "🤦": -1.5, "😓": -1.5, "😰": -2.0, "❌": -1.0, "⚠": -1.0,
}

EMOTICONS: dict[str, float] = {
    ":)": 2.0, ":-)": 2.0, ":d": 2.5, ":-d": 2.5, ";)": 1.0, ";-)": 1.0, "=)": 2.0, ":p": 1.0,
    "xd": 1.5, "<3": 2.5, "^^": 1.5, "^_^": 2.0, ":]": 2.0, ":o)": 2.0,
    ":(": -2.0, ":-(": -2.0, ":'(": -2.5, "=(": -2.0, ":/": -1.0, ":-/": -1.0, ":|": -0.5,
    "</3": -2.5, ">:(": -3.0, ":[": -2.0, ":s": -1.0,
}
# fmt: on
