"""Irony read by its shape, in sentences written for this test: praise or thanks wrapped around a
trouble stated as fact (a stretch of time without service, a repeat, a fee, a cancellation, a
breakdown) is a complaint, while praise for a trouble someone solved stays praise, and news, bad
news and "but" clauses keep their reading.
"""

from __future__ import annotations

import pytest

from tests.unit.tone.tables import readings
from veille.tone.checker import ToneChecker

IRONY_EN = [
    "Wonderful job Virgin Media, four days without broadband and counting",
    "Thanks a lot Ryanair, my flight got cancelled for the second time",
    "Great customer service from Hertz, 2 hours on hold just to be hung up on",
    "Love how PayPal freezes my account every single month 🙃",
    "Nothing like a Monday morning with no wifi, cheers BT",
    "Bravo Tesla, the app logged me out of my own car again",
    "Fantastic, Spotify charged me twice for the same plan",
    "Stellar reliability from AWS, third outage this month 👏",
    "Big thanks to FedEx for delivering my package to the wrong city",
    "So happy with Sky, still no signal after a whole week",
    "Amazing support from Dell, ten emails and zero replies",
    "Really loving the new Instagram update, the app crashes every time I post",
    "Perfect timing Southern, the train is delayed again 🎉",
    "Thank you United for the 6 hour delay and the broken seat",
    "Brilliant, my Fitbit died after three weeks",
    "Cheers Deliveroo, cold food and a 50 minute wait",
    "Impressive work HSBC, my transfer has been stuck for 5 days",
    "Great to see Xbox Live down yet again on a Friday night",
    "Appreciate the surprise £20 late fee, Vodafone 🙏",
    "Lovely weekend thanks to EE, no internet since Saturday",
    "What a fantastic experience with Booking, my reservation vanished",
    "Top job Royal Mail, my parcel is lost for the third time",
    "Excellent, Zoom keeps dropping my calls during every meeting",
    "Such amazing service from Comcast, the technician never showed up",
    "Nothing beats Monday mornings on the Northern line, signal failure again",
    "Gotta love Verizon charging me a $35 activation fee for nothing",
    "My Peloton screen broke twice in a month, what quality, well done",
    "Just what I needed, Windows restarting in the middle of my presentation 🙃",
    "Another week, another Slack outage. Great stuff 👏",
    "Such a pleasure waiting 45 minutes for an Uber that never came",
    "Kudos to Chase for the overdraft fee on a $2 coffee",
    "Happy anniversary to my broken washing machine, thanks Samsung",
    "Oh wonderful, Comcast just sent me a bill for a month I had no service",
    "Another 3 hours of my life on hold with Verizon, truly a pleasure",
    "Shoutout to Spectrum for a whole weekend without wifi 🎉",
    "Amazing how Hulu manages to buffer every five minutes 👏",
    "Great news, my Amazon package is stuck in the warehouse for the 4th day",
    "Well done Ryanair, a £60 fee because my bag was 2cm too big",
    "Cheers Thames Water, no water since 6am",
    "Wow, the Uber app crashed again right when I needed a ride, fantastic",
    "Perfect, Apple Music deleted my library once again",
    "Thanks T-Mobile, dropped calls all day again",
    "Such a smooth checkout at Target, only 25 minutes in line",
    "Five stars for Microsoft Teams, frozen for the third meeting today",
    "Really appreciate EasyJet cancelling my flight at midnight with no explanation",
]
SINCERE_EN = [
    "Thanks Virgin Media, the new router is fast and easy to set up",
    "Great customer service from Hertz, the car was clean and ready",
    "Love the new Spotify playlists, spot on every week 🎉",
    "Big thanks to FedEx for the early delivery 🙏",
    "Really impressed with the Pixel camera, photos look stunning",
    "Amazing support from Dell today, friendly and helpful",
    "Cheers Deliveroo, dinner arrived hot and early",
    "The staff at Marriott were wonderful, thank you!",
    "Five stars for IKEA, assembly was a breeze",
    "Great job Amazon, two day delivery as promised 👍",
    "Thanks Verizon for the upgrade, everything works perfectly",
]
FIXED_EN = [
    "Virgin Media fixed my outage in an hour, thanks!",
    "Huge thanks to BT, the broadband is back after the storm",
    "The app crashed yesterday but the update solved it, great work Revolut",
    "Thanks Amazon, my lost parcel was found and delivered the next day",
    "Shout out to Delta for rebooking my cancelled flight within minutes 👏",
    "Dell replaced my broken screen quickly, very happy",
    "My card was blocked abroad and HSBC sorted it in ten minutes, brilliant service",
    "Thanks EE, the signal problem is resolved at last",
    "The outage only lasted five minutes and Netflix was back, well done",
    "Kudos to Apple support, they fixed the bug on my iPhone in one call",
    "Thanks Comcast, the outage was fixed within an hour",
    "My Delta flight was cancelled but they rebooked me instantly, awesome service",
    "Huge thanks to Apple, they replaced my cracked screen for free",
    "Shoutout to Uber support, refunded the cancelled ride right away",
]
NEWS_EN = [
    "Vodafone announces a new 5G plan for business customers",
    "Ryanair opens three new routes from Dublin this summer",
    "Spotify reports quarterly results on Tuesday",
    "Tesla unveils its updated Model 3 in Europe",
    "Amazon launches same-day delivery in Leeds",
    "Netflix partners with Microsoft on advertising",
]
BAD_EN = [
    "Ryanair cancels 400 flights as cabin crew strike",
    "Comcast hit by a nationwide outage for six hours",
    "Boeing fined $200 million over misleading statements",
    "Three million customers affected by the Optus data breach",
    "Peloton recalls its treadmills after injuries",
    "Twitter lays off half of its staff",
]
CONTRAST_EN = [
    ("Great food at Nando's, but we waited an hour for our table", "negative"),
    ("The flight was delayed two hours, but the crew were fantastic", "positive"),
    ("Lovely staff at Currys, but the laptop died within a week", "negative"),
    ("Three days without internet, but Sky's engineer was brilliant and fixed it", "positive"),
    ("The design is beautiful, but the battery is terrible", "negative"),
    ("Delivery took ages, but the sofa is perfect", "positive"),
]

