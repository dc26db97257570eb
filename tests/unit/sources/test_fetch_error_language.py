"""A failed fetch is told in the reader's language: its kind, then what happened; what a site wrote
itself stays as it wrote it, and the logs keep the English."""

from __future__ import annotations

from typing import get_args

import pytest

from veille.i18n import said
from veille.sources.base import FailureKind, FetchDeferred, FetchError, every_part_failed


@pytest.mark.parametrize("kind", get_args(FailureKind))
def test_every_kind_of_failure_has_a_name_in_each_language(kind):
    error = FetchError(kind, "détail")
    assert error.said("en") == f"{kind}: détail"  # the English is the word the logs and metrics use
    assert error.said("fr").endswith(" : détail") and kind not in error.said("fr").split(" : ")[0]


def test_a_failure_placed_at_an_endpoint_names_it_once_in_each_language():
    refused = FetchError("network", said("fetch.connection_refused", address="127.0.0.1:9"))
    assert refused.at("127.0.0.1:9").said("fr") == refused.said("fr")  # its detail names it already
    placed = FetchError("http", said("fetch.status", status=502)).at("api.example.fr")
    assert placed.said("fr") == "erreur du site : api.example.fr : HTTP 502"
    assert placed.said("en") == str(placed) == "http: api.example.fr: HTTP 502"


def test_a_sites_own_words_stay_as_written_and_several_failures_are_told_together():
    own = FetchError("invalid", "the search was refused: bad token")
    assert own.said("fr") == "réponse illisible : the search was refused: bad token"
    held = FetchDeferred("a.example asked us to wait 60 s more", 60)
    both = every_part_failed([own, held, FetchError("http", said("fetch.status", status=500))])
    assert both.said("fr") == "réponse illisible : the search was refused: bad token; HTTP 500"
    assert every_part_failed([held]) is held  # held back by Veille everywhere: not a failure
