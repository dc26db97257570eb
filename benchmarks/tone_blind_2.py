"""A second blind check of the tone engine on irony, company news, bad news and contrast.

The sentences below were written without looking at the engine, its tests or the
first blind benchmark, in a different style (informal, varied sectors, emoji,
questions). Run: ``.venv/bin/python -m benchmarks.tone_blind_2``.
"""

from __future__ import annotations

from collections.abc import Callable

from veille.config import ToneConfig
from veille.model import Tone
from veille.tone.checker import analyzer_for

POS = "positive"
NEU = "neutral"
NEG = "negative"

Case = tuple[str, str]

IRONY_EN: list[Case] = [
    ("Love that @Vodafone drops my calls every time I step into the kitchen 🙃", NEG),
    ("10/10 would recommend Lufthansa if you enjoy sleeping on airport floors", NEG),
    ("Outstanding work, Barclays, locking my card while I'm abroad with zero warning 👏", NEG),
    ("Nothing says customer first like Comcast putting you on hold for 90 minutes", NEG),
    ("Best day ever: Delta lost my suitcase AND my connecting flight #blessed", NEG),
    ("Stellar update, Microsoft. My laptop now reboots every twenty minutes", NEG),
    ("Truly world-class service from Walmart, the cashier left and never came back", NEG),
    ("Oh how I adore paying EDF twice for the same bill this month 😍", NEG),
    ("Five stars to Verizon for an internet connection that dies every evening at 8", NEG),
    ("Loving the new Windows update, you can't even open the start menu anymore #winning", NEG),
    ("Impressive, British Gas: three engineers booked, zero showed up", NEG),
    ("Can't beat Tesco delivery, half my order missing and the eggs smashed 🥚", NEG),
    ("So glad I switched to T-Mobile, now I get signal nowhere in my own house", NEG),
    ("What a treat, McDonald's got my order wrong for the fourth time this week", NEG),
    ("Absolutely brilliant, easyJet charged me 55 quid to print a boarding pass", NEG),
    ("Nice one Uber, a 40 minute wait and then the driver cancels 👍", NEG),
    ("Top notch security, Equifax, my details are apparently on the dark web now", NEG),
    (
        "Incredible customer care from Amazon, the chatbot just keeps sending me the same FAQ link",
        NEG,
    ),
    ("You really outdid yourselves, Southern Rail. Cancelled, again, in the rain", NEG),
    ("Really appreciate Netflix raising my price again while removing every show I watch 🙏", NEG),
]

IRONY_FR: list[Case] = [
    ("Chapeau bas la SNCF, 2h de retard et pas une seule annonce 🎩", NEG),
    ("Quel service impeccable chez Orange, trois semaines sans fibre et personne au téléphone", NEG),
    ("Vraiment au top la Société Générale, ma carte bloquée en plein voyage sans prévenir", NEG),
    ("Le summum du service client : Air France m'a raccroché au nez deux fois", NEG),
    ("Champion du monde SFR, quatrième coupure de la semaine 🏆", NEG),
    ("Franchement, BNP, quel plaisir de payer 8 € de frais pour un virement en retard", NEG),
    ("Sérieux, Darty, quelle efficacité : livraison annulée la veille, aucun nouveau créneau", NEG),
    ("Ah j'adore Free Mobile, zéro réseau dans tout Paris ce matin 😍", NEG),
    ("Trop fort EDF, une facture de 900 € pour un studio de 20 m² 👏", NEG),
    ("Magnifique, Ouigo a encore supprimé mon train sans explication", NEG),
    (
        "Tu veux une expérience inoubliable ? Prends un vol Transavia : bagage perdu, escale ratée",
        NEG,
    ),
    ("La Poste, toujours aussi fiable : mon colis « livré » alors que je n'ai rien reçu 🙃", NEG),
    (
        "Quelle joie de passer ma matinée en attente chez Engie, bref, musique d'attente en boucle",
        NEG,
    ),
    ("Incroyable Carrefour, trois caisses ouvertes un samedi à 18h, un régal", NEG),
    ("Bel exploit de Renault, ma voiture neuve est au garage pour la troisième fois", NEG),
    (
        "Merveilleux, la mise à jour de l'appli Boursorama m'empêche de me connecter depuis hier",
        NEG,
    ),
    ("Service 5 étoiles chez Uber Eats : commande froide et livrée avec une heure de retard", NEG),
    ("Quelle belle surprise, Canal+ augmente encore mon abonnement sans prévenir", NEG),
    ("Vraiment aux petits soins la CAF, six semaines pour traiter un simple dossier 👍", NEG),
    ("Le top du top, McDo : il manquait la moitié de ma commande, comme d'hab", NEG),
]