IRONY_FR = [
    "Merci Bouygues, quatre jours sans internet et toujours aucune nouvelle",
    "Bravo la SNCF, encore un train annulé ce matin",
    "Super le service client de Free, deux heures d'attente pour rien",
    "Génial, ma box Orange a encore planté trois fois aujourd'hui",
    "Quel plaisir de voir ma facture EDF augmenter encore ce mois-ci",
    "Rien de tel que Numericable pour passer le week-end sans télé",
    "Merci Amazon, mon colis est perdu pour la deuxième fois",
    "Formidable, SFR me facture des frais de résiliation de 50 €",
    "Top la RATP, ligne 13 en panne pour la troisième fois de la semaine 👏",
    "Franchement bravo Air France, vol retardé de 5 heures sans explication",
    "J'adore ma banque, 30 € de frais pour un découvert de deux jours",
    "Excellente nouvelle, Netflix augmente encore ses prix 🎉",
    "Merci Chronopost, toujours pas de colis après dix jours",
    "Super expérience chez Boulanger, livraison annulée deux fois",
    "Trop bien, encore une coupure de courant chez Enedis",
    "Bravo Fnac, ma commande reste bloquée depuis trois semaines",
    "Quelle efficacité, le conseiller Orange m'a raccroché au nez 🙏",
    "Un grand merci à la Poste pour mon colis abîmé",
    "Magnifique, l'appli Doctolib bug encore ce matin",
    "Super, Sosh me laisse sans réseau depuis lundi",
    "Merci Uber, chauffeur annulé trois fois de suite",
    "Belle performance de Free, une semaine sans téléphone fixe",
    "Génial le nouveau site de la CAF, impossible de se connecter depuis hier",
    "Quel service au top chez Darty, le lave-linge est encore en panne",
    "Rien de mieux qu'un lundi matin sur le RER B, encore un incident voyageur",
    "Ma box Free a encore sauté cette nuit, merci pour tout 🙃",
    "Quelle joie de payer plus cher pour moins de chaînes, merci Canal",
    "Énième coupure internet de la semaine. Bravo Orange 👏",
    "Ravi de passer mon samedi au téléphone avec Bouygues, 40 minutes d'attente",
    "Merci Ikea pour la pièce manquante, toujours pas reçue",
    "Heureusement que la SNCF est là pour me faire rater mon rendez-vous, train supprimé",
    "Merci infiniment SFR, trois jours sans réseau dans mon quartier",
    "Quelle efficacité chez Free, quinze jours pour changer une box",
    "Génial, encore deux heures au téléphone avec la CAF pour rien 🙃",
    "Bravo Orange, la fibre coupe tous les soirs depuis une semaine",
    "Top Bouygues, 15 € de frais de dossier pour un changement d'offre",
    "Chapeau à la SNCF, TGV retardé de trois heures sans aucune info",
    "Un grand bravo à Enedis, quatrième coupure de courant ce mois-ci 👏",
    "J'adore Deliveroo, une heure d'attente et le repas arrive froid",
    "Merci Orange pour ces 45 minutes de musique d'attente",
    "Quel bonheur, l'appli de la banque plante encore au moment de payer",
    "Parfait, Amazon a encore perdu mon colis",
    "Formidable service client Darty, toujours aucune réponse après deux semaines",
]
SINCERE_FR = [
    "Merci Bouygues, la fibre est super rapide",
    "Bravo la SNCF, train à l'heure et personnel adorable",
    "Super le service client de Free, réponse claire et rapide",
    "Génial, la nouvelle box Orange est vraiment silencieuse",
    "J'adore les nouveaux menus de McDo 😍",
    "Un grand merci à la Poste, colis livré en avance 🙏",
    "Très contente de ma nouvelle carte chez Boursorama",
    "Quel plaisir de voyager avec Ouigo, tout s'est bien passé",
    "Top l'accueil chez Leroy Merlin, conseiller au top",
    "Bravo Decathlon pour ce vélo, un vrai bonheur",
    "Génial, livraison en 24 heures chez Cdiscount 👍",
]
FIXED_FR = [
    "Merci Orange, la panne a été réparée en une heure !",
    "Bravo Free, la connexion est revenue après la coupure de ce matin",
    "Mon colis était perdu mais Chronopost l'a retrouvé en deux jours, merci",
    "Merci au technicien SFR qui a résolu mon problème de box rapidement",
    "Enedis a rétabli le courant en vingt minutes, chapeau",
    "Grand merci à Darty, mon frigo en panne a été remplacé le lendemain",
    "Le bug de l'appli est corrigé, merci Doctolib",
    "Après trois jours sans internet, Bouygues a enfin tout réparé, merci beaucoup",
    "Vol annulé mais Air France m'a replacé sur le suivant en quelques minutes, top",
    "Ma carte était bloquée, la banque a réglé ça en dix minutes, super service",
    "Merci Free, la box est tombée en panne mais le technicien l'a réparée en une heure",
    "Bravo SFR, le réseau est revenu très vite après l'incident",
    "Merci la Poste, mon colis égaré a été retrouvé et livré",
    "Super la SNCF, après l'annulation on m'a remboursé en deux jours",
    "Merci Orange, aucune coupure depuis l'installation de la fibre",
    "Top le service client Bouygues, problème résolu en dix minutes",
    "Bravo Decathlon, vélo réparé gratuitement après la casse",
]
NEWS_FR = [
    "Orange annonce une nouvelle offre fibre pour les entreprises",
    "La SNCF ouvre une ligne directe entre Lyon et Bordeaux",
    "Carrefour publie ses résultats annuels jeudi",
    "Renault présente sa nouvelle Clio électrique",
    "Free lance une box avec Wi-Fi 7",
    "Decathlon ouvre un magasin à Nantes",
]
BAD_FR = [
    "SFR victime d'une panne nationale pendant six heures",
    "Auchan supprime 2 000 postes en France",
    "Free condamné à une amende de 300 000 euros",
    "Grève à la SNCF : trois TGV sur quatre annulés",
    "Fuite de données chez Free : des millions de comptes exposés",
    "Lactalis rappelle des laits infantiles contaminés",
]
CONTRAST_FR = [
    ("Le train avait deux heures de retard, mais le personnel était adorable", "positive"),
    ("Vendeur très sympa chez Boulanger, mais la télé est tombée en panne au bout d'une semaine", "negative"),
    ("Trois jours sans internet, mais le technicien Orange a été génial", "positive"),
    ("Le design est magnifique, mais la batterie est nulle", "negative"),
    ("Livraison très longue, mais le canapé est parfait", "positive"),
]

