"""Canonical URLs: the key that recognises one item behind its many addresses."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

# Parameters that track the click, not identify the page. French media often add AT Internet's
# `xtor` / `at_*`; newsletters add Mailchimp's `mc_*`.
_TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "igshid",
        "igsh",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "xtor",
        "ncid",
        "cmpid",
        "ref_src",
        "ref_url",
        "spm",
        "s_cid",
        "oly_enc_id",
        "oly_anon_id",
        "vero_id",
        "_ga",
        "_gl",
        "ito",
        "sr_share",
        "share",
        "si",
        "feature",
        "guccounter",
        "guce_referrer",
        "guce_referrer_sig",
    }
)
_TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_", "ns_", "hsa_")
# A web address as a reader sees one in running text (what Slack makes a link of).
WEB_ADDRESS = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
# A path of these characters only (no escape to read) is what quoting its unquoted form gives.
_PLAIN_PATH = re.compile(r"[A-Za-z0-9/:@!$&'()*+,;=\-._~]*")


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_PARAMS or lowered.startswith(_TRACKING_PREFIXES)


def canonical_url(url: str) -> str | None:
    """A stable key for an http(s) URL, or None for anything else.

    Lower-case host without `www.`, no fragment, no default port, no tracking parameters, the
    remaining parameters sorted, no trailing slash; http and https count as the same page.
    """
    url = url.strip()
    if not url:
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    path = parts.path
    if not _PLAIN_PATH.fullmatch(path):
        path = quote(unquote(path), safe=_PATH_SAFE)
    if len(path) > 1:
        path = path.rstrip("/")
    if not path:
        path = "/"
    if not parts.query:
        return f"https://{host}{path}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    query.sort()
    return urlunsplit(("https", host, path, urlencode(query), ""))


def is_web_url(url: str | None) -> bool:
    if not url:
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.lower()
    return host[4:] if host.startswith("www.") else host