NEWS_EN: list[Case] = [
    ("Barclays names Sarah Collins as its new chief financial officer", NEU),
    ("Vodafone will move its UK headquarters from Newbury to London in 2027", NEU),
    ("Delta Air Lines to add a daily route between Atlanta and Lisbon from June", NEU),
    ("Shell publishes its third-quarter results on Thursday morning", NEU),
    ("Nestlé acquires a majority stake in a Brazilian coffee producer", NEU),
    ("Lidl is opening 30 stores in Scotland over the next two years", NEU),
    (
        "Salesforce announces its annual developer conference will take place in San Francisco in October",
        NEU,
    ),
    ("Toyota unveils a hybrid version of the Corolla for the European market", NEU),
    ("The IRS is updating its online filing portal ahead of the tax season", NEU),
    ("Spotify introduces a new family plan in twelve countries", NEU),
    ("Heineken appoints a new regional director for Africa", NEU),
    ("BP and Equinor sign an agreement to build an offshore wind farm off New York", NEU),
    ("Did you see? IKEA is launching a furniture rental service in Germany next month", NEU),
    ("Apple will hold its next product event on September 9, according to invitations", NEU),
    ("Ford is relocating part of its engineering team to Cologne", NEU),
    ("Deutsche Telekom reports second-quarter revenue of 28 billion euros", NEU),
    ("Amazon is rolling out drone deliveries in two more US cities this autumn", NEU),
    ("HSBC confirms it will merge its retail and wealth divisions next year", NEU),
    ("Kraft Heinz is changing the packaging of its ketchup bottles starting in April", NEU),
    ("The NHS is launching a new app for booking GP appointments in England", NEU),
]

NEWS_FR: list[Case] = [
    ("Crédit Agricole nomme un nouveau directeur général délégué", NEU),
    ("Orange va déménager son siège à Issy-les-Moulineaux d'ici 2026", NEU),
    ("Air France ouvrira une ligne Paris–Bogota à partir de l'été prochain", NEU),
    ("TotalEnergies publie ses résultats trimestriels jeudi avant l'ouverture de la Bourse", NEU),
    ("Danone rachète une start-up spécialisée dans les boissons végétales", NEU),
    ("Decathlon ouvre un magasin de 3 000 m² à Lille en septembre", NEU),
    ("Dassault Systèmes présente la nouvelle version de son logiciel de conception 3D", NEU),
    ("Peugeot lance une version électrique de la 308 au printemps", NEU),
    (
        "La CAF modifie son site internet pour les demandes d'aide au logement à partir de lundi",
        NEU,
    ),
    ("Vous avez vu ? Leclerc teste la livraison à domicile dans trois départements", NEU),
    ("La SNCF annonce ses horaires d'hiver, applicables dès le 14 décembre", NEU),
    ("Free présente sa nouvelle box ce mardi lors d'une conférence à Paris", NEU),
    ("BNP Paribas acquiert une société de gestion d'actifs néerlandaise", NEU),
    ("Michelin nomme une nouvelle présidente pour sa division Amérique du Nord", NEU),
    ("Engie signe un contrat d'approvisionnement en gaz avec un fournisseur norvégien", NEU),
    ("Carrefour change le nom de ses magasins de proximité à partir de mars", NEU),
    ("La Poste publie son rapport annuel ce mercredi", NEU),
    ("Renault déplacera une partie de sa production de Flins vers Douai", NEU),
    ("Ubisoft annonce la date de sortie de son prochain jeu : le 12 novembre", NEU),
    ("EDF lance une offre d'électricité à tarif fixe pour les particuliers", NEU),
]

