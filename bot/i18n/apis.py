"""The strings of an API source's failure: an answer that is not the JSON expected, a missing key
or token, a refused login, a spent quota, in each language. What the API itself wrote (its error
message) is placed in them as written."""

from __future__ import annotations

from veille.i18n.lang import Lang

STRINGS: dict[str, dict[Lang, str]] = {
    "api.gzip_broken": {"fr": "corps gzip abîmé : {error}", "en": "broken gzip body: {error}"},
    "api.gzip_too_large": {
        "fr": "le corps gzip dépasse {cap} Mo une fois décompressé",
        "en": "gzip body inflates past {cap} MB",
    },
    "api.undecodable": {
        "fr": "corps {encoding} indécodable : {error}",
        "en": "undecodable {encoding} body: {error}",
    },
    "api.json_empty": {
        "fr": "réponse vide là où du JSON était attendu (HTTP {status})",
        "en": "empty body where JSON was expected (HTTP {status})",
    },
    "api.json_got_html": {
        "fr": "JSON attendu, reçu une page HTML (HTTP {status})",
        "en": "expected JSON, got an HTML page (HTTP {status})",
    },
    "api.json_got_markup": {
        "fr": "JSON attendu, reçu du balisage (HTTP {status})",
        "en": "expected JSON, got markup (HTTP {status})",
    },
    "api.json_not_utf8": {
        "fr": "le JSON n'est pas en UTF-8 (octet {at})",
        "en": "JSON body is not UTF-8 (at byte {at})",
    },
    "api.json_truncated": {
        "fr": "JSON tronqué au caractère {at} sur {size} : {reason}",
        "en": "truncated JSON at character {at} of {size}: {reason}",
    },
    "api.json_malformed": {
        "fr": "JSON mal formé au caractère {at} sur {size} : {reason}",
        "en": "malformed JSON at character {at} of {size}: {reason}",
    },
    "api.json_too_deep": {"fr": "JSON trop imbriqué", "en": "JSON nested too deeply"},
    "api.answer_not_object": {
        "fr": "la réponse n'est pas un objet JSON",
        "en": "the answer is not a JSON object",
    },
    "api.answer_not_list": {
        "fr": "la réponse n'est pas une liste JSON",
        "en": "the answer is not a JSON list",
    },
    "api.field_not_object": {
        "fr": "JSON inattendu : « {field} » n'est pas un objet",
        "en": "unexpected JSON: {field} is not an object",
    },
    "api.field_not_list": {
        "fr": "JSON inattendu : « {field} » n'est pas une liste",
        "en": "unexpected JSON: {field} is not a list",
    },
    "api.answer_lacks_list": {
        "fr": "la réponse n'a pas de liste « {field} »",
        "en": "the answer has no {field} list",
    },
    "api.answer_lacks_object": {
        "fr": "la réponse n'a pas d'objet « {field} »",
        "en": "the answer has no {field} object",
    },
    "api.answer_lacks_either": {
        "fr": "la réponse n'a ni « {one} » ni « {other} »",
        "en": "the answer has neither {one} nor {other}",
    },
    "api.session_lacks_tokens": {
        "fr": "la réponse de session n'a pas de jetons",
        "en": "the session answer has no tokens",
    },
    "stream.no_endpoint": {"fr": "aucun point d'accès n'a répondu", "en": "no endpoint answered"},
    "stream.silent": {"fr": "aucun événement depuis {seconds} s", "en": "no event for {seconds} s"},
    "stream.frame_too_large": {"fr": "une trame de plus de {size} Ko", "en": "a frame over {size} KB"},
    "stream.closed": {"fr": "fermé par le serveur ({code})", "en": "closed by the server ({code})"},
    "stream.closed_because": {
        "fr": "fermé par le serveur ({code} : {reason})",
        "en": "closed by the server ({code}: {reason})",
    },
    "stream.lost": {"fr": "connexion perdue", "en": "connection lost"},
    "stream.no_answer": {"fr": "pas de réponse à temps", "en": "no answer in time"},
    "stream.batch_refused": {"fr": "lot non accepté ({error})", "en": "batch not taken ({error})"},
    "api.rate_limited": {
        "fr": "limite de requêtes atteinte, attente demandée ({detail})",
        "en": "rate limit reached, asked to wait ({detail})",
    },
    "api.too_many_requests": {
        "fr": "{said} (HTTP {status} : trop de requêtes)",
        "en": "{said} (HTTP {status}: too many requests)",
    },
    "api.check_setting": {"fr": "{said} : vérifiez {setting}", "en": "{said}: check {setting}"},
    "api.status_check_setting": {
        "fr": "{said} (HTTP {status}) : vérifiez {setting}",
        "en": "{said} (HTTP {status}): check {setting}",
    },
    "api.token_refused": {
        "fr": "le jeton est refusé ({reason}) : vérifiez {setting}",
        "en": "the token was refused ({reason}): check {setting}",
    },
    "api.search_refused": {
        "fr": "la recherche est refusée : {reason}",
        "en": "the search was refused: {reason}",
    },
    "api.search_refused_400": {
        "fr": "{said} (HTTP 400 : la recherche est refusée)",
        "en": "{said} (HTTP 400: the search was refused)",
    },
    "api.session_refused_after_renewal": {
        "fr": "HTTP {status}, la session est refusée juste après son renouvellement",
        "en": "HTTP {status}, the session was refused right after being renewed",
    },
    "api.bluesky_needs_account": {
        "fr": "Bluesky demande un compte : définissez {handle} (votre identifiant) et {password} (un mot"
        " de passe d'application, Réglages → Mots de passe d'application) dans l'environnement",
        "en": "Bluesky needs an account: set {handle} (your handle) and {password} (an app password"
        " from Settings → App passwords) in the environment",
    },
    "api.login_refused": {
        "fr": "{host} refuse la connexion de {who} : {reason} (vérifiez {handle} et {password})",
        "en": "{host} refused the login of {who}: {reason} (check {handle} and {password})",
    },
    "api.reddit_client_refused": {
        "fr": "Reddit refuse le client OAuth : {reason}",
        "en": "Reddit refused the OAuth client: {reason}",
    },
    "api.reddit_no_token": {
        "fr": "Reddit refuse le client OAuth : pas d'access_token dans la réponse",
        "en": "Reddit refused the OAuth client: no access_token in the answer",
    },
    "api.x_needs_token": {
        "fr": "X demande un jeton d'accès (bearer) : définissez {setting} dans l'environnement (console"
        " développeur → votre app → Keys and tokens → Bearer token)",
        "en": "X needs a bearer token: set {setting} in the environment (developer console → your app →"
        " Keys and tokens → Bearer token)",
    },
    "api.x_cap_reached": {
        "fr": "{said} : le plafond mensuel de posts du projet est atteint (il repart le {until} si"
        " cap_reset_day = {day}) ; nouvel essai dans un jour",
        "en": "{said}: the project's monthly post cap is reached (it resets on {until} if cap_reset_day"
        " = {day}); asking again in a day",
    },
    "api.x_rate_limited": {
        "fr": "{said} : limite de requêtes atteinte, attente demandée",
        "en": "{said}: rate limit reached, asked to wait",
    },
    "api.x_token_refused": {
        "fr": "{said} : le jeton d'accès est refusé : vérifiez {setting}",
        "en": "{said}: the bearer token was refused: check {setting}",
    },
    "api.x_search_not_allowed": {
        "fr": "{said} (HTTP 403 : le niveau d'accès de l'app ou son projet ne permet pas la recherche)",
        "en": "{said} (HTTP 403: the app's access level or project does not allow search)",
    },
    "api.x_cursor_past_window": {
        "fr": "{said} (HTTP 400 : le curseur est sorti de la fenêtre de recherche)",
        "en": "{said} (HTTP 400: the cursor is past the search window)",
    },
    "api.youtube_quota_spent": {
        "fr": "{said} (le quota du jour est épuisé jusqu'à minuit, heure du Pacifique)",
        "en": "{said} (the daily quota is spent until midnight Pacific time)",
    },
    "api.youtube_needs_key": {
        "fr": "La recherche YouTube demande une clé d'API : définissez {setting} dans l'environnement"
        " (console Google Cloud → API et services → Identifiants, avec YouTube Data API v3 activée)",
        "en": "YouTube search needs an API key: set {setting} in the environment (Google Cloud console"
        " → APIs & Services → Credentials, with YouTube Data API v3 enabled)",
    },
}
