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
    # everyday and tweet French: more trouble and praise (inflections: see tone_features)
    "abominable": -3.0, "aberrant": -2.5, "aberrante": -2.5, "aberration": -2.5, "abus": -2.0,
    "abuse": -1.5, "accident": -1.5, "agace": -2.0, "agacant": -2.0, "agression": -2.5,
    "alarmant": -2.5, "alarmante": -2.5, "amertume": -2.0, "angoisse": -2.5, "angoissant": -2.5,
    "arrogant": -2.0, "arrogance": -2.0, "atroce": -3.0, "attaque": -1.5, "attentat": -3.0,
    "bacle": -2.5, "baclee": -2.5, "bafoue": -2.0, "betise": -2.0, "blesse": -2.0, "blessure": -2.0,
    "bordel": -2.0, "bouffon": -2.0, "bourde": -2.0, "brutal": -2.0, "brutalite": -2.5,
    "cafouillage": -2.0, "calamite": -3.0, "calamiteux": -3.0, "carnage": -3.0, "cata": -2.5,
    "chaos": -2.5, "chelou": -1.0, "choquant": -2.5, "choquante": -2.5, "choque": -2.0,
    "chomage": -1.5, "conne": -2.0, "connerie": -2.5, "conneries": -2.5, "contamine": -2.0,
    "contamination": -2.0, "corrompu": -2.5, "corrompus": -2.5, "corruption": -2.5,
    "coupable": -2.0, "crade": -2.5, "crado": -2.5, "crainte": -1.5, "craint": -1.5,
    "creve": -1.5, "crime": -2.5, "criminel": -2.5, "criminelle": -2.5, "cruel": -2.5,
    "cruelle": -2.5, "cruaute": -2.5, "deces": -2.0, "decevoir": -2.0, "defaillance": -2.0,
    "defaut": -1.5, "defectueux": -2.5, "defectueuse": -2.5, "degat": -2.0, "degats": -2.0,
    "degradation": -2.0, "degueu": -3.0, "degoutant": -3.0, "degoutante": -3.0, "deg": -2.0,
    "deplorable": -2.5, "deplore": -2.0, "deplorer": -2.0, "deprimant": -2.5, "deprime": -2.0,
    "desagreable": -2.0, "desespoir": -2.5, "desespere": -2.5, "desesperant": -2.5,
    "desole": -1.0, "desolee": -1.0, "detresse": -2.5, "detruit": -2.0, "detruite": -2.0,
    "detruisent": -2.0, "deuil": -2.5, "difficile": -1.0, "difficulte": -1.0,
    "disparition": -1.5, "disparaitre": -1.5, "dommage": -1.5, "dramatique": -2.5,
    "drame": -2.5, "echoue": -2.0, "ecoeurant": -3.0, "ecoeure": -2.5, "effrayant": -2.5,
    "effondrement": -2.5, "effondre": -2.0, "emmerde": -2.5, "emmerdes": -2.5,
    "emmerdant": -2.5, "empoisonne": -2.5, "enfer": -2.5, "ennui": -1.5, "ennuyeux": -2.0,
    "ennuyeuse": -2.0, "enrage": -2.5, "erreur": -1.5, "exaspere": -2.5, "exasperant": -2.5,
    "facheux": -2.0, "faillite": -2.5, "faible": -1.0, "faute": -1.5, "flop": -2.5,
    "foireux": -2.5, "foiree": -2.5, "fout": -1.0, "foutent": -1.0, "foutu": -2.0,
    "fraude": -3.0, "frustrant": -2.5, "frustre": -2.0, "frustration": -2.0, "furieux": -2.5,
    "furieuse": -2.5, "gachis": -2.5, "gaspillage": -2.0, "gaspiller": -2.0, "genant": -2.0,
    "genante": -2.0, "gonfle": -1.5, "guerre": -2.0, "haine": -3.0, "hais": -3.0,
    "hair": -3.0, "horreur": -3.0, "hostile": -2.0, "humiliant": -2.5, "hypocrite": -2.5,
    "hypocrisie": -2.5, "idiot": -2.0, "idiote": -2.0, "ignoble": -3.0, "illegal": -2.0,
    "immonde": -3.0, "imposture": -2.5, "inacceptable": -3.0, "inadmissible": -3.0,
    "incapable": -2.5, "incompetent": -2.5, "incompetence": -2.5, "inconscient": -2.0,
    "indifference": -1.5, "indigne": -2.5, "indignation": -2.0, "inefficace": -2.0,
    "insulte": -2.5, "intolerable": -3.0, "irresponsable": -2.5, "laid": -2.0, "laide": -2.0,
    "lache": -2.0, "larmes": -2.0, "mal": -1.5, "malade": -1.5, "maladie": -1.5,
    "malheur": -2.5, "malheureux": -2.0, "malheureuse": -2.0, "manque": -1.0,
    "massacre": -3.0, "mecontent": -2.5, "mecontente": -2.5, "mecontentement": -2.5,
    "mechant": -2.0, "mechante": -2.0, "mensonger": -2.0, "mepris": -2.5, "meprisant": -2.5,
    "merdique": -3.0, "miserable": -2.5, "misere": -2.5, "moche": -2.0, "mourir": -2.0,
    "naze": -2.5, "nase": -2.5, "negatif": -1.5, "negative": -1.5, "neglige": -1.5,
    "nocif": -2.0, "nocive": -2.0, "nuisance": -2.0, "nuisible": -2.0, "nullissime": -3.0,
    "odieux": -3.0, "odieuse": -3.0, "pagaille": -2.0, "panique": -2.0, "penible": -2.0,
    "penurie": -2.0, "perdu": -1.5, "perdue": -1.5, "piege": -1.5, "pleurer": -2.0,
    "pleure": -2.0, "poison": -2.0, "polemique": -1.0, "pollue": -2.0, "polluee": -2.0,
    "pollueur": -2.0, "pourri": -2.5, "pourrie": -2.5, "pourave": -2.5, "precarite": -2.0,
    "puant": -2.5, "rage": -2.5, "recul": -1.5, "regrette": -1.5, "reproche": -1.5,
    "revoltant": -3.0, "revoltante": -3.0, "revolte": -2.0, "ruine": -2.5, "sabotage": -2.5,
    "saccage": -2.5, "sale": -2.0, "saloperie": -3.0, "salaud": -3.0, "saoule": -2.0,
    "souffrance": -2.5, "souffrir": -2.0, "stress": -1.5, "stressant": -2.0, "suicide": -3.0,
    "tragedie": -3.0, "tragique": -3.0, "trahison": -3.0, "trahi": -2.5, "triche": -2.0,
    "tricherie": -2.5, "tromper": -2.0, "trompe": -2.0, "toxique": -2.0, "venere": -2.0,
    "vener": -2.0, "victime": -2.0, "vilain": -2.0, "violence": -2.5, "violent": -2.0,
    "violente": -2.0, "vomir": -3.0, "vulgaire": -2.0, "abandonne": -1.5, "risque": -1.0,
    "inquiete": -1.5, "inquietante": -2.0, "attente": -0.5, "cauchemar": -3.0,
    "galerer": -2.0, "bidon": -2.0, "foutaise": -2.5, "foutaises": -2.5, "blabla": -1.5,
    "bof": -1.5, "mouais": -1.0, "pff": -1.5, "beurk": -2.5, "berk": -2.5, "argh": -1.5,
    "raslebol": -2.5, "ras-le-bol": -2.5, "zero": -1.0, "facepalm": -2.0, "snif": -2.0,
    "ouin": -1.5, "rip": -1.5, "rale": -1.5, "raler": -1.5, "honteusement": -2.5,
    "inadmissibles": -3.0, "menacent": -1.5, "menacer": -1.5, "tuer": -2.0, "tuent": -2.0,
    # everyday positive words
    "admirable": 2.5, "admire": 2.0, "adorable": 2.5, "adorer": 2.5, "adorent": 2.5,
    "aimer": 1.5, "aiment": 1.5, "aimable": 2.0, "ameliorer": 1.5, "amelioration": 1.5,
    "amour": 2.5, "apprecie": 2.0, "apprecier": 2.0, "astucieux": 2.0, "astucieuse": 2.0,
    "avantage": 1.0, "beaute": 2.0, "benefique": 2.0, "bienfait": 2.0, "bienveillant": 2.0,
    "bonheur": 3.0, "brillant": 2.5, "brillante": 2.5, "chaleureux": 2.5, "champion": 2.0,
    "charmant": 2.5, "charmante": 2.5, "competent": 2.0, "confiance": 1.5, "confortable": 2.0,
    "courage": 2.0, "courageux": 2.0, "delicieux": 3.0, "delicieuse": 3.0, "dynamique": 1.5,
    "efficacite": 2.0, "elegant": 2.0, "elegante": 2.0, "emerveille": 3.0, "encourager": 1.5,
    "encourage": 1.5, "enchante": 2.5, "enthousiasme": 2.5, "enthousiaste": 2.5,
    "epatant": 2.5, "excellence": 2.5, "exceptionnel": 2.5, "exceptionnelle": 2.5,
    "extraordinaire": 2.5, "facile": 1.5, "fantastique": 3.0, "favorable": 2.0, "fete": 1.5,
    "feter": 1.5, "fier": 2.0, "fiere": 2.0, "fierte": 2.5, "gagnant": 2.0, "gagnante": 2.0,
    "gagner": 1.5, "genereux": 2.5, "genereuse": 2.5, "generosite": 2.5, "gentil": 2.0,
    "gentille": 2.0, "grandiose": 3.0, "gratitude": 2.5, "hate": 1.5, "honneur": 2.0,
    "ideal": 2.0, "ideale": 2.0, "ingenieux": 2.5, "inspirant": 2.5, "joie": 3.0,
    "joyeux": 3.0, "joyeuse": 3.0, "marrant": 1.5, "marrante": 1.5, "merveille": 3.0,
    "merveilleux": 3.0, "merveilleuse": 3.0, "motive": 1.5, "passion": 2.0,
    "passionnant": 2.5, "passionnante": 2.5, "passionne": 2.0, "paix": 2.0, "plait": 1.5,
    "precieux": 2.0, "prometteur": 2.5, "prometteuse": 2.5, "prospere": 2.0, "qualite": 1.5,
    "rassurant": 2.0, "rassure": 2.0, "recompense": 2.0, "remarquable": 2.5,
    "remercie": 2.0, "remercier": 2.0, "remerciements": 2.0, "respect": 1.5, "reussir": 2.0,
    "rigolo": 1.5, "rire": 1.5, "sain": 1.5, "saine": 1.5, "satisfait": 2.5,
    "satisfaite": 2.5, "satisfaction": 2.5, "sauver": 1.5, "soulagement": 2.0,
    "soulage": 2.0, "soutenir": 1.5, "soutient": 1.5, "splendide": 3.0, "stimulant": 2.0,
    "sublime": 3.0, "superbe": 3.0, "sympathique": 2.0, "talent": 2.0, "talentueux": 2.5,
    "talentueuse": 2.5, "utile": 1.5, "vainqueur": 2.0, "vive": 1.5, "bienvenu": 1.5,
    "felicitation": 2.5, "bisous": 2.0, "bisou": 2.0, "kiffe": 2.5, "kiff": 2.5,
    "kiffer": 2.5, "ouf": 1.5, "magique": 2.5, "topissime": 3.0, "extra": 2.0,
    "nickel": 2.5, "impec": 2.5, "impeccable": 2.5, "parfaitement": 2.0, "youpi": 2.5,
    "yes": 1.5, "waouh": 2.0, "wahou": 2.0, "wow": 2.0, "cimer": 1.5, "mdrr": 1.0,
    "hahaha": 1.5, "ahah": 1.5, "ahahah": 1.5, "hihi": 1.5, "classe": 1.0,
    "agreablement": 2.0, "avance": 0.5, "propre": 1.0, "progresse": 1.0, "benefices": 1.0,
    "gratuit": 1.0, "innovation": 1.5, "innover": 1.5, "creatif": 1.5, "creative": 1.5,
    "inspire": 1.5, "espoirs": 1.5, "esperons": 1.0, "souriant": 2.0, "sourire": 2.0,
    "heureusement": 1.5, "sauve": 1.5, "genie": 2.0, "chance": 1.5, "cadeau": 1.5,
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