BAD_NEWS_EN: list[Case] = [
    ("Boeing faces a federal investigation after a door panel blew out mid-flight", NEG),
    ("Wells Fargo fined $3.7 billion over mismanaged car loans and mortgages", NEG),
    ("Nissan recalls 700,000 SUVs over faulty airbags", NEG),
    ("Meta to cut 10,000 jobs in a new round of layoffs", NEG),
    ("T-Mobile says hackers stole the personal data of 37 million customers", NEG),
    ("Southwest cancels thousands of flights as its scheduling system collapses", NEG),
    ("Walgreens sued by several states over opioid prescriptions", NEG),
    ("British Airways cabin crew announce a strike over the Christmas holidays", NEG),
    ("Bed Bath & Beyond files for bankruptcy protection", NEG),
    ("AT&T outage leaves customers across the US without mobile service for hours, reports say", NEG),
    ("Tyson Foods recalls 30,000 pounds of chicken nuggets after metal fragments found", NEG),
    ("Binance to pay $4.3 billion after pleading guilty to money laundering charges", NEG),
    ("Heads up: Starbucks workers are walking out at 200 stores today", NEG),
    ("Intel shares plunge as the company suspends its dividend and slashes 15% of staff", NEG),
    ("Thames Water under investigation for illegal sewage discharges", NEG),
    ("Volkswagen ordered to pay damages to diesel car owners, court rules", NEG),
    ("CrowdStrike update crashes millions of Windows machines worldwide", NEG),
    ("Peloton recalls over 2 million bikes after riders injured", NEG),
    ("Regulators open a probe into Google's ad business over antitrust concerns", NEG),
    ("Did you hear? Wilko is closing all its shops, 12,000 jobs at risk", NEG),
]

BAD_NEWS_FR: list[Case] = [
    ("Renault rappelle 150 000 véhicules pour un défaut de freinage", NEG),
    ("La CNIL inflige une amende de 40 millions d'euros à Criteo", NEG),
    ("Orange visé par une plainte pour pratiques commerciales trompeuses", NEG),
    ("Michelin annonce la suppression de 1 250 postes en France", NEG),
    ("Fuite de données chez Free : les informations de 19 millions d'abonnés dérobées", NEG),
    ("Grève à la SNCF : trois TGV sur cinq supprimés ce week-end", NEG),
    ("Camaïeu placé en liquidation judiciaire, 2 600 salariés concernés", NEG),
    ("Enquête ouverte contre Lactalis après la contamination de lait infantile", NEG),
    ("Panne géante chez SFR : des millions de clients privés d'internet, selon la presse", NEG),
    ("Buitoni : rappel de pizzas après des cas d'intoxication à E. coli", NEG),
    ("Vous avez vu ? Casino annonce un plan social de 3 000 suppressions d'emplois", NEG),
    ("La Société Générale condamnée à verser 2 millions d'euros à d'anciens salariés", NEG),
    ("Air France sanctionnée par la DGCCRF pour des retards de remboursement", NEG),
    ("Les contrôleurs aériens en grève, Ryanair annule 400 vols", NEG),
    ("Atos frôle la faillite et demande la protection du tribunal de commerce", NEG),
    ("Stellantis mis en examen pour tromperie dans l'affaire du diesel", NEG),
    (
        "Cyberattaque contre France Travail : les données de 43 millions de personnes exposées",
        NEG,
    ),
    ("Picard rappelle des lots de glaces contaminées à la listeria", NEG),
    ("EDF perquisitionné dans le cadre d'une enquête pour corruption", NEG),
    ("Auchan va fermer une dizaine de magasins et supprimer 2 400 postes", NEG),
]

CONTRAST_EN: list[Case] = [
    ("The app crashed twice during signup, but Revolut support fixed my account within an hour", POS),
    (
        "My flight with KLM was delayed, however the crew handled it brilliantly and we got meal vouchers",
        POS,
    ),
    ("Checkout at IKEA took forever, but the staff were lovely and helped me load the car", POS),
    (
        "Although the first Samsung phone they sent was faulty, the replacement arrived "
        "next day and works perfectly",
        POS,
    ),
    (
        "Octopus Energy's bills confused me at first, but their team explained everything patiently 👌",
        POS,
    ),
    ("The line at Chipotle was ridiculous, but honestly the burrito was worth every minute", POS),
    ("Even though my Dell laptop arrived late, it's the best machine I've ever owned", POS),
    ("Vodafone's coverage used to be awful here, but since the upgrade it's rock solid", POS),
    ("Sure, Wayfair's instructions are confusing, but the wardrobe looks fantastic now", POS),
    ("The hospital parking was a nightmare, however the NHS staff were kind and quick", POS),
    ("The Lloyds app looks slick, but I still can't make a simple transfer without it freezing", NEG),
    ("Love the new Nike design, but the shoes fell apart after two weeks", NEG),
    ("Tesla's acceleration is amazing, however the build quality is honestly shocking", NEG),
    (
        "Although the hotel booking on Expedia was easy, the refund has now taken three months",
        NEG,
    ),
    ("The staff at Sainsbury's are friendly, but the self-checkouts break every single time", NEG),
    ("Spotify has great playlists, but the new shuffle is completely broken", NEG),
    (
        "BT promised a quick install, however nobody turned up and I'm still without broadband",
        NEG,
    ),
    ("Uber Eats has a nice interface, but my food arrives cold every time", NEG),
    ("United's new seats look great, but the staff at the gate were incredibly rude", NEG),
    ("Even though Adobe makes powerful tools, that subscription cancellation fee is a scam", NEG),
]

