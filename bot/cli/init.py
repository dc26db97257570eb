"""`veille init`: a commented configuration to start from, written without asking anything."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path
from string import Template

from veille.i18n import Lang, t

EXIT_EXISTS = 1
# The Google News edition that goes with each language.
EDITIONS: dict[Lang, tuple[str, str]] = {"fr": ("fr", "FR"), "en": ("en", "US")}


def starter_config(lang: Lang) -> str:
    template = resources.files("veille.cli").joinpath(f"starter.{lang}.toml").read_text(encoding="utf-8")
    news_language, news_country = EDITIONS[lang]
    return Template(template).substitute(
        language=lang, news_language=news_language, news_country=news_country
    )


def init_command(path: str, lang: Lang) -> int:
    target = Path(path)
    try:
        with target.open("x", encoding="utf-8") as file:
            file.write(starter_config(lang))
    except FileExistsError:
        print(f"veille: {t('cli.init.exists', lang, path=target)}", file=sys.stderr)
        return EXIT_EXISTS
    except OSError as exc:
        print(f"veille: {t('cli.cannot_write', lang, path=target, reason=exc.strerror)}", file=sys.stderr)
        return EXIT_EXISTS
    print(t("cli.init.written", lang, path=target))
    return 0
