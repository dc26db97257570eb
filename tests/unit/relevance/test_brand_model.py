"""A brand's relevance model, learned from the team's triage: what it sets aside, and why."""

from __future__ import annotations

from veille.relevance import BrandModel, Example, Judgement, set_aside

RECIPES = [
    "Recette du jus d'orange pressée maison, sucre et gingembre",
    "Tarte à l'orange et aux amandes pour le goûter",
    "Salade d'oranges à la cannelle, un dessert léger",
    "Confiture d'oranges amères, la recette de mamie",
    "Canard à l'orange pour le réveillon, recette facile",
    "Gâteau moelleux à l'orange, la recette inratable",
    "Jus d'orange frais et crêpes pour le brunch du dimanche",
    "Marmelade d'orange maison en dix minutes, recette",
    "Cake à l'orange et au chocolat, recette de saison",
    "Smoothie orange carotte gingembre, recette vitaminée",
]
OPERATOR = [
    "Orange augmente le prix de ses forfaits fibre",
    "Panne du réseau mobile Orange dans le sud-ouest",
    "Le service client Orange ne répond plus depuis hier",
    "Orange lance une offre 5G pour les entreprises",
    "La Livebox Orange redémarre toute seule la nuit",
    "Orange annonce des résultats trimestriels en hausse",
    "Facture Orange erronée ce mois-ci, abonnement fibre",
    "Orange déploie la fibre dans trois nouvelles communes",
    "Le réseau Orange saturé pendant le concert",
    "Orange Business signe avec la région pour le haut débit",
]


def orange(text: str, site: str | None = None) -> Example:
    return Example(brand="Orange", text=text, terms=("Orange",), source="rss", site=site, language="fr")


def triage() -> list[tuple[Example, bool]]:
    recipes = [(orange(text, "www.marmiton.org"), False) for text in RECIPES]
    operator = [(orange(text, "www.lesnumeriques.com"), True) for text in OPERATOR]
    return [decision for pair in zip(recipes, operator, strict=True) for decision in pair]


def test_with_no_decisions_every_mention_is_relevant():
    judgement = BrandModel().judge(orange("Recette du jus d'orange pressée", "www.marmiton.org"))
    assert judgement == Judgement(probability=1.0, words=(), decisions=0, learned=False)
    assert not set_aside(judgement)


def test_decisions_of_one_kind_only_teach_nothing_yet():
    model = BrandModel.trained((orange(text), False) for text in RECIPES)
    judgement = model.judge(orange("Orange augmente ses prix"))
    assert (judgement.probability, judgement.learned, judgement.decisions) == (1.0, False, 10)


def test_after_ten_recipes_not_relevant_and_ten_operator_posts_handled_a_new_recipe_is_set_aside():
    model = BrandModel.trained(triage())
    recipe = model.judge(orange("Une recette de tarte au jus d'orange pressée", "www.marmiton.org"))
    news = model.judge(orange("Orange augmente encore le prix de la fibre", "www.lesnumeriques.com"))
    assert recipe.learned and recipe.decisions == 20
    assert set_aside(recipe)
    assert not set_aside(news)
    assert recipe.probability < news.probability
    assert 2 <= len(recipe.words) <= 3
    assert set(recipe.words) & {"recette", "jus", "site:marmiton.org", "pressée"}


def test_french_accents_and_case_do_not_matter():
    model = BrandModel.trained(triage())
    written = model.judge(orange("Recette de la tarte à l'orange pressée, gâteau du goûter", "marmiton.org"))
    shouted = model.judge(orange("RECETTE DE LA TARTE A L'ORANGE PRESSEE, GATEAU DU GOUTER", "marmiton.org"))
    assert shouted.probability == written.probability
    assert set_aside(shouted) and set_aside(written)


def test_english_mentions_are_read_too():
    fruit = [
        Example("Orange", f"Squeeze an orange for the juice, {dish} recipe", ("orange",)) for dish in RECIPES
    ]
    operator = [
        Example("Orange", f"Orange raises broadband prices, {n} customers angry", ("Orange",))
        for n in range(10)
    ]
    model = BrandModel.trained([*((e, False) for e in fruit), *((e, True) for e in operator)])
    assert set_aside(
        model.judge(Example("Orange", "Orange juice recipe: squeeze three oranges", ("orange",)))
    )
    assert not set_aside(
        model.judge(Example("Orange", "Orange customers angry about broadband", ("Orange",)))
    )


def test_the_same_decisions_give_the_same_verdicts():
    first = BrandModel.trained(triage())
    second = BrandModel.trained(triage())
    example = orange("Recette de jus d'orange", "www.marmiton.org")
    assert first.judge(example) == second.judge(example)


def test_learning_one_decision_at_a_time_is_training_on_them_all():
    learned = BrandModel()
    for example, relevant in triage():
        learned.learn(example, relevant)
    trained = BrandModel.trained(triage())
    for text in ["Recette de crêpes à l'orange", "Orange coupe la fibre", "Un mot sans rapport"]:
        assert learned.judge(orange(text)) == trained.judge(orange(text))


def test_a_lower_threshold_sets_aside_less():
    model = BrandModel.trained(triage())
    judgement = model.judge(orange("Une recette de tarte au jus d'orange pressée", "www.marmiton.org"))
    assert set_aside(judgement, threshold=judgement.probability + 0.01)
    assert not set_aside(judgement, threshold=judgement.probability)


SUMS = [
    "Au total, {n} personnes ont assisté au concert de {place}",
    "Un total de {n} euros récoltés pour l'association de {place}",
    "Le total des ventes à {place} dépasse {n} exemplaires",
    "{n} buts au total pour l'équipe de {place} cette saison",
    "Blackout total sur {place} pendant {n} minutes hier soir",
]
PLACES = [
    *("Lyon", "Nantes", "Lille", "Rennes", "Brest", "Dijon", "Metz", "Tours", "Nice", "Caen", "Pau", "Albi"),
    *("Sète", "Agen", "Bayonne", "Niort"),
]
TOTALENERGIES = [
    "TotalEnergies baisse le prix du carburant dans ses stations",
    "Les stations TotalEnergies à court de gazole ce week-end",
    "TotalEnergies annonce un bénéfice record grâce au pétrole",
    "Grève dans les raffineries de TotalEnergies, stations à sec",
    "Les stations TotalEnergies augmentent encore le prix du carburant",
    "Grève des raffineries : les stations TotalEnergies manquent de gazole",
]


def total(text: str) -> Example:
    return Example(brand="Total", text=text, terms=("Total", "TotalEnergies"), language="fr")


def test_a_brand_whose_mentions_are_nearly_all_off_topic_still_keeps_its_few_real_mentions():
    # 80 mentions of "total" as a word, 4 about the company, as the team triaged them
    sums = [
        total(pattern.format(n=3 * i + j, place=place))
        for i, place in enumerate(PLACES)
        for j, pattern in enumerate(SUMS)
    ]
    decisions = [(example, False) for example in sums]
    for k, text in enumerate(TOTALENERGIES[:4]):
        decisions.insert(20 * k + 5, (total(text), True))
    model = BrandModel.trained(decisions)

    kept = [model.judge(total(text)) for text in TOTALENERGIES[4:]]
    doubted = [
        model.judge(total(text))
        for text in [
            "Au total, 300 personnes ont assisté au concert de Marseille",
            "Un total de 500 euros récoltés pour l'association de Marseille",
        ]
    ]
    assert all(judgement.learned for judgement in kept + doubted)
    assert not any(set_aside(judgement) for judgement in kept)
    assert all(set_aside(judgement) for judgement in doubted)
