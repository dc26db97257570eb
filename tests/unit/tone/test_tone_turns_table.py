"""Irony, news and contrast read as a brand team reads them, in French and in English.

The sentences were written for these tests, none taken from the labelled data the model learns
from: praise or thanks wrapped around a trouble is a complaint; a company announcing, opening,
changing or reporting is neutral news unless the words say good or bad; a recall, a fine, a
lawsuit or layoffs are bad news; after "but", "mais", "however", "cependant" the second clause
decides (and what follows "despite", "malgré" is conceded).
"""

from __future__ import annotations

import pytest

from tests.unit.tone.tables import readings

IRONY_FR = [
    "Super, encore une panne, merci Free",
    "Génial, Bouygues me coupe la ligne en plein télétravail 👏",
    "Bravo Free, trois jours sans internet, un vrai exploit",
    "Merci SFR pour cette facture doublée sans explication, vraiment top",
    "Génial, mon colis Cdiscount est encore perdu",
    "Trop bien, Orange me facture une option que je n'ai jamais demandée",
    "Bravo la SNCF, deux heures de retard et aucune information",
    "Quel plaisir d'attendre 45 minutes au téléphone avec le service client Darty",
    "Merci Amazon pour le colis arrivé ouvert et abîmé, quel service",
    "Parfait, l'appli de la banque plante encore au moment de payer",
    "Super l'assistance Free : on me raccroche au nez pour la troisième fois",
    "Merci EDF pour la coupure de courant en plein match, c'est magnifique",
    "Génial, Air France a perdu ma valise, encore",
    "Félicitations Bouygues, quatrième panne du mois, un record",
    "Top le service client Fnac, trois semaines sans réponse",
    "Formidable, Deliveroo m'a livré une commande froide et incomplète",
]
IRONY_EN = [
    "Wow, thanks Ryanair for the surprise 60 euro bag fee, really appreciated",
    "Great, another Comcast outage right before my deadline",
    "Thanks Verizon for dropping my calls all day, love it",
    "Awesome, my Uber driver cancelled again after a 20 minute wait",
    "Brilliant job United, lost my luggage for the second time this year",
    "Love how Spotify logs me out every single day, great work",
    "Perfect, the Delta app crashed right at check-in",
    "Thank you FedEx for delivering my parcel to the wrong address, so helpful",
    "Nice one Amazon, the package arrived crushed and soaking wet",
    "So glad my bank froze my card while I was abroad, fantastic service",
    "Congrats Microsoft, the update bricked my laptop",
    "Really appreciate Netflix raising prices again for the same old shows",
    "Wonderful, Lyft charged me twice for a ride I never took",
    "Great customer service Apple, three hours on hold and no answer",
    "Thanks AT&T for the surprise fee on my bill, you're the best",
    "Oh great, Twitter is down again",
]
NEWS_FR = [
    "Microsoft va ouvrir un nouveau centre de données à Paris l'an prochain",
    "Starbucks modifie son programme de fidélité à partir de mars",
    "Orange annonce un nouveau directeur général",
    "La SNCF publie ses résultats trimestriels jeudi",
    "Carrefour ouvre un magasin à Lille en septembre",
    "Renault présentera sa nouvelle gamme au salon de Genève",
    "Free change ses tarifs pour les nouveaux abonnés à partir du 1er juillet",
    "Air France annonce une nouvelle ligne vers Montréal",
    "Decathlon déménage son siège à Villeneuve-d'Ascq",
    "BNP Paribas publie son rapport annuel",
    "Danone annonce le rachat d'une start-up de la foodtech",
    "La Poste modifie ses horaires d'ouverture cet été",
    "Ikea ouvre un nouveau magasin à Marseille au printemps",
    "Michelin organise une conférence de presse mardi",
    "Leroy Merlin lance une application de réalité augmentée",
    "Bouygues Telecom annonce une réorganisation de ses équipes commerciales",
]
NEWS_EN = [
    "Microsoft will open a new data center in Paris next year",
    "Starbucks is changing its loyalty program starting in March",
    "Apple announces a new chief financial officer",
    "Netflix reports third quarter earnings on Tuesday",
    "Amazon is opening a new warehouse in Ohio",
    "Google will hold its developer conference in May",
    "Ford changes the name of its electric truck division",
    "Walmart announces new store hours for the holidays",
    "Shell to report annual results next week",
    "IBM unveils a new mainframe at its annual event",
    "Uber is moving its European headquarters to Amsterdam",
    "Nike announced a partnership with a French football club",
    "Samsung launches a new line of tablets in India",
    "Spotify is updating its terms of service in January",
    "Toyota will open a second plant in Texas",
    "Airbnb reports results for the second quarter",
]
BAD_NEWS_FR = [
    "Renault rappelle 50 000 véhicules pour un défaut de freinage",
    "Google condamné à une amende de 150 millions d'euros par la CNIL",
    "Free visé par une plainte pour pratiques commerciales trompeuses",
    "Carrefour annonce la suppression de 3 000 postes",
    "Amazon visé par une action en justice de ses salariés",
    "Orange écope d'une amende de la CNIL",
    "Peugeot rappelle des milliers de voitures pour un problème d'airbag",
    "Lactalis rappelle des lots de lait infantile contaminés",
    "Auchan prévoit un plan de licenciements dans ses hypermarchés",
    "La SNCF poursuivie en justice par des voyageurs",
    "Meta condamnée à payer une amende record en Europe",
    "Casino supprime des centaines d'emplois",
    "Boeing visé par une nouvelle enquête après un incident",
    "Bouygues Telecom sanctionné par l'Arcep",
    "Décathlon rappelle un casque de vélo défectueux",
]
BAD_NEWS_EN = [
    "Tesla recalls 120,000 vehicles over seatbelt issue",
    "Google fined 2 billion euros by the European Commission",
    "Meta faces a lawsuit over teen safety",
    "Amazon announces 18,000 layoffs",
    "Ford recalls 300,000 trucks over faulty brakes",
    "Uber sued by drivers over unpaid wages",
    "Boeing hit with record fine by regulators",
    "Twitter lays off half of its staff",
    "Nestle recalls baby formula after contamination fears",
    "Microsoft to cut 10,000 jobs",
    "Apple faces class action lawsuit over battery throttling",
    "Starbucks fined for labor violations",
    "Toyota recalls cars over airbag defect",
    "Intel announces layoffs as sales fall",
    "Johnson & Johnson settles lawsuit for 700 million",
]
CONTRAST_FR = [
    ("La livraison était lente, mais le service client Zalando a tout réglé en quelques minutes", "positive"),
    ("L'appli est jolie mais elle plante sans arrêt", "negative"),
    ("Le prix est élevé, cependant la qualité est vraiment excellente", "positive"),
    ("Le vendeur était sympa mais le produit est arrivé cassé", "negative"),
    ("Le début du film est lent, mais la fin est magnifique", "positive"),
    ("Bonne idée sur le papier, mais une vraie catastrophe à l'usage", "negative"),
    ("Attente un peu longue mais accueil très chaleureux chez Darty", "positive"),
    ("Le design est réussi, cependant la batterie ne tient pas la journée", "negative"),
    ("J'avais des doutes mais je suis ravie de mon achat", "positive"),
    ("Le forfait est pas cher mais le réseau est catastrophique", "negative"),
    ("Colis en retard, mais bien emballé et complet, merci", "positive"),
    ("Tout semblait parfait mais la facture était fausse", "negative"),
    ("Un peu de bruit au démarrage, cependant la machine fonctionne parfaitement", "positive"),
    ("L'hôtel est bien situé mais les chambres sont sales", "negative"),
    ("Premier contact difficile, mais le conseiller a été formidable", "positive"),
    ("Le site est pratique, mais le paiement échoue à chaque fois", "negative"),
    ("Malgré la panne, le service client Free a été parfait", "positive"),
    ("Malgré un bon accueil, la chambre était sale et bruyante", "negative"),
]
CONTRAST_EN = [
    ("The checkout was slow, but Zalando support sorted it out in minutes", "positive"),
    ("The phone looks great but the battery is terrible", "negative"),
    ("Shipping took ages, however the product is excellent", "positive"),
    ("Nice staff but the food was cold and bland", "negative"),
    ("I was skeptical at first, but this app is brilliant", "positive"),
    ("The price is fair but it broke after a week", "negative"),
    ("The wait was long but the doctor was wonderful", "positive"),
    ("Good idea, however the execution is a total mess", "negative"),
    ("A bit pricey, but worth every penny", "positive"),
    ("The hotel is beautiful but the service was awful", "negative"),
    ("Setup was confusing, but customer support was amazing", "positive"),
    ("Great camera, but the software is buggy and slow", "negative"),
    ("My order was late, but it arrived in perfect condition", "positive"),
    ("The update looks nice, however it drains my battery", "negative"),
    ("The first episode was dull, but the rest of the season is fantastic", "positive"),
    ("Friendly agents, but my problem is still not fixed", "negative"),
    ("Great support from Orange despite the outage", "positive"),
    ("Despite the great design, the app keeps crashing", "negative"),
]


READINGS = [
    *readings("irony", "fr", IRONY_FR, "negative"),
    *readings("irony", "en", IRONY_EN, "negative"),
    *readings("news", "fr", NEWS_FR, "neutral"),
    *readings("news", "en", NEWS_EN, "neutral"),
    *readings("bad-news", "fr", BAD_NEWS_FR, "negative"),
    *readings("bad-news", "en", BAD_NEWS_EN, "negative"),
    *readings("contrast", "fr", CONTRAST_FR),
    *readings("contrast", "en", CONTRAST_EN),
]


@pytest.mark.parametrize(("text", "language", "tone"), READINGS)
def test_irony_news_bad_news_and_contrast_read_as_a_reader_would(checker, text, language, tone):
    assert checker.analyze(text, language).label == tone
