"""The strings of boolean queries: each parse error with its hint, `/veille test`, mutes."""

from __future__ import annotations

from veille.i18n.lang import Lang

STRINGS: dict[str, dict[Lang, str]] = {
    # /veille search when counting stopped early: {total} is already written as a number.
    "search.heading_at_least": {
        "fr": "🔎 `{query}` : résultats {first}–{last} sur plus de {total}",
        "en": "🔎 `{query}`: results {first}–{last} of more than {total}",
    },
    "query.section": {"fr": "Requêtes", "en": "Queries"},
    "query.error_line": {
        "fr": "caractère {column} (près de « {near} ») : {problem} {hint}",
        "en": 'character {column} (near "{near}"): {problem} {hint}',
    },
    "query.test_needs_query": {
        "fr": "Donnez la requête à essayer, par exemple `/veille test orange (forfait OR fibre) -mécanique`.",
        "en": "Give the query to try, for example `/veille test orange (plan OR fiber) -juice`.",
    },
    "query.refused": {
        "fr": "❌ Cette requête ne peut pas être lue : {problem}",
        "en": "❌ This query cannot be read: {problem}",
    },
    "query.preview_count": {
        "fr": "🔎 `{query}` trouverait *{matched}* {matched:plural:élément|éléments} sur"
        " {scanned:plural:{scanned} reçu|les {scanned} reçus} {days:plural:depuis hier|ces {days} derniers"
        " jours}.",
        "en": "🔎 `{query}` would find *{matched}* {matched:plural:item|items} of the {scanned} received"
        " {days:plural:in the last day|in the last {days} days}.",
    },
    "query.preview_none": {
        "fr": "Aucun élément récent ne correspond. Essayez des mots plus larges, `OR`, ou `veill*`.",
        "en": "No recent item matches. Try broader words, `OR`, or `monitor*`.",
    },
    "query.preview_examples": {"fr": "Les plus récents :", "en": "The newest:"},
    "query.preview_open": {"fr": "ouvrir", "en": "open"},
    "query.preview_untitled": {"fr": "(sans titre)", "en": "(untitled)"},
    "query.preview_saved_nowhere": {
        "fr": "Rien n'est enregistré. Pour l'adopter : `query = \"…\"` dans la marque, dans config.toml.",
        "en": 'Nothing is saved. To adopt it: `query = "…"` on the brand, in config.toml.',
    },
    "mutes.none": {
        "fr": "Rien n'est masqué. Le bouton « Pas pertinent » d'une alerte propose de masquer son auteur,"
        " son site ou un mot ; `/veille mute` le fait par son nom.",
        "en": 'Nothing is muted. An alert\'s "Not relevant" button offers to mute its author, its site'
        " or a word; `/veille mute` does it by name.",
    },
    "mutes.title": {
        "fr": "🔇 *Masqué depuis Slack* ({count}) — en plus de la configuration :",
        "en": "🔇 *Muted from Slack* ({count}) — on top of the configuration:",
    },
    "mutes.kind_author": {"fr": "auteur", "en": "author"},
    "mutes.kind_site": {"fr": "site", "en": "site"},
    "mutes.kind_word": {"fr": "mot exclu", "en": "excluded word"},
    "mutes.line": {
        "fr": "• `{id}` {kind} *{value}*{scope} — par {user}, le {when} · `/veille unmute {undo}`",
        "en": "• `{id}` {kind} *{value}*{scope} — by {user}, {when} · `/veille unmute {undo}`",
    },
    "mutes.scope": {"fr": " (marque {brand})", "en": " (brand {brand})"},
    "mutes.more": {"fr": "… et {count} de plus.", "en": "… and {count} more."},
    "mute.needs_target": {
        "fr": "Dites quoi masquer : `author:Nom`, `site:exemple.fr` ou `word:mot` (un mot exclu pour"
        " toutes les marques, ou pour une seule : `word:recette brand:Orange`).",
        "en": "Say what to mute: `author:Name`, `site:example.com` or `word:word` (a word excluded for"
        " every brand, or for one: `word:recipe brand:Orange`).",
    },
    "mute.brand_for_words": {
        "fr": "`brand:` s'applique à un mot exclu (`word:recette brand:Orange`) : un auteur ou un site"
        " est masqué pour toutes les marques.",
        "en": "`brand:` goes with an excluded word (`word:recipe brand:Orange`): an author or a site is"
        " muted for every brand.",
    },
    "mute.not_a_site": {
        "fr": "`{value}` n'est pas un site : donnez son domaine, comme `site:exemple.fr`, ou une adresse"
        " de ses pages.",
        "en": "`{value}` is not a site: give its domain, such as `site:example.com`, or the address of"
        " one of its pages.",
    },
    "mute.word_everywhere": {
        "fr": "🔇 Le mot *{value}* exclut désormais les mentions de toutes les marques, dès la prochaine"
        " collecte. Annuler : `/veille unmute word:{value}`",
        "en": "🔇 The word *{value}* now excludes mentions of every brand, from the next poll."
        " Undo: `/veille unmute word:{value}`",
    },
    "mute.word_for_brand": {
        "fr": "🔇 Le mot *{value}* exclut désormais les mentions {brand:de}, dès la prochaine collecte."
        " Annuler : `/veille unmute word:{value}`",
        "en": "🔇 The word *{value}* now excludes mentions of {brand}, from the next poll."
        " Undo: `/veille unmute word:{value}`",
    },
    "unmute.needs_target": {
        "fr": "Dites quoi rétablir : `author:Nom`, `site:exemple.fr`, `word:mot` ou le numéro affiché par"
        " `/veille mutes`.",
        "en": "Say what to unmute: `author:Name`, `site:example.com`, `word:word` or the number shown by"
        " `/veille mutes`.",
    },
    "unmute.not_found": {
        "fr": "Rien de masqué ne correspond à `{target}`. `/veille mutes` donne la liste.",
        "en": "Nothing muted matches `{target}`. `/veille mutes` lists them.",
    },
    "unmute.done": {
        "fr": "🔊 Rétabli : {kind} *{value}*. S'applique dès la prochaine collecte.",
        "en": "🔊 Unmuted: {kind} *{value}*. Applies from the next poll.",
    },
    "query.error.empty": {"fr": "La requête est vide.", "en": "The query is empty."},
    "query.hint.empty": {
        "fr": "Écrivez au moins un mot, par exemple `orange forfait`.",
        "en": "Write at least one word, for example `orange plan`.",
    },
    "query.error.too_long": {
        "fr": "La requête dépasse {limit} caractères.",
        "en": "The query is longer than {limit} characters.",
    },
    "query.hint.too_long": {
        "fr": "Raccourcissez-la, ou utilisez plutôt la liste `exclude`.",
        "en": "Shorten it, or use the `exclude` list instead.",
    },
    "query.error.too_deep": {
        "fr": "Trop de parenthèses imbriquées.",
        "en": "Too many nested parentheses.",
    },
    "query.hint.too_deep": {
        "fr": "Simplifiez la requête : 20 niveaux au plus.",
        "en": "Simplify the query: 20 levels at most.",
    },
    "query.error.unclosed_quote": {
        "fr": "Ce guillemet n'est jamais fermé.",
        "en": "This quote is never closed.",
    },
    "query.hint.unclosed_quote": {
        "fr": "Ajoutez le guillemet fermant à la fin de l'expression exacte.",
        "en": "Add the closing quote at the end of the exact phrase.",
    },
    "query.error.unclosed_paren": {
        "fr": "Cette parenthèse n'est jamais fermée.",
        "en": "This parenthesis is never closed.",
    },
    "query.hint.unclosed_paren": {
        "fr": "Ajoutez « ) » à la fin du groupe.",
        "en": 'Add ")" at the end of the group.',
    },
    "query.error.unopened_paren": {
        "fr": "Cette parenthèse fermante n'a pas d'ouvrante.",
        "en": "This closing parenthesis has no opening one.",
    },
    "query.hint.unopened_paren": {
        "fr": "Supprimez-la, ou ajoutez « ( » au début du groupe.",
        "en": 'Remove it, or add "(" where the group starts.',
    },
    "query.error.empty_group": {
        "fr": "Il manque un mot ici (groupe vide ou opérateur mal placé).",
        "en": "A word is missing here (empty group or misplaced operator).",
    },
    "query.hint.empty_group": {
        "fr": "Mettez au moins un mot entre les parenthèses.",
        "en": "Put at least one word between the parentheses.",
    },
    "query.error.dangling_or": {
        "fr": "« {op} » doit relier deux mots ou groupes.",
        "en": '"{op}" must join two words or groups.',
    },
    "query.hint.dangling_or": {
        "fr": 'Écrivez un mot de chaque côté, par exemple `fibre {op} forfait`, ou mettez "{op}"'
        " entre guillemets pour chercher le mot lui-même.",
        "en": 'Write a word on each side, for example `fiber {op} plan`, or put "{op}" in quotes'
        " to search for the word itself.",
    },
    "query.error.dangling_not": {
        "fr": "« {op} » doit être suivi d'un mot ou d'un groupe à exclure.",
        "en": '"{op}" must be followed by a word or group to exclude.',
    },
    "query.hint.dangling_not": {
        "fr": "Par exemple `orange -mécanique` ou `orange NOT (jus OR fruit)`.",
        "en": "For example `orange -juice` or `orange NOT (juice OR fruit)`.",
    },
    "query.error.no_word": {
        "fr": "« {text} » ne contient ni lettre ni chiffre.",
        "en": '"{text}" has no letter or digit.',
    },
    "query.hint.no_word": {
        "fr": "Seuls les mots comptent (#, @, ponctuation et emoji sont ignorés) : retirez-le.",
        "en": "Only words count (#, @, punctuation and emoji are ignored): remove it.",
    },
    "query.error.wildcard_inside": {
        "fr": "Dans « {word} », l'étoile n'est pas à la fin du mot.",
        "en": 'In "{word}", the star is not at the end of the word.',
    },
    "query.hint.wildcard_inside": {
        "fr": "`*` ne remplace que la fin d'un mot : `veill*` trouve veille, veiller, veilleur.",
        "en": "`*` only stands for the end of a word: `monitor*` finds monitor, monitoring.",
    },
    "query.error.wildcard_short": {
        "fr": "« {word} » : il faut au moins {n} lettres avant l'étoile.",
        "en": '"{word}": at least {n} letters are needed before the star.',
    },
    "query.hint.wildcard_short": {
        "fr": "Allongez le début du mot, par exemple `veill*`.",
        "en": "Make the start of the word longer, for example `monit*`.",
    },
    "query.error.field_empty": {
        "fr": "Le champ « {field}: » n'a pas de valeur.",
        "en": 'Field "{field}:" has no value.',
    },
    "query.hint.field_empty": {
        "fr": "Collez la valeur aux deux-points, sans espace : `{field}:valeur`.",
        "en": "Put the value right after the colon, without a space: `{field}:value`.",
    },
    "query.error.field_group": {
        "fr": "Le champ « {field}: » prend une seule valeur, pas un groupe.",
        "en": 'Field "{field}:" takes one value, not a group.',
    },
    "query.hint.field_group": {
        "fr": "Répétez le champ : `({field}:a OR {field}:b)`.",
        "en": "Repeat the field: `({field}:a OR {field}:b)`.",
    },
    "query.error.unknown_field": {
        "fr": "Je ne connais pas le champ « {field}: ».",
        "en": 'I don\'t know the field "{field}:".',
    },
    "query.hint.unknown_field": {
        "fr": "Champs connus : {known}. Pour chercher le texte tel quel, mettez-le entre guillemets.",
        "en": "Known fields: {known}. To search for the text as is, put it in quotes.",
    },
    "query.error.unknown_field_close": {
        "fr": "Je ne connais pas le champ « {field}: ».",
        "en": 'I don\'t know the field "{field}:".',
    },
    "query.hint.unknown_field_close": {
        "fr": "Vouliez-vous dire `{suggestion}:` ? Champs connus : {known}.",
        "en": "Did you mean `{suggestion}:`? Known fields: {known}.",
    },
    "query.error.bad_site": {
        "fr": "« {value} » n'est pas un nom de site.",
        "en": '"{value}" is not a site name.',
    },
    "query.hint.bad_site": {
        "fr": "Écrivez le domaine seul, par exemple `site:lemonde.fr` (ses sous-domaines comptent).",
        "en": "Write the domain alone, for example `site:lemonde.fr` (its subdomains count).",
    },
    "query.error.bad_source": {
        "fr": "« {value} » n'est pas un type de source.",
        "en": '"{value}" is not a source type.',
    },
    "query.hint.bad_source": {
        "fr": "Écrivez le type tel que dans la configuration, par exemple `source:rss`.",
        "en": "Write the type as in the configuration, for example `source:rss`.",
    },
    "query.error.bad_lang": {
        "fr": "« {value} » n'est pas une langue reconnue.",
        "en": '"{value}" is not a known language.',
    },
    "query.hint.bad_lang": {
        "fr": "Langues possibles : {known} (par exemple `lang:fr`).",
        "en": "Possible languages: {known} (for example `lang:en`).",
    },
    "query.error.only_negative": {
        "fr": "La requête ne dit que ce qu'il faut exclure.",
        "en": "The query only says what to leave out.",
    },
    "query.hint.only_negative": {
        "fr": "Ajoutez ce qu'il faut chercher, par exemple `orange -mécanique`.",
        "en": "Add what to look for, for example `orange -juice`.",
    },
}