CONTRAST_FR: list[Case] = [
    (
        "Le colis Amazon avait deux jours de retard, mais le service client m'a remboursé "
        "les frais de port tout de suite",
        POS,
    ),
    ("Mon vol Air France a été retardé, cependant l'équipage a été adorable du début à la fin", POS),
    ("L'attente chez Boulanger était longue, pourtant le vendeur m'a super bien conseillé", POS),
    (
        "Même si l'installation de la fibre Orange a pris du temps, franchement la connexion "
        "est excellente depuis",
        POS,
    ),
    ("Ma carte Crédit Mutuel a été bloquée, mais la conseillère a tout réglé en dix minutes 👍", POS),
    ("La file à la préfecture était interminable, mais l'agent a été vraiment sympa et efficace", POS),
    ("Bien que la livraison Ikea ait été décalée, les monteurs ont fait un travail impeccable", POS),
    ("Le début du film sur Canal+ bugait, mais après le redémarrage tout marchait parfaitement", POS),
    (
        "Les prix chez Picard ont augmenté, cependant la qualité reste top, j'y retourne sans hésiter",
        POS,
    ),
    ("Bref, la Peugeot a eu une petite panne au début, mais depuis elle roule comme un charme", POS),
    ("L'appli Lydia est jolie, mais impossible de faire un virement sans qu'elle plante", NEG),
    ("Le personnel de Fnac est sympa, mais ça fait un mois que j'attends mon remboursement", NEG),
    (
        "Le TGV est confortable, cependant trois heures de retard sans explication c'est inadmissible",
        NEG,
    ),
    ("Même si la box Free est belle, le wifi se coupe toutes les dix minutes", NEG),
    ("J'aimais bien Deezer, pourtant depuis la dernière mise à jour l'appli est inutilisable", NEG),
    ("Les pizzas Domino's sont bonnes, mais la livraison a encore pris une heure et demie", NEG),
    ("Bien que la conseillère LCL ait été polie, mon dossier est bloqué depuis six semaines", NEG),
    (
        "La Renault Clio est jolie, sérieux, mais elle a passé plus de temps au garage que sur la route",
        NEG,
    ),
    ("Le site de la SNCF a été refait, mais on ne trouve plus rien et les bugs sont pires", NEG),
    ("TotalEnergies affiche des tarifs attractifs, cependant leur service client est injoignable", NEG),
]

CONTROL_EN: list[Case] = [
    ("Just switched to Monzo and honestly it's the best banking app I've used 💙", POS),
    ("Had a problem with my Amazon order and they sorted it in five minutes, impressed", POS),
    ("Emirates crew were so kind to my kids on the long flight, thank you!", POS),
    ("The new Pixel camera is stunning, loving every shot", POS),
    ("Octopus fixed my broken meter the same day, brilliant service", POS),
    ("Trader Joe's has the friendliest staff in town, always a pleasure", POS),
    ("My Toyota just hit 300,000 km without a single issue, what a car", POS),
    ("Shoutout to the DMV staff today, in and out in 15 minutes 👏", POS),
    ("Zoom support resolved my billing error quickly and politely", POS),
    ("Patagonia repaired my ten-year-old jacket for free, that's how you earn loyalty", POS),
    ("My Virgin Media internet has been down for three days and nobody answers the phone", NEG),
    ("Chase charged me an overdraft fee for a payment that never went through", NEG),
    ("American Airlines lost my luggage and hasn't replied to any of my emails", NEG),
    ("The Xbox app keeps crashing on startup, completely useless", NEG),
    ("Waited an hour for my DoorDash order and it never arrived", NEG),
    ("Hertz billed me for damage I didn't cause and refuses to explain", NEG),
    ("Target's website took my money and cancelled the order anyway", NEG),
    ("PG&E cut our power again with no warning, this is unacceptable", NEG),
    ("My new iPhone battery drains in half a day, really disappointed", NEG),
    ("Customer service at Comcast is the worst I've ever dealt with", NEG),
]

