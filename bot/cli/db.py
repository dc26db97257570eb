"""`veille db current` and `veille db upgrade`: the database schema's revision, and its upgrade.

The bot upgrades the schema itself at start; these commands let an operator see where a database
stands, or upgrade it ahead of a start (before switching replicas to a new version, say).
"""

from __future__ import annotations

import sys

from sqlalchemy.exc import OperationalError

from veille.config import LoadedConfig
from veille.i18n import Lang, t
from veille.store import Store
from veille.store.migrate import DatabaseTooNew, current, head, is_known, unreachable, upgrade

EXIT_TOO_NEW = 1
EXIT_UNREACHABLE = 1


def db_command(loaded: LoadedConfig, action: str) -> int:
    lang = loaded.config.veille.language
    store = Store(loaded.database_url())
    try:
        return _answer(store, action, lang)
    except OperationalError as exc:
        database, reason = unreachable(store.engine, exc)
        print(f"veille: {t('db.unreachable', lang, database=database, reason=reason)}", file=sys.stderr)
        return EXIT_UNREACHABLE
    finally:
        store.close()


def _answer(store: Store, action: str, lang: Lang) -> int:
    if action == "upgrade":
        try:
            done = upgrade(store.engine)
        except DatabaseTooNew as exc:
            print(f"veille: {t('db.too_new', lang, revision=exc.revision, head=exc.head)}", file=sys.stderr)
            return EXIT_TOO_NEW
        if done.changed:
            before = done.before or t("db.revision.none", lang)
            print(t("db.upgrade.done", lang, before=before, after=done.after))
        else:
            print(t("db.upgrade.already", lang, revision=done.after))
        return 0
    revision = current(store.engine)
    newest = head()
    if revision is None:
        print(t("db.current.none", lang, head=newest))
    elif revision == newest:
        print(t("db.current.up_to_date", lang, revision=revision))
    elif is_known(revision):
        print(t("db.current.behind", lang, revision=revision, head=newest))
    else:
        print(f"veille: {t('db.too_new', lang, revision=revision, head=newest)}", file=sys.stderr)
        return EXIT_TOO_NEW
    return 0
