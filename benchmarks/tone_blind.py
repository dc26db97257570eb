"""A blind check of the tone engine on irony, company news, bad news and contrast.

Sentences written for this check alone, without looking at the tone rules nor at the sentences
they were tuned on, so they are unseen by construction. Four kinds, French and English, 20 each:
  - irony       praise or thanks wrapped around a trouble: a complaint (negative)
  - news        a company announcing, opening, changing or reporting, no good or bad words (neutral)
  - bad news    recall, fine, lawsuit, layoffs, data breach, strike (negative)
  - contrast    after but / however / mais / cependant / pourtant the second clause decides
                (ten ending positive, ten ending negative)
and a control group per language that uses none of these turns (10 sincere praises, some with
thanks or "bravo", and 10 plain complaints), to catch rules that fire where they should not.

The texts are analyzed as the bot reads a mention: no declared language, the default thresholds.
Prints, per kind and language, how many are read right, the overall figure, and every miss.

Run: .venv/bin/python -m benchmarks.tone_blind
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from veille.config import ToneConfig
from veille.tone.checker import analyzer_for


class Case(NamedTuple):
    kind: str
    language: str
    expected: str
    text: str


IRONY_EN = (
    "Great job Delta, lost my suitcase on a direct flight. Impressive.",
    "Thanks Comcast for the third outage this week, love working offline",
    "Love how Spotify logs me out every single morning now. Fantastic update.",
    "Brilliant, my Samsung fridge stopped cooling two weeks after the warranty ended 👏",
    "Amazing customer service from Verizon: 2 hours on hold and then they hung up",
    "Oh wonderful, Uber charged me twice for the same ride. Thanks a lot.",
    "Nice one Amazon, the package marked delivered is nowhere to be found",
    "So grateful to United for the 5 hour delay and the cold sandwich voucher",
    "Perfect timing Microsoft, a forced update right in the middle of my presentation",
    "Cheers Vodafone, no signal in the city centre again. Truly world class.",
    "Thank you Netflix for raising the price again while removing half the shows I watch",
    "Fantastic, my new iPhone screen cracked falling off the couch. Such quality, Apple.",
    "Well done DHL, my parcel went to Belgium and back before reaching me a week late",
    "Just love paying Adobe every month for software that crashes on launch",
    "What a treat, McDonald's forgot the burger in my burger order again",
    "Wow, British Airways cancelled my flight by text at 3am. Superb communication.",
    "Huge thanks to PayPal for freezing my account right before payday 🙏",
    "Awesome, the Dell laptop I bought last month already won't turn on",
    "Bravo Lufthansa, 40 minutes on the tarmac and nobody tells us anything",
    "Really appreciate Hertz charging me for a scratch that was already there",
)

IRONY_FR = (
    "Merci la SNCF pour ce train supprimé sans prévenir, j'adore attendre sur le quai",
    "Bravo Orange, quatrième coupure de la fibre ce mois-ci 👏",
    "Génial, Amazon a livré mon colis chez un voisin que je ne connais pas",
    "Super le service client de SFR : une heure d'attente pour qu'on me raccroche au nez",
    "Trop bien, Deliveroo m'apporte une pizza froide avec quarante minutes de retard",
    "Chapeau EDF, une facture trois fois plus élevée sans aucune explication",
    "Quel plaisir de passer ma soirée en attente avec la hotline Sosh, vraiment",
    "Merci beaucoup Air France pour la valise perdue, c’est toujours un plaisir",
    "Félicitations à Darty : trois semaines pour remplacer un lave-linge en panne",
    "J'adore quand l'appli Doctolib plante au moment de valider le rendez-vous",
    "Magnifique, Leroy Merlin m'a livré une porte cassée, quel professionnalisme",
    "Top Uber Eats, commande annulée après une heure d'attente, merci pour le dîner",
    "Ah merci Canal+, encore une hausse du prix de l’abonnement, c’est trop gentil",
    "Excellent travail la RATP, ligne 13 bloquée une fois de plus à l'heure de pointe",
    "Bravo Cdiscount, remboursé en bon d'achat au lieu de mon argent, du grand art",
    "Génial, mon Xiaomi neuf redémarre tout seul depuis la mise à jour",
    "Vraiment merci La Poste, mon recommandé s'est perdu entre deux villes voisines",
    "Super idée de Netflix : payer plus cher pour partager son compte avec sa propre famille",
    "Merci Ikea pour les trois vis manquantes, mon armoire restera en kit ce week-end",
    "Formidable, Carrefour Drive a encore oublié la moitié de ma commande",
)

NEWS_EN = (
    "Nike to open its largest European store in Milan next spring",
    "Siemens announces a new chief executive officer, effective January 1",
    "Heineken reports third-quarter revenue of 9.1 billion euros",
    "IKEA will change the packaging of its meatballs from next month",
    "Spotify is moving its London office to King's Cross",
    "Volkswagen unveils the new Golf at the Munich motor show",
    "Coca-Cola announces a partnership with a Brazilian bottling company",
    "Unilever to publish its annual results on February 10",
    "Airbus delivered 63 aircraft in October, the company said on Tuesday",
    "Lidl is opening 12 stores in the Netherlands this year",
    "Google updates its privacy policy for users in the European Union",
    "Shell appoints a new head of its trading division",
    "Uniqlo launches a collection with a Japanese designer this autumn",
    "Salesforce will hold its annual conference in San Francisco in September",
    "Philips is renaming its consumer health unit",
    "Toyota plans to build a battery factory in North Carolina",
    "Zara changes its return policy for online orders starting in April",
    "Netflix will report earnings after the market closes on Thursday",
    "BMW names a new head of design for its electric models",
    "Decathlon is testing self-checkout kiosks in five UK stores",
)

NEWS_FR = (
    "Renault annonce l'ouverture d'une usine à Douai en 2027",
    "Danone nomme une nouvelle directrice financière",
    "La Fnac ouvrira un magasin à Bordeaux en septembre",
    "L'Oréal publie son chiffre d'affaires du troisième trimestre jeudi",
    "Michelin va regrouper ses équipes de recherche sur un seul site",
    "La SNCF modifie les horaires des TGV entre Paris et Lyon à partir de décembre",
    "Decathlon lance une nouvelle gamme de vélos électriques",
    "Orange change le nom de sa filiale en Belgique",
    "Carrefour teste le paiement sans caisse dans deux magasins parisiens",
    "Airbus a livré 58 avions en novembre, selon un communiqué",
    "TotalEnergies tiendra son assemblée générale le 24 mai",
    "Leclerc va installer des bornes de recharge sur ses parkings",
    "Air France reprend ses vols vers Montréal au printemps",
    "Peugeot présente la nouvelle 3008 au salon de Genève",
    "La Poste modifie le tarif du timbre vert au 1er janvier",
    "Ubisoft dévoilera son prochain jeu lors d’une conférence en juin",
    "BNP Paribas rachète une société de gestion d'actifs allemande",
    "Blablacar s'associe à une compagnie de bus espagnole",
    "Picard ouvre son premier magasin en Belgique",
    "Le groupe Accor change la carte de fidélité de ses hôtels dès le mois de mars",
)

BAD_NEWS_EN = (
    "Ford recalls 250,000 SUVs over faulty brake lines",
    "Meta fined 390 million euros by Irish data regulator",
    "Intel to cut 15,000 jobs as sales slump",
    "Hackers stole the personal data of 9 million EasyJet customers",
    "Amazon warehouse workers go on strike in Coventry",
    "Johnson & Johnson faces thousands of lawsuits over talc powder",
    "Starbucks sued by customers over fruitless fruit drinks",
    "Marriott discloses data breach affecting guest reservation database",
    "Nestlé pulls baby formula from shelves after contamination fears",
    "Boeing pleads guilty to fraud charge",
    "Google ordered to pay $2.4 billion antitrust fine",
    "Twitter lays off half of its staff",
    "Pilots at KLM announce a 48-hour walkout",
    "Hyundai recalls 90,000 cars due to fire risk",
    "Uber drivers file class action over unpaid wages",
    "T-Mobile hit by cyberattack exposing customer records",
    "Peloton shuts down stores and cuts 2,800 jobs",
    "Volkswagen to pay $1.2 billion to settle emissions claims",
    "Dyson axes 1,000 jobs in the UK",
    "Kellogg workers strike at four cereal plants",
)

BAD_NEWS_FR = (
    "Lactalis rappelle des lots de lait infantile contaminés par des salmonelles",
    "La CNIL inflige une amende de 40 millions d'euros à Criteo",
    "Auchan va supprimer 2 400 postes en France",
    "Fuite de données chez SFR : les coordonnées bancaires de clients dérobées",
    "Grève à la SNCF : un TGV sur deux annulé ce week-end",
    "Buitoni rappelle des pizzas surgelées après des cas d'intoxication",
    "Engie condamné à verser 3 millions d'euros à d'anciens salariés",
    "Plainte collective contre Orange après la panne des numéros d'urgence",
    "Les contrôleurs aériens en grève, Air France annule des centaines de vols",
    "Casino annonce un plan social touchant 3 000 salariés",
    "Cyberattaque chez Boulanger : les données de clients en vente sur internet",
    "Stellantis rappelle 300 000 Citroën C3 pour un défaut d'airbag",
    "L'Autorité de la concurrence sanctionne Apple d'une amende de 150 millions d'euros",
    "Michelin ferme deux usines et licencie 1 200 personnes",
    "Uber poursuivi en justice par des chauffeurs français",
    "Grève chez Total : des stations-service à sec dans le Nord",
    "Carrefour mis en examen pour pratiques commerciales trompeuses",
    "Leroy Merlin visé par une enquête après le piratage de son fichier clients",
    "Ubisoft licencie 185 employés en Europe",
    "Danone retire des yaourts de la vente après des plaintes pour goût anormal",
)

CONTRAST_POSITIVE_EN = (
    "Delivery from ASOS took ages, but the jeans fit perfectly and feel great",
    "The Hilton lobby looked dated, but our room was spotless and the staff were lovely",
    "I was sceptical about switching to Revolut, but the app is fast and really easy to use",
    "My Lyft driver was late, however he was super friendly and got me there safely",
    "Setting up the Sonos speaker was a pain, but the sound is absolutely fantastic",
    "The queue at the Apple Store was awful, but the Genius fixed my phone for free",
    "HelloFresh boxes are pricey, but the recipes are delicious and my kids love them",
    "The Airbnb was hard to find, however the host was wonderful and the view was stunning",
    "Booking.com's site is cluttered, but I got a great deal and check-in was smooth",
    "My Garmin strap broke after a week, but they sent a replacement right away and it's perfect",
)

CONTRAST_NEGATIVE_EN = (
    "The new Kia looks gorgeous, but the infotainment system freezes constantly",
    "I love the coffee at Costa, but the service in this branch is painfully slow",
    "Great price on the Lenovo laptop, but the battery barely lasts two hours",
    "The Marriott pool was lovely, however the room smelled of smoke and the wifi never worked",
    "Duolingo is fun at first, but the constant notifications are unbearable",
    "Nice design on the new Fitbit, but it keeps losing sync and support ignores me",
    "The food at Nando's was tasty, however we waited an hour and the order was wrong",
    "Zoom works fine most days, but today it dropped every single call",
    "The H&M jacket looked great online, but it fell apart after two washes",
    "Friendly staff at Walmart, but the self-checkout kept failing and nobody came to help",
)

CONTRAST_POSITIVE_FR = (
    "La livraison Cdiscount a pris du retard, mais le canapé est superbe et très confortable",
    "L'accueil était froid, pourtant le repas chez Hippopotamus était délicieux",
    "J'avais peur de passer chez Boursorama, mais l'ouverture du compte a été simple et rapide",
    "Le magasin Decathlon était bondé, cependant le vendeur a pris le temps de bien me conseiller",
    "Le montage du meuble Ikea est long, mais le résultat est magnifique",
    "Mon vol Transavia est parti en retard, pourtant l’équipage était adorable et attentionné",
    "L'appli Lydia a planté hier, mais le support a réglé le problème en cinq minutes",
    "Le prix de la box est élevé, cependant la connexion Orange est excellente et stable",
    "Le colis Vinted est arrivé abîmé, mais le vendeur m'a remboursé immédiatement, très correct",
    "La file d'attente chez Pathé était interminable, mais la salle rénovée est vraiment top",
)

CONTRAST_NEGATIVE_FR = (
    "La nouvelle Clio est jolie, mais la boîte automatique est une catastrophe",
    "J'aime beaucoup les produits Yves Rocher, mais la livraison a encore échoué",
    "Les conseillers du Crédit Agricole sont gentils, cependant personne ne répond jamais au téléphone",
    "Le burger de chez Burger King était bon, pourtant on a attendu quarante minutes dans une salle vide",
    "L'abonnement Deezer est pratique, mais l'application vide ma batterie en une heure",
    "Bel hôtel Ibis, mais la chambre était sale et le chauffage en panne",
    "Les prix chez Lidl sont intéressants, cependant les rayons sont toujours vides le samedi",
    "Le TGV est rapide, mais la climatisation ne marchait pas et le wifi non plus",
    "Le téléphone Xiaomi est puissant, pourtant l’écran s’est rayé au bout d’une semaine",
    "Très bon accueil chez Norauto, mais la réparation a coûté le double du devis",
)

SINCERE_POSITIVE_EN = (
    "Thanks Decathlon for the quick refund, really helpful team",
    "Huge thanks to the Southwest crew who found my daughter's lost teddy bear",
    "Just tried the new Samsung Galaxy camera and the night photos are stunning",
    "Shoutout to Chase support, they fixed my card issue in ten minutes",
    "The Patagonia jacket kept me warm and dry all week in Scotland. Worth every penny.",
    "Best pizza in town at Domino's on Main Street, always hot and on time",
    "Really impressed with how smoothly my Etsy order arrived, beautifully packed",
    "Great job Hyatt, the staff made our anniversary weekend unforgettable",
    "Love my new Kindle, the screen is so easy on the eyes",
    "Thank you Trader Joe's for always having such friendly cashiers",
)

SINCERE_NEGATIVE_EN = (
    "Hotel room at the Holiday Inn was filthy and the AC was broken",
    "My Xfinity internet has been down since Monday and nobody answers",
    "Terrible experience with Expedia, they refuse to refund a cancelled flight",
    "The Samsonite suitcase handle snapped on its first trip, very disappointed",
    "Waited 50 minutes at Chipotle and they still got my order wrong",
    "Ubisoft's new game is full of bugs and keeps crashing on my PC",
    "Avoid Wish, the charger I received overheated and smells like burnt plastic",
    "Still no refund from Airbnb after three weeks of emails, I'm furious",
    "My HP printer refuses to print without their overpriced ink, what a scam",
    "The Tesco delivery driver left my groceries in the rain, half of it is ruined",
)

SINCERE_POSITIVE_FR = (
    "Merci Boulanger, le technicien a réparé ma machine à laver en une heure",
    "Un grand merci à l'équipe Back Market, mon téléphone reconditionné est comme neuf",
    "Très belle expérience chez Nature & Découvertes, vendeuse souriante et de bon conseil",
    "Le service client de la Macif a été rapide et vraiment à l'écoute après mon accident",
    "Je recommande Blablacar, trajet agréable et conducteur très sympa",
    "Les croissants de chez Paul sont toujours aussi bons, un régal",
    "Bravo à Sézane pour la qualité de ce pull, il est magnifique",
    "Merci Doctolib, j’ai trouvé un rendez-vous chez le dentiste pour demain matin",
    "Livraison Zalando reçue en 24 heures, emballage impeccable, parfait",
    "Super séjour au Club Med, personnel aux petits soins et cuisine excellente",
)

SINCERE_NEGATIVE_FR = (
    "Ma box SFR ne fonctionne plus depuis cinq jours et le service client ne répond pas",
    "Commande Fnac jamais reçue, remboursement refusé, je suis furieux",
    "Chambre sale et bruyante à l'hôtel Campanile, à éviter",
    "Le lave-vaisselle Whirlpool est tombé en panne au bout de trois mois",
    "Deux heures de queue chez Primark pour une cabine d'essayage, insupportable",
    "L'application Ameli plante à chaque connexion, c'est pénible",
    "Mon TER SNCF a encore été supprimé ce matin, j'en ai marre",
    "Le nouveau forfait Bouygues coûte plus cher pour moins de données, scandaleux",
    "Livreur Chronopost qui laisse un avis de passage sans même sonner, lamentable",
    "Les frites de McDonald's étaient froides et le coca sans bulles, décevant",
)

KINDS = ("irony", "news", "bad news", "contrast")
CONTROL = "control"


def cases() -> list[Case]:
    groups: list[tuple[str, str, str, tuple[str, ...]]] = [
        ("irony", "en", "negative", IRONY_EN),
        ("irony", "fr", "negative", IRONY_FR),
        ("news", "en", "neutral", NEWS_EN),
        ("news", "fr", "neutral", NEWS_FR),
        ("bad news", "en", "negative", BAD_NEWS_EN),
        ("bad news", "fr", "negative", BAD_NEWS_FR),
        ("contrast", "en", "positive", CONTRAST_POSITIVE_EN),
        ("contrast", "en", "negative", CONTRAST_NEGATIVE_EN),
        ("contrast", "fr", "positive", CONTRAST_POSITIVE_FR),
        ("contrast", "fr", "negative", CONTRAST_NEGATIVE_FR),
        (CONTROL, "en", "positive", SINCERE_POSITIVE_EN),
        (CONTROL, "en", "negative", SINCERE_NEGATIVE_EN),
        (CONTROL, "fr", "positive", SINCERE_POSITIVE_FR),
        (CONTROL, "fr", "negative", SINCERE_NEGATIVE_FR),
    ]
    return [Case(kind, lang, expected, text) for kind, lang, expected, texts in groups for text in texts]


def share(right: int, total: int) -> str:
    return f"{right:>3}/{total:<3} {100 * right / total:5.1f}%" if total else "  -"


def main() -> None:
    analyzer = analyzer_for(ToneConfig())
    right: dict[tuple[str, str, str], int] = defaultdict(int)
    total: dict[tuple[str, str, str], int] = defaultdict(int)
    misses: list[tuple[Case, str]] = []
    wrong_language = 0
    for case in cases():
        tone = analyzer.analyze(case.text)
        key = (case.kind, case.language, case.expected)
        total[key] += 1
        if tone.language != case.language:
            wrong_language += 1
        if tone.label == case.expected:
            right[key] += 1
        else:
            score = "-" if tone.score is None else f"{tone.score:+.3f}"
            misses.append((case, f"{tone.label} ({score}, {tone.language})"))

    def tally(kind: str | None = None, lang: str | None = None, expected: str | None = None) -> str:
        keys = [
            key
            for key in total
            if (kind is None or key[0] == kind)
            and (lang is None or key[1] == lang)
            and (expected is None or key[2] == expected)
            and (kind is not None or key[0] != CONTROL)
        ]
        return share(sum(right[key] for key in keys), sum(total[key] for key in keys))

    print(f"{'kind':<22}{'en':<16}{'fr':<16}{'both':<16}")
    for kind in KINDS:
        print(f"{kind:<22}{tally(kind, 'en'):<16}{tally(kind, 'fr'):<16}{tally(kind):<16}")
    for expected in ("positive", "negative"):
        label = f"  contrast → {expected[:3]}"
        row = [tally("contrast", lang, expected) for lang in ("en", "fr", None)]
        print(f"{label:<22}{row[0]:<16}{row[1]:<16}{row[2]:<16}")
    print(f"{'overall (4 kinds)':<22}{tally(lang='en'):<16}{tally(lang='fr'):<16}{tally():<16}")
    print()
    for expected, name in (("positive", "sincere praise"), ("negative", "plain complaint")):
        row = [tally(CONTROL, lang, expected) for lang in ("en", "fr", None)]
        print(f"{'control ' + name:<22}{row[0]:<16}{row[1]:<16}{row[2]:<16}")
    print(f"{'control (all)':<22}{tally(CONTROL, 'en'):<16}{tally(CONTROL, 'fr'):<16}{tally(CONTROL):<16}")
    print(f"\nlanguage detected wrongly: {wrong_language}/{sum(total.values())}")
    print(f"\nmisses ({len(misses)}):")
    for case, got in misses:
        print(f"  [{case.kind}, {case.language}, expected {case.expected}] {case.text}\n      → {got}")


if __name__ == "__main__":
    main()
