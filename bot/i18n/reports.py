"""The strings of the daily and weekly summaries, spike alerts and the tone report."""

from __future__ import annotations

from veille.i18n.lang import Lang

STRINGS: dict[str, dict[Lang, str]] = {
    "report.section": {"fr": "Rapports", "en": "Reports"},
    "report.daily_title": {"fr": "📊 Résumé du {date}", "en": "📊 Summary for {date}"},
    "report.daily_fallback": {"fr": "Résumé du {date} : {counts}", "en": "Summary for {date}: {counts}"},
    "report.window": {"fr": "Du {start} au {end}", "en": "From {start} to {end}"},
    "report.brand_total": {
        "fr": "*{brand}* : {count} {count:plural:mention|mentions} {vs_previous}{vs_average}",
        "en": "*{brand}*: {count} {count:plural:mention|mentions} {vs_previous}{vs_average}",
    },
    "report.vs_previous": {"fr": "({change} par rapport à la veille", "en": "({change} on the day before"},
    "report.vs_previous_none": {"fr": "(aucune la veille", "en": "(none the day before"},
    "report.vs_average": {
        "fr": " ; {change} par rapport à la moyenne sur 7 jours, {average}/jour)",
        "en": "; {change} against the 7-day average of {average}/day)",
    },
    "report.vs_average_none": {
        "fr": " ; rien sur les 7 jours d'avant)",
        "en": "; none in the 7 days before)",
    },
    "report.tone_split": {
        "fr": "🟢 {positive} {positive:plural:positive|positives} ({positive_share})"
        " · ⚪ {neutral} {neutral:plural:neutre|neutres} ({neutral_share})"
        " · 🔴 {negative} {negative:plural:négative|négatives} ({negative_share})",
        "en": "🟢 {positive} positive ({positive_share}) · ⚪ {neutral} neutral ({neutral_share})"
        " · 🔴 {negative} negative ({negative_share})",
    },
    "report.aside_title": {"fr": "🤔 Mis de côté", "en": "🤔 Set aside"},
    "report.aside_count": {
        "fr": "{count} {count:plural:mention mise|mentions mises} de côté, probablement pas à propos"
        " de la marque",
        "en": "{count} {count:plural:mention|mentions} set aside as probably not about the brand",
    },
    "report.aside_brought_back": {
        "fr": "dont {count} {count:plural:ramenée|ramenées}",
        "en": "{count} of them brought back",
    },
    "report.aside_dropped": {
        "fr": "{count} {count:plural:mention écartée|mentions écartées} sans alerte",
        "en": "{count} {count:plural:mention|mentions} dropped without an alert",
    },
    "report.aside_unlikely": {"fr": "pas à propos à {percent}", "en": "{percent} not about it"},
    "report.weekly_aside": {
        "fr": "🤔 Cette semaine, {count} {count:plural:mention mise|mentions mises} de côté ;"
        " l'équipe en a ramené ou jugé pertinentes {back} ({rate} de ratés du filtre)",
        "en": "🤔 This week, {count} {count:plural:mention|mentions} set aside;"
        " the team brought back or found relevant {back} of them (the filter missed {rate})",
    },
    "report.top_sources": {"fr": "Principales sources : {sources}", "en": "Top sources: {sources}"},
    "report.top_positive": {"fr": "Les plus visibles, positives :", "en": "Most visible positive:"},
    "report.top_negative": {"fr": "Les plus visibles, négatives :", "en": "Most visible negative:"},
    "report.unhandled": {
        "fr": "🔴 {count} {count:plural:mention négative|mentions négatives}"
        " {count:plural:pas encore traitée|pas encore traitées} sur 7 jours",
        "en": "🔴 {count} negative {count:plural:mention|mentions} from the last 7 days not handled yet",
    },
    "report.failing": {
        "fr": "⚠️ Sources en échec : {sources} (`veille sources` donne le détail)",
        "en": "⚠️ Failing sources: {sources} (`veille sources` has the details)",
    },
    "report.nothing": {
        "fr": "☀️ Rien aujourd'hui : aucune mention {brands} depuis hier.",
        "en": "☀️ Nothing today: no mention of {brands} since yesterday.",
    },
    "report.chart_title": {
        "fr": "Mentions par jour, 14 derniers jours",
        "en": "Mentions per day, last 14 days",
    },
    "report.chart_alt": {
        "fr": "Graphique en barres empilées des mentions par jour et par ton sur 14 jours. {details}",
        "en": "Stacked bar chart of mentions per day and tone over 14 days. {details}",
    },
    "report.chart_alt_brand": {
        "fr": "{brand} : {total} au total, {positive} {positive:plural:positive|positives}, {neutral}"
        " {neutral:plural:neutre|neutres},"
        " {negative} {negative:plural:négative|négatives}, {last} le dernier jour.",
        "en": "{brand}: {total} in all, {positive} positive, {neutral} neutral, {negative} negative,"
        " {last} on the last day.",
    },
    "report.weekly_title": {"fr": "🗓️ Semaine du {start} au {end}", "en": "🗓️ Week from {start} to {end}"},
    "report.weekly_fallback": {"fr": "Bilan de la semaine : {counts}", "en": "Weekly summary: {counts}"},
    "report.weekly_brand": {
        "fr": "*{brand}* : {count} {count:plural:mention|mentions} cette semaine, {previous} la semaine"
        " d'avant ({change})",
        "en": "*{brand}*: {count} {count:plural:mention|mentions} this week, {previous} the week before"
        " ({change})",
    },
    "report.share_title": {"fr": "*Part de voix*", "en": "*Share of voice*"},
    "report.share_line": {
        "fr": "{brand} : {share} (semaine d'avant : {previous})",
        "en": "{brand}: {share} (week before: {previous})",
    },
    "report.weekly_nothing": {
        "fr": "☀️ Semaine calme : aucune mention {brands}, ni cette semaine ni la précédente.",
        "en": "☀️ A quiet week: no mention of {brands} this week or the week before.",
    },
    "report.new": {"fr": "nouveau", "en": "new"},
    "spike.volume_title": {
        "fr": "📈 Pic de mentions pour {brand}",
        "en": "📈 Spike in mentions of {brand}",
    },
    "spike.volume_why": {
        "fr": "*{count}* {count:plural:mention|mentions} dans la dernière heure, contre {usual} d'habitude"
        " à cette heure-ci"
        " (×{ratio}).",
        "en": "*{count}* {count:plural:mention|mentions} in the last hour, against {usual} usually at this"
        " time (×{ratio}).",
    },
    "spike.negative_title": {
        "fr": "🔴 Les mentions négatives {brand:de} s'envolent",
        "en": "🔴 Negative mentions of {brand} are jumping",
    },
    "spike.negative_why": {
        "fr": "*{share}* des mentions de la dernière heure sont négatives ({negative} sur {count}),"
        " contre {usual} d'habitude.",
        "en": "*{share}* of the last hour's mentions are negative ({negative} of {count}),"
        " against {usual} usually.",
    },
    "spike.terms": {"fr": "Termes : {terms}", "en": "Terms: {terms}"},
    "spike.sources": {"fr": "Sources : {sources}", "en": "Sources: {sources}"},
    "spike.see": {
        "fr": "Pour les voir : `/veille search {query}`",
        "en": "To see them: `/veille search {query}`",
    },
    "spike.fallback": {
        "fr": "{title} : {count} {count:plural:mention|mentions} en une heure",
        "en": "{title}: {count} {count:plural:mention|mentions} in an hour",
    },
    "tone_report.none": {
        "fr": "Aucune correction de ton pour l'instant : corrigez un ton depuis une alerte (menu Ton)"
        " et il apparaîtra ici.",
        "en": "No tone corrections yet: correct a tone from an alert (the Tone menu) and it will show here.",
    },
    "tone_report.title": {
        "fr": "Corrections de ton faites dans Slack : {count}",
        "en": "Tone corrections made in Slack: {count}",
    },
    "tone_report.then": {
        "fr": "L'analyseur d'alors était d'accord avec l'équipe sur {right} sur {total}.",
        "en": "The analyzer at the time agreed with the team on {right} of {total}.",
    },
    "tone_report.now": {
        "fr": "L'analyseur d'aujourd'hui (avec vos poids de termes) est d'accord sur {right} sur {total}"
        " ({percent}, F1 macro {f1}).",
        "en": "Today's analyzer (with your term weights) agrees on {right} of {total}"
        " ({percent}, macro-F1 {f1}).",
    },
    "tone_report.confidence": {
        "fr": "Marqués « confiance faible » : {unsure} (justes : {unsure_right}) ;"
        " les autres : {sure} (justes : {sure_right}).",
        "en": "Marked low confidence: {unsure} (right: {unsure_right});"
        " the others: {sure} (right: {sure_right}).",
    },
    "tone_report.confusion": {
        "fr": "Ce que l'analyseur avait dit → ce que l'équipe a choisi :",
        "en": "What the analyzer said → what the team chose:",
    },
    "tone_report.per_class": {
        "fr": "Analyseur d'aujourd'hui, par ton choisi par l'équipe :",
        "en": "Today's analyzer, per tone the team chose:",
    },
    "tone_report.class_line": {
        "fr": "précision {precision}, rappel {recall} ({support} {support:plural:correction|corrections})",
        "en": "precision {precision}, recall {recall} ({support} {support:plural:correction|corrections})",
    },
    "tone_report.still_wrong": {
        "fr": "Encore en désaccord ({count}) : ajoutez des poids de termes dans [tone.terms].",
        "en": "Still in disagreement ({count}): add term weights in [tone.terms].",
    },
    "tone_report.wrong_line": {
        "fr": "{brand} · « {title} » : équipe {team}, analyseur {analyzer} ({user}, {when})",
        "en": "{brand} · “{title}”: team {team}, analyzer {analyzer} ({user}, {when})",
    },
}