CONTROL_FR: list[Case] = [
    ("Franchement la nouvelle appli de la Banque Postale est super pratique 👍", POS),
    ("J'avais un souci avec ma commande Cdiscount, réglé en cinq minutes par le SAV, top", POS),
    ("Équipage Air Tahiti Nui adorable, vol parfait, merci !", POS),
    ("Ma Zoé roule depuis 5 ans sans le moindre problème, ravi", POS),
    ("Le conseiller Bouygues a résolu ma panne de box en un appel, impeccable", POS),
    ("Les croissants de chez Paul ce matin, un délice 🥐", POS),
    ("Service client Boulanger au top, livraison et installation nickel", POS),
    ("Merci à la mairie pour la rapidité, mon passeport était prêt en une semaine", POS),
    ("Très contente de mon forfait Sosh, rien à redire", POS),
    ("Le nouveau Decathlon de ma ville est génial, personnel aux petits soins", POS),
    ("Ça fait une semaine que je n'ai plus internet avec SFR et personne ne répond", NEG),
    ("La Banque Populaire m'a prélevé deux fois le même abonnement", NEG),
    ("Easyjet a annulé mon vol et refuse de me rembourser", NEG),
    ("L'appli Ameli plante à chaque connexion, insupportable", NEG),
    ("Commande Uber Eats jamais arrivée et aucun remboursement", NEG),
    ("Mon compteur Linky affiche n'importe quoi et Enedis ne répond pas", NEG),
    ("Colis Chronopost perdu depuis dix jours, service client injoignable", NEG),
    ("Deux heures d'attente aux urgences de l'hôpital, c'est honteux", NEG),
    ("Ma Citroën neuve tombe en panne pour la deuxième fois ce mois-ci", NEG),
    ("Le service client d'Orange est vraiment nul, on tourne en rond", NEG),
]

KINDS: list[tuple[str, str, list[Case]]] = [
    ("irony", "en", IRONY_EN),
    ("irony", "fr", IRONY_FR),
    ("news", "en", NEWS_EN),
    ("news", "fr", NEWS_FR),
    ("bad news", "en", BAD_NEWS_EN),
    ("bad news", "fr", BAD_NEWS_FR),
    ("contrast", "en", CONTRAST_EN),
    ("contrast", "fr", CONTRAST_FR),
]

CONTROLS: list[tuple[str, str, list[Case]]] = [
    ("control", "en", CONTROL_EN),
    ("control", "fr", CONTROL_FR),
]


def _pct(hits: int, total: int) -> str:
    return f"{hits}/{total} ({100.0 * hits / total:.0f}%)" if total else "0/0"


def _run(
    groups: list[tuple[str, str, list[Case]]],
    analyze: Callable[[str], Tone],
    misses: list[str],
) -> tuple[int, int]:
    all_hits = 0
    all_total = 0
    for kind, lang, cases in groups:
        hits = 0
        for text, expected in cases:
            tone = analyze(text)
            if tone.label == expected:
                hits += 1
            else:
                lang_note = "" if tone.language == lang else f", lang={tone.language}"
                misses.append(
                    f"[{kind}/{lang}] expected {expected}: {text}\n"
                    f"    -> {tone.label} ({tone.score:+.3f}{lang_note})"
                )
        all_hits += hits
        all_total += len(cases)
        print(f"{kind:<9} {lang}: {_pct(hits, len(cases))}")
    return all_hits, all_total


def main() -> None:
    analyzer = analyzer_for(ToneConfig())
    misses: list[str] = []
    print("== kinds ==")
    hits, total = _run(KINDS, analyzer.analyze, misses)
    print(f"overall  : {_pct(hits, total)}")
    for lang in ("en", "fr"):
        lang_hits = 0
        lang_total = 0
        for _kind, group_lang, cases in KINDS:
            if group_lang != lang:
                continue
            lang_total += len(cases)
            lang_hits += sum(1 for text, exp in cases if analyzer.analyze(text).label == exp)
        print(f"overall {lang}: {_pct(lang_hits, lang_total)}")
    print("== controls ==")
    c_hits, c_total = _run(CONTROLS, analyzer.analyze, misses)
    print(f"controls : {_pct(c_hits, c_total)}")
    print(f"== misses ({len(misses)}) ==")
    for line in misses:
        print(line)


if __name__ == "__main__":
    main()
