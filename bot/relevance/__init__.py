"""Whether a mention is about the brand, learned per brand from the team's triage in Slack.

"Not relevant" teaches a negative; "Handled", "Assign", a tone correction and "Bring back" teach
a positive. `BrandModel.trained` rebuilds a brand's model from its stored decisions (a batch fit);
`judge` gives the probability that a new mention is about the brand and the words that weighed;
`set_aside` says whether it falls below the brand's own cut, learned from its decisions and
placed at `THRESHOLD` in that probability (settings chosen on the dev split of
benchmarks/relevance.py).
"""

from veille.relevance.features import Example
from veille.relevance.model import (
    DEFAULTS,
    MIN_DECISIONS,
    THRESHOLD,
    BrandModel,
    Judgement,
    Settings,
    set_aside,
)

__all__ = [
    "DEFAULTS",
    "MIN_DECISIONS",
    "THRESHOLD",
    "BrandModel",
    "Example",
    "Judgement",
    "Settings",
    "set_aside",
]
