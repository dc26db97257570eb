"""Posts that name Orange the fruit and Orange the operator, and a team that triages them: enough
decisions for the relevance model to learn the brand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.fakes.feeds import FeedEntry
from veille.model import Item
from veille.store import Store

FRUIT = [
    ("Jus d'orange pressée maison", "La recette du jus d'orange frais, avec un peu de citron."),
    ("Tarte à l'orange", "Une tarte à l'orange et aux amandes pour le dessert du dimanche."),
    ("Confiture d'orange amère", "Faire sa confiture d'orange : sucre, zestes et patience."),
    ("Salade d'orange à la cannelle", "Un dessert frais : orange, cannelle et fleur d'oranger."),
    ("Gâteau moelleux à l'orange", "La recette du gâteau à l'orange de ma grand-mère."),
    ("Canard à l'orange", "Le canard à l'orange, recette classique de la cuisine française."),
    ("Cake orange et chocolat", "Un cake au chocolat et à l'orange confite pour le goûter."),
    ("Vitamine C : le jus d'orange", "Le jus d'orange du matin, bon pour la santé ?"),
    ("Marmelade d'orange anglaise", "La marmelade d'orange se tartine au petit déjeuner."),
    ("Orange givrée", "Un dessert glacé : l'orange givrée, recette facile pour l'été."),
]
OPERATOR = [
    ("Orange augmente ses forfaits mobiles", "L'opérateur Orange relève le prix de ses forfaits."),
    ("Panne de la fibre Orange", "Des milliers d'abonnés Orange privés d'internet ce matin."),
    ("Orange lance la 5G à Lyon", "L'opérateur Orange déploie son réseau 5G dans la ville."),
    ("Le service client d'Orange critiqué", "Les abonnés se plaignent du service client Orange."),
    ("Orange et sa nouvelle box", "La Livebox d'Orange arrive avec le wifi 7 pour les abonnés."),
    ("Résultats trimestriels d'Orange", "Le chiffre d'affaires de l'opérateur Orange progresse."),
    ("Orange recrute des techniciens", "L'opérateur Orange embauche pour déployer la fibre."),
    ("Orange Bank ferme", "Orange arrête sa banque en ligne, les clients doivent partir."),
    ("Le réseau mobile d'Orange en tête", "Orange a le meilleur réseau mobile selon l'Arcep."),
    ("Forfait Sosh d'Orange", "La marque Sosh d'Orange propose un forfait à petit prix."),
]
NEXT_FRUIT = (
    "Confiture d'orange et recette de tarte",
    "Une recette de confiture d'orange pour la tarte du dessert.",
)
NEXT_OPERATOR = (
    "Orange coupe la fibre",
    "L'opérateur Orange annonce une panne du réseau de fibre pour ses abonnés.",
)
ORANGE = {"name": "Orange", "terms": ["Orange"], "channel": "#veille"}


def entry(index: int, title: str, text: str, kind: str) -> FeedEntry:
    return FeedEntry(title, text, f"https://{kind}.example.fr/{index}", f"{kind}-{index}")


def entries() -> list[FeedEntry]:
    """The ten fruit posts and the ten operator posts, alternating as they would come."""
    out = []
    for index, (fruit, operator) in enumerate(zip(FRUIT, OPERATOR, strict=True)):
        out.append(entry(index, *fruit, "cuisine"))
        out.append(entry(index, *operator, "telecom"))
    return out


def item(index: int, title: str, text: str, kind: str) -> Item:
    return Item(
        source=kind,
        source_type="rss",
        title=title,
        text=text,
        url=f"https://{kind}.example.fr/{index}",
        guid=f"{kind}-{index}",
    )


def items() -> list[Item]:
    return [
        item(i, *e, k)
        for i, (f, o) in enumerate(zip(FRUIT, OPERATOR, strict=True))
        for e, k in ((f, "cuisine"), (o, "telecom"))
    ]


def triage_all(store: Store, alert_ids: list[int], start: datetime | None = None) -> None:
    """The team's verdicts on the alerts of `items()`, in order: fruit not relevant, operator handled."""
    at = start or datetime.now(UTC) - timedelta(hours=1)
    for n, alert_id in enumerate(alert_ids):
        state = "not_relevant" if n % 2 == 0 else "handled"
        assert store.set_alert_state(alert_id, state, "U0MARIE01", at + timedelta(seconds=n))