# French only, added to the list above (English text keeps it as it is): "vachement bien".
FRENCH_INTENSIFIERS: dict[str, float] = {
    "vachement": 1.5, "extremement": 1.8, "particulierement": 1.3, "incroyablement": 1.8,
    "terriblement": 1.6, "enormement": 1.6, "beaucoup": 1.2, "fortement": 1.4,
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
# French only: phrases of everyday and tweet French whose words would mislead one by one.
FRENCH_PHRASES: dict[str, float] = {
    "n' importe quoi": -2.5, "pas top": -2.0, "ras le bol": -2.5, "ca craint": -2.0,
    "trop top": 3.0, "au top": 2.5, "du lourd": 2.0, "que du bonheur": 3.0,
    "mort de rire": 1.5, "morte de rire": 1.5, "nulle part": 0.0, "tant mieux": 2.0,
    "tant pis": -1.0, "bon courage": 1.5, "bonne chance": 1.5, "bonne nouvelle": 2.5,
    "mauvaise nouvelle": -2.5, "quelle honte": -3.0, "quel dommage": -2.0,
    "merci beaucoup": 2.5, "bien sur": 0.0, "bien que": 0.0, "bien entendu": 0.0,
    "pas mal de": 0.0, "bon marche": 0.5, "hors de prix": -2.0, "trop cher": -2.0,
    "se moque": -1.5, "se moquent": -1.5, "foutage de gueule": -3.0, "pas de bol": -1.5,
    "pas de chance": -1.5, "en panne": -2.5, "rien ne va": -2.0,
    "pas grave": 0.5, "ca marche": 1.0, "bonne idee": 2.0, "mauvaise idee": -2.0,
    "pas la peine": -0.5, "a quoi bon": -1.5, "coup de coeur": 2.5, "chapeau bas": 2.5,
}
# fmt: on