# Read wrong today, kept to show where the reading stops: a repeat or a wait with no failure word,
# praise of a plain improvement, a sincere fix whose words the model reads as trouble ("no time").
KNOWN_LIMITS = [
    ("Thank you so much Delta for leaving my bag in Atlanta for the second trip in a row", "en", "negative"),
    ("Glad I paid for Premium, YouTube still shows me ads every video", "en", "negative"),
    ("Bravo Tesla, the update made the car even smoother", "en", "positive"),
    ("Spectrum restored our wifi after the storm in no time, great job", "en", "positive"),
    ("Super la Poste, colis renvoyé à l'expéditeur pour la deuxième fois", "fr", "negative"),
    ("Vive Ameli, trois mois pour un remboursement de 25 €", "fr", "negative"),
    ("Repas délicieux chez Flunch, mais une heure d'attente pour être servi", "fr", "negative"),
]

CASES = [
    *readings("irony", "en", IRONY_EN, "negative"),
    *readings("sincere", "en", SINCERE_EN, "positive"),
    *readings("fixed", "en", FIXED_EN, "positive"),
    *readings("news", "en", NEWS_EN, "neutral"),
    *readings("bad", "en", BAD_EN, "negative"),
    *readings("contrast", "en", CONTRAST_EN),
    *readings("irony", "fr", IRONY_FR, "negative"),
    *readings("sincere", "fr", SINCERE_FR, "positive"),
    *readings("fixed", "fr", FIXED_FR, "positive"),
    *readings("news", "fr", NEWS_FR, "neutral"),
    *readings("bad", "fr", BAD_FR, "negative"),
    *readings("contrast", "fr", CONTRAST_FR),
]


@pytest.mark.parametrize(("text", "language", "expected"), CASES)
def test_a_reader_would_give_this_tone(checker: ToneChecker, text: str, language: str, expected: str) -> None:
    assert checker.analyze(text, language).label == expected


@pytest.mark.xfail(strict=True, reason="beyond what the rules read")
@pytest.mark.parametrize(("text", "language", "expected"), KNOWN_LIMITS)
def test_known_limits(checker: ToneChecker, text: str, language: str, expected: str) -> None:
    assert checker.analyze(text, language).label == expected
