"""Irony, bad news, contrast and news in sentences unlike those the rules were first written for.

Every sentence here was written for this test and none is in the labelled data: praise openers
of every kind around a trouble said with a verb ("redémarre tout seul", "stopped cooling"), a
price rise or something missing is a complaint, while sincere thanks that name a trouble stay
praise; a data theft, a strike, job cuts, an antitrust penalty are bad news; after "but" or
"mais" a clause that says "bad" without a strong word ("hardly holds a charge", « on a patienté
une heure ») still decides; a company delivering, teaming up or changing a card is news.
"""

from __future__ import annotations

import pytest

from tests.unit.tone.tables import readings

IRONY_FR = [
    "Excellent, la box Orange redémarre toute seule depuis ce matin",
    "Magnifique, Free a encore augmenté le prix de mon forfait",
    "Merci bien Darty, ma réservation a disparu",
    "Quelle joie, mon TER est encore supprimé",
    "Vive la SNCF, mon billet a été annulé deux fois",
    "Chapeau Bouygues, la facture grimpe encore ce mois-ci",
    "Trop contente, mon colis Vinted reste introuvable",
    "Super service, le livreur a oublié la moitié de ma commande",
    "Bravo Lidl, le produit en promo est absent des rayons",
    "Parfait, la mise à jour a effacé toutes mes photos",
    "Quelle bonne surprise, Canal+ augmente encore mon abonnement",
    "Génial Ikea, il manque trois vis dans le carton",
    "J'adore quand l'appli Deezer plante en plein trajet",
    "Quel plaisir, la box SFR redémarre toute seule",
    "Trop bien, encore un prélèvement en double chez Free",
    "Vraiment merci Engie, la facture a encore augmenté",
]
IRONY_EN = [
    "Lovely, my Dell laptop refuses to boot after the update",
    "Amazing work Comcast, the router keeps rebooting itself",
    "Superb, Spotify made all my playlists vanish",
    "Excellent timing Uber, the driver cancelled as I reached the curb",
    "Cheers Netflix for bumping my subscription up again",
    "Much appreciated Apple, my new charger is already fraying",
    "Love that Southwest scrapped my flight an hour before boarding",
    "What a great experience, DHL misplaced my parcel",
    "Big thanks to Verizon for hiking my bill again",
    "Terrific, my Samsung fridge stopped cooling after a month",
    "Good job Amazon, half my order is missing",
    "Splendid, Adobe just doubled my subscription price",
    "Thank you Sony for bricking my console with the firmware",
    "Huge thanks to Lufthansa for losing my suitcase",
    "So grateful to Comcast for the third outage this week",
    "Perfect timing Garmin, my watch won't turn on before the race",
    "I love it when my Xbox update fails overnight",
]
SINCERE_FR = [
    "Merci Darty d'avoir remplacé mon frigo en panne en deux jours",
    "Bravo au service client Free qui a retrouvé mon colis perdu",
    "Super accueil chez Boulanger, ils ont réparé mon téléphone cassé",
    "Merci à la SNCF pour le remboursement rapide de mon train annulé",
    "Top le conseiller Orange, ma ligne coupée a été rétablie en une heure",
    "Génial, l'appli ne plante plus depuis la mise à jour",
    "Merci Leroy Merlin, la pièce manquante est arrivée dès le lendemain",
    "Un grand merci à Fnac pour l'échange de ma tablette défectueuse",
    "Bravo Decathlon, produit retourné et remboursé sans aucune question",
    "Super équipe chez Free, la panne a été réparée très vite",
    "J'adore quand Decathlon fait des promos",
]
SINCERE_EN = [
    "Thanks Dell for replacing my cracked screen so quickly",
    "Huge thanks to the Uber support team, they found my lost phone",
    "So grateful to the Delta crew who tracked down my missing bag",
    "Well done Apple, the battery problem is gone with this update",
    "Thank you Amazon for refunding my missing package right away",
    "Great job Comcast, the outage was fixed in under an hour",
    "Nice one Ikea, the replacement for my broken shelf came fast",
    "Love the new Spotify release, no more crashes",
    "Awesome support from Lenovo, they repaired my dead laptop for free",
    "Kudos to the FedEx driver who found my lost parcel",
    "I love it when Spotify plays my favourite song",
]
BAD_NEWS_FR = [
    "Des pirates dérobent les données de millions de clients de Free",
    "SFR victime d'une fuite massive de données personnelles",
    "Les salariés de Carrefour en grève ce week-end",
    "Michelin va fermer deux usines et supprimer 1 200 emplois",
    "Lactalis rappelle des fromages contaminés à la listeria",
    "Une attaque informatique paralyse le réseau de la SNCF",
    "L'Autorité de la concurrence inflige 300 millions d'euros à Apple",
    "Des milliers de comptes Ledger piratés et revendus sur le darknet",
    "Danone accusé de publicité mensongère",
    "Nouvelle grève chez Air France, des vols annulés",
    "L'ancien patron de Renault inculpé pour abus de biens sociaux",
    "Auchan va fermer une dizaine de magasins",
]
BAD_NEWS_EN = [
    "Hackers stole the personal data of 40 million T-Mobile customers",
    "Ticketmaster confirms a breach exposing customer card details",
    "Amazon warehouse workers stage a strike over pay",
    "Intel slashes 15,000 positions amid losses",
    "EU hits Google with a 4 billion dollar antitrust penalty",
    "Boeing engineers walk off the job",
    "Ransomware attack shuts down Colonial Pipeline",
    "Meta ordered to pay a 1.2 billion euro penalty over data transfers",
    "Wells Fargo charged with fraud over fake accounts",
    "Customer records from AT&T put up for sale on a hacking forum",
    "Salesforce eliminates 8,000 roles",
    "Kellogg workers go on strike at four cereal plants",
]
CONTRAST_FR = [
    ("Les vendeurs sont souriants, mais les caisses automatiques ne fonctionnent jamais", "negative"),
    ("Jolie boutique, cependant le modèle que je voulais n'était plus en stock", "negative"),
    ("Le forfait semblait intéressant, pourtant la connexion coupe tout le temps", "negative"),
    ("Le matelas est beau mais on dort très mal dessus", "negative"),
    ("Livraison offerte, mais au final j'ai payé trois fois plus cher", "negative"),
    ("Bel hôtel, mais nous avons patienté une heure à la réception", "negative"),
    ("Le canapé est confortable mais le tissu s'est déchiré au bout d'un mois", "negative"),
    ("Grosse attente au téléphone, cependant la conseillère était très aimable", "positive"),
    ("Le colis avait du retard, pourtant tout était bien protégé", "positive"),
    ("J'ai eu un souci de facture, mais Orange a corrigé l'erreur tout de suite", "positive"),
    ("Le début était compliqué, mais au final c'est plutôt bien", "positive"),
    ("Petit problème à l'installation, mais le technicien a su me dépanner avec patience", "positive"),
]
CONTRAST_EN = [
    ("The screen is gorgeous, but the phone hardly holds a charge", "negative"),
    ("Lovely packaging, but the blender never turned on", "negative"),
    ("The staff were polite, however the room was freezing all night", "negative"),
    ("Good price, but it stopped charging after two days", "negative"),
    ("Nice app, but it takes forever to load", "negative"),
    ("The headphones look premium, but the sound is muddy and thin", "negative"),
    ("We had a billing problem, but the agent fixed it on the spot", "positive"),
    ("The delivery was late, however the driver was very courteous", "positive"),
    ("I expected little, but the meal was really decent", "positive"),
    ("The flight had an issue, but the crew handled it calmly", "positive"),
    ("Setup took a while, but everything runs smoothly now", "positive"),
    ("The wait was long but the nurse took time to explain everything", "positive"),
]
NEWS_FR = [
    "Renault a vendu 40 000 voitures électriques au premier semestre",
    "La Fnac s'allie à un libraire en ligne pour la livraison",
    "Carrefour fait évoluer sa carte de fidélité en janvier",
    "Decathlon nomme une nouvelle directrice France",
    "Orange va déployer la fibre dans 200 communes",
    "La SNCF met en service une nouvelle ligne de TER",
    "Michelin investit 50 millions dans son usine de Clermont",
    "Free commercialise une nouvelle box",
    "Leclerc ouvrira dix magasins en 2027",
    "Danone cède sa filiale américaine",
    "Ikea teste la location de meubles en France",
    "Airbus a produit 30 hélicoptères au dernier trimestre",
]
NEWS_EN = [
    "Boeing delivered 40 jets in June",
    "Netflix teams up with a Korean studio",
    "Costco is changing its membership card policy",
    "Tesla names a new head of sales",
    "Nike to relocate its European offices",
    "Google rolls out a redesigned Maps app in Canada",
    "Ford is investing 2 billion dollars in a Kentucky plant",
    "Pepsi sells its juice brands to a private equity firm",
    "Amazon begins drone deliveries in Arizona",
    "Target is testing self-checkout limits in 100 stores",
]


READINGS = [
    *readings("irony", "fr", IRONY_FR, "negative"),
    *readings("irony", "en", IRONY_EN, "negative"),
    *readings("sincere", "fr", SINCERE_FR, "positive"),
    *readings("sincere", "en", SINCERE_EN, "positive"),
    *readings("bad-news", "fr", BAD_NEWS_FR, "negative"),
    *readings("bad-news", "en", BAD_NEWS_EN, "negative"),
    *readings("contrast", "fr", CONTRAST_FR),
    *readings("contrast", "en", CONTRAST_EN),
    *readings("news", "fr", NEWS_FR, "neutral"),
    *readings("news", "en", NEWS_EN, "neutral"),
]


@pytest.mark.parametrize(("text", "language", "tone"), READINGS)
def test_new_phrasings_of_the_same_turns_read_as_a_reader_would(checker, text, language, tone):
    assert checker.analyze(text, language).label == tone
