"""Reading the TOML file: every problem becomes one `ConfigError` naming the file and the key."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from veille.config.base import ConfigError, KeyedError
from veille.config.document import Config, LoadedConfig
from veille.i18n import LANGS, Said, said, t
from veille.sources.registry import SOURCE_TYPES

SECRET_KEYS = frozenset(
    {"token", "bot_token", "app_token", "signing_secret", "password", "app_password", "secret", "api_key"}
)


def _location(loc: tuple[int | str, ...]) -> str:
    out = ""
    for index, part in enumerate(loc):
        if part in SOURCE_TYPES and index > 0 and isinstance(loc[index - 1], int):
            continue  # the discriminated union's tag: sources[0].rss.url is sources[0].url
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.startswith("function-") or part in ("int", "str", "literal['all','since_start']"):
            continue
        elif part in SOURCE_TYPES and out.startswith("sources["):
            continue  # the source union's tag names the type, not a key the user wrote
        else:
            out += f".{part}" if out else part
    return out


_NOT_OF_TYPE = {
    "int_parsing": "config.not_whole_number",
    "int_type": "config.not_whole_number",
    "int_from_float": "config.not_whole_number",
    "float_parsing": "config.not_number",
    "float_type": "config.not_number",
    "bool_parsing": "config.not_boolean",
    "bool_type": "config.not_boolean",
    "string_type": "config.not_text",
    "list_type": "config.not_list",
    "tuple_type": "config.not_list",
    "model_type": "config.not_table",
    "model_attributes_type": "config.not_table",
    "dict_type": "config.not_table",
}


def _problem(error: Any) -> Said:
    """What pydantic found wrong, in each language."""
    kind, context = error["type"], error.get("ctx") or {}
    value = repr(error.get("input"))
    found = context.get("error")
    if isinstance(found, Said):
        return found
    if kind == "extra_forbidden":
        return said("config.unknown_key")
    if kind == "missing":
        return said("config.key_missing")
    if kind == "literal_error":
        # pydantic lists the choices in English: "'fr' or 'en'", "'low', 'medium' or 'high'".
        choices = str(context.get("expected", ""))
        return Said(
            {
                lang: t(
                    "config.not_allowed",
                    lang,
                    value=value,
                    expected=choices.replace(" or ", t("config.or", lang)),
                )
                for lang in LANGS
            }
        )
    if kind in _NOT_OF_TYPE:
        return said(_NOT_OF_TYPE[kind], value=value)
    if kind == "greater_than_equal":
        return said("config.at_least", value=value, least=context.get("ge"))
    if kind == "greater_than":
        return said("config.more_than", value=value, least=context.get("gt"))
    if kind == "less_than_equal":
        return said("config.at_most", value=value, most=context.get("le"))
    message = str(error["msg"]).removeprefix("Value error, ")
    return Said(dict.fromkeys(LANGS, message))


def _find_secret_key(data: Any, prefix: str = "") -> str | None:
    if isinstance(data, dict):
        for key, value in data.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if str(key).lower() in SECRET_KEYS:
                return path
            found = _find_secret_key(value, path)
            if found:
                return found
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found = _find_secret_key(value, f"{prefix}[{index}]")
            if found:
                return found
    return None


def parse_config(data: dict[str, Any], file: str) -> Config:
    secret = _find_secret_key(data)
    if secret:
        raise ConfigError.said(file, secret, "config.secrets_in_file")
    if "brands" not in data or not data.get("brands"):
        raise ConfigError.said(file, "brands", "config.no_brand")
    types = ", ".join(SOURCE_TYPES)
    for index, source in enumerate(data.get("sources") or []):
        if not isinstance(source, dict):
            raise ConfigError.said(file, f"sources[{index}]", "config.source_not_table")
        kind = source.get("type")
        if kind is None:
            raise ConfigError.said(file, f"sources[{index}].type", "config.source_type_missing", types=types)
        if kind not in SOURCE_TYPES:
            raise ConfigError.said(
                file, f"sources[{index}].type", "config.source_type_unknown", value=repr(kind), types=types
            )
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        ctx_error = first.get("ctx", {}).get("error")
        if isinstance(ctx_error, KeyedError):
            raise ConfigError.keyed(file, ctx_error) from None
        raise ConfigError.of(file, _location(tuple(first["loc"])), _problem(first)) from None


def load_config(path: str | os.PathLike[str]) -> LoadedConfig:
    file = Path(path)
    shown = str(path)
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise ConfigError.said(shown, "", "config.file_missing") from None
    except OSError as exc:
        raise ConfigError.said(shown, "", "config.file_unreadable", reason=exc.strerror) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError.said(shown, "", "config.not_utf8") from None
    except ValueError as exc:  # TOMLDecodeError, and the integer-digits limit tomllib reaches first
        raise ConfigError.said(shown, "", "config.not_toml", detail=exc) from None
    return LoadedConfig(parse_config(data, shown), file.resolve())


def config_path(cli_value: str | None, environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    if cli_value:
        return cli_value
    if env.get("VEILLE_CONFIG"):
        return env["VEILLE_CONFIG"]
    if Path("config.toml").exists():
        return "config.toml"
    raise ConfigError.said("config.toml", "", "config.none_found")
