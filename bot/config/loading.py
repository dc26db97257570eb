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


def _message(error: Any) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unknown key (check its spelling against config.example.toml)"
    if kind == "missing":
        return "required key is missing"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{error.get('input')!r} is not allowed: expected {expected}"
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


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
        raise ConfigError(
            file,
            secret,
            "secrets are not read from the config file: set them in the environment"
            " (SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET, …)",
        )
    if "brands" not in data or not data.get("brands"):
        raise ConfigError(file, "brands", "no brand to watch: add at least one [[brands]] table with a name")
    for index, source in enumerate(data.get("sources") or []):
        if not isinstance(source, dict):
            raise ConfigError(file, f"sources[{index}]", "each source must be a [[sources]] table")
        kind = source.get("type")
        if kind is None:
            raise ConfigError(file, f"sources[{index}].type", f"missing: one of {', '.join(SOURCE_TYPES)}")
        if kind not in SOURCE_TYPES:
            raise ConfigError(
                file,
                f"sources[{index}].type",
                f"unknown source type {kind!r} (known: {', '.join(SOURCE_TYPES)})",
            )
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        ctx_error = first.get("ctx", {}).get("error")
        if isinstance(ctx_error, KeyedError):
            raise ConfigError(file, ctx_error.key, ctx_error.problem, ctx_error.translations) from None
        raise ConfigError(file, _location(tuple(first["loc"])), _message(first)) from None


def load_config(path: str | os.PathLike[str]) -> LoadedConfig:
    file = Path(path)
    shown = str(path)
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise ConfigError(shown, "", "file not found (`veille init` writes one to start from)") from None
    except OSError as exc:
        raise ConfigError(shown, "", f"cannot read: {exc.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(shown, "", "not UTF-8 text") from None
    except ValueError as exc:  # TOMLDecodeError, and the integer-digits limit tomllib reaches first
        raise ConfigError(shown, "", f"not valid TOML: {exc}") from None
    return LoadedConfig(parse_config(data, shown), file.resolve())


def config_path(cli_value: str | None, environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    if cli_value:
        return cli_value
    if env.get("VEILLE_CONFIG"):
        return env["VEILLE_CONFIG"]
    if Path("config.toml").exists():
        return "config.toml"
    raise ConfigError(
        "config.toml",
        "",
        "no configuration found: pass --config FILE or set VEILLE_CONFIG"
        " (`veille init` writes one to start from)",
    )
