"""The container: dependencies pinned and installed before the code, a compose file with PostgreSQL.

These machines cannot pull base images, so the image is never built here. Instead the last test
plays the Dockerfile: it copies exactly the files its COPY lines name, runs its pip steps in a
fresh virtual environment, and runs `veille check` as the image's entry point would.
"""

from __future__ import annotations

import glob
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from packaging.utils import canonicalize_name

from scripts.lock import disagreements, read_lock, runtime_requirements

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Stage:
    name: str
    instructions: list[tuple[str, str]] = field(default_factory=list)


def read_dockerfile(path: Path = ROOT / "Dockerfile") -> list[Stage]:
    text = re.sub(r"\\\n", " ", path.read_text(encoding="utf-8"))
    stages: list[Stage] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            words = rest.split()
            stages.append(Stage(words[2] if len(words) > 2 else str(len(stages))))
        stages[-1].instructions.append((keyword, rest.strip()))
    return stages


def flags(arguments: str) -> tuple[dict[str, str], list[str]]:
    """`--from=build --mount=type=bind,... a b` → ({'from': 'build', 'mount': ...}, ['a', 'b'])."""
    found: dict[str, str] = {}
    words = shlex.split(arguments)
    while words and words[0].startswith("--"):
        key, _, value = words.pop(0)[2:].partition("=")
        found[key] = value
    return found, words


def env_values(arguments: str) -> dict[str, str]:
    return dict(word.split("=", 1) for word in shlex.split(arguments))


# ---------------------------------------------------------------------------------------------
# The lock


def _pyproject_with(tmp_path: Path, added: str, narrowed: tuple[str, str]) -> Path:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert narrowed[0] in pyproject
    changed = tmp_path / "pyproject.toml"
    changed.write_text(
        pyproject.replace("dependencies = [\n", f"dependencies = [\n    {added!r},\n", 1).replace(*narrowed),
        encoding="utf-8",
    )
    return changed


def test_every_runtime_dependency_is_pinned_in_the_lock_within_its_range():
    assert disagreements() == []
    pinned = read_lock()
    for requirement in runtime_requirements():
        assert requirement.specifier.contains(pinned[canonicalize_name(requirement.name)])


def test_the_lock_check_fails_naming_a_dependency_added_or_narrowed_in_pyproject_and_not_relocked(
    tmp_path: Path,
):
    changed = _pyproject_with(tmp_path, "rich>=13", ('"SQLAlchemy>=2.0.30,<3"', '"SQLAlchemy>=2.0.30,<2.1"'))
    result = subprocess.run(
        [sys.executable, "-m", "scripts.lock", "--check", "--pyproject", str(changed)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "rich is a dependency in pyproject.toml but not in the lock" in result.stderr
    assert re.search(r"the lock pins sqlalchemy==[\d.]+, outside pyproject.toml's SQLAlchemy", result.stderr)
    assert "run `python -m scripts.lock` to rewrite requirements.lock" in result.stderr


def test_relocking_pins_the_dependencies_and_what_they_pull_in_extras_included(tmp_path: Path):
    lock = tmp_path / "requirements.lock"
    written = subprocess.run(
        [sys.executable, "-m", "scripts.lock", "--lock", str(lock)],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    assert written.returncode == 0
    assert disagreements(lock=lock) == []
    # psycopg[binary] brings psycopg-binary, SQLAlchemy brings typing-extensions, matplotlib numpy.
    assert {"psycopg-binary", "typing-extensions", "numpy"} <= set(read_lock(lock))


# ---------------------------------------------------------------------------------------------
# The Dockerfile


def test_the_libraries_are_installed_before_any_code_reaches_the_image():
    runtime = read_dockerfile()[-1]
    copied_before_install: list[str] = []
    for keyword, arguments in runtime.instructions:
        options, words = flags(arguments)
        if keyword == "COPY":
            assert "from" not in options, "code copied before the libraries are installed"
            copied_before_install += words[:-1]
        if keyword == "RUN" and "requirements.lock" in arguments:
            break
        assert "from=" not in options.get("mount", ""), "code mounted before the libraries are installed"
    else:
        pytest.fail("the image never installs requirements.lock")
    assert copied_before_install == ["requirements.lock"]
    install = next(a for k, a in runtime.instructions if k == "RUN" and "requirements.lock" in a)
    assert "--no-deps" in install and "pip check" in install


def test_the_code_is_the_last_layer_and_a_one_line_change_reinstalls_only_the_wheel():
    runtime = read_dockerfile()[-1]
    layers = [(k, a) for k, a in runtime.instructions if k in {"RUN", "COPY", "ADD"}]
    keyword, arguments = layers[-1]
    assert keyword == "RUN" and "from=build" in arguments and "--no-deps" in arguments
    assert all("from=build" not in a for _, a in layers[:-1])


def test_the_image_checks_its_health_stops_on_sigterm_and_runs_unprivileged_in_a_writable_folder():
    runtime = dict(read_dockerfile()[-1].instructions)
    assert "/healthz" in runtime["HEALTHCHECK"] and "urllib.request" in runtime["HEALTHCHECK"]
    assert runtime["STOPSIGNAL"] == "SIGTERM"
    assert runtime["USER"] not in {"root", "0", "0:0"}
    assert runtime["WORKDIR"] == "/data" and '"/data"' in runtime["VOLUME"]
    assert env_values(runtime["ENV"])["MALLOC_ARENA_MAX"] == "2"


# ---------------------------------------------------------------------------------------------
# Compose


def test_compose_runs_the_bot_on_postgresql_16_with_health_checks_and_a_grace_period():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    db, bot = compose["services"]["db"], compose["services"]["veille"]
    assert db["image"].startswith("postgres:16")
    assert "pg_isready" in db["healthcheck"]["test"]
    volume = db["volumes"][0].split(":")[0]
    assert volume in compose["volumes"]
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    assert "./config.toml:/app/config.toml:ro" in bot["volumes"]
    assert bot["env_file"] == ".env"
    assert "/healthz" in " ".join(bot["healthcheck"]["test"])
    grace = re.fullmatch(r"(\d+)s", bot["stop_grace_period"])
    assert grace and int(grace.group(1)) >= 10


def test_compose_can_run_three_replicas_of_the_bot_side_by_side():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    bot = compose["services"]["veille"]
    assert "container_name" not in bot  # a fixed name allows one container only
    published = [port.split(":") for port in bot["ports"]]
    assert all(re.fullmatch(r"\d+-\d+", host) for _ip, host, _inner in published), bot["ports"]


def test_secrets_come_from_a_git_ignored_env_file_and_the_example_holds_no_secret():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".env" in ignored
    example = dict(
        line.split("=", 1)
        for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    )
    assert {"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "VEILLE_DATABASE_URL"} <= set(
        example
    )
    assert all(example[name] == "" for name in example if name.startswith("SLACK_") or "PASSWORD" in name)
    assert "CHANGE-ME" in example["VEILLE_DATABASE_URL"]


# ---------------------------------------------------------------------------------------------
# The install steps, played in a fresh virtual environment


class Player:
    """Runs a Dockerfile's COPY and pip steps, each stage in its own folder standing for `/`."""

    def __init__(self, base: Path, python: Path) -> None:
        self.base = base
        self.python = python
        self.roots: dict[str, Path] = {}
        self.workdir: dict[str, str] = {}
        self.env: dict[str, str] = {}

    def at(self, stage: str, path: str) -> Path:
        if not path.startswith("/"):
            path = f"{self.workdir[stage].rstrip('/')}/{path}"
        return self.roots[stage] / path.lstrip("/")

    def remap(self, stage: str, text: str) -> str:
        """Absolute paths in a value point into the stage's folder (`sqlite:////data/x.db` too)."""
        return re.sub(r"(?<![\w.])/(?=[A-Za-z])", lambda _: f"{self.roots[stage]}/", text)

    def play(self, stages: list[Stage]) -> None:
        steps = {"WORKDIR": self.set_workdir, "ENV": self.set_env, "COPY": self.copy, "RUN": self.run}
        for stage in stages:
            self.roots[stage.name] = self.base / stage.name
            self.roots[stage.name].mkdir()
            self.workdir[stage.name] = "/"
            for keyword, arguments in stage.instructions[1:]:
                if keyword in steps:
                    steps[keyword](stage.name, arguments)

    def set_workdir(self, stage: str, arguments: str) -> None:
        self.workdir[stage] = arguments if arguments.startswith("/") else f"{self.workdir[stage]}/{arguments}"
        self.at(stage, ".").mkdir(parents=True, exist_ok=True)

    def set_env(self, stage: str, arguments: str) -> None:
        self.env.update({k: self.remap(stage, v) for k, v in env_values(arguments).items()})

    def copy(self, stage: str, arguments: str) -> None:
        options, words = flags(arguments)
        *sources, destination = words
        origin = self.roots[options["from"]] if "from" in options else ROOT
        for source in sources:
            found = origin / source.lstrip("/")
            target = self.at(stage, destination)
            if found.is_dir():
                shutil.copytree(
                    found, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__")
                )
            else:
                if destination.endswith("/"):
                    target = target / found.name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(found, target)

    def run(self, stage: str, arguments: str) -> None:
        options, words = flags(arguments)
        mount = dict(part.split("=", 1) for part in options["mount"].split(",")) if "mount" in options else {}
        if mount:
            assert mount["type"] == "bind"
            self.at(stage, mount["target"]).symlink_to(self.at(mount["from"], mount["source"]))
        try:
            for command in " ".join(words).split("&&"):
                self.command(stage, shlex.split(command))
        finally:
            if mount:
                self.at(stage, mount["target"]).unlink()

    def command(self, stage: str, words: list[str]) -> None:
        program, *rest = words
        if program in {"groupadd", "useradd", "chown"}:
            # Accounts and owners need root; the home folder useradd creates is the one thing kept.
            if "--create-home" in rest:
                self.at(stage, rest[rest.index("--home-dir") + 1]).mkdir(parents=True, exist_ok=True)
            return
        if program == "rm":
            for word in rest:
                if not word.startswith("-"):
                    shutil.rmtree(self.at(stage, word), ignore_errors=True)
            return
        assert program == "pip", f"the test does not know how to play `{program}`: teach it"
        # pip's cache is kept here (the image disables it) so the test does not download twice.
        expanded: list[str] = []
        for word in rest:
            if word == "--no-cache-dir":
                continue
            word = self.remap(stage, word)
            expanded += sorted(glob.glob(word)) if "*" in word else [word]
        environment = {k: v for k, v in os.environ.items() if not k.startswith("PIP_NO_CACHE")}
        result = subprocess.run(
            [str(self.python), "-m", "pip", *expanded],
            cwd=self.at(stage, "."),
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, f"pip {' '.join(rest)} failed:\n{result.stdout}\n{result.stderr}"


def _pip_reaches_an_index(python: Path, folder: Path) -> bool:
    wanted = min(read_lock().items(), key=lambda item: len(item[0]))
    result = subprocess.run(
        [str(python), "-m", "pip", "download", "--no-deps", "--dest", str(folder), "==".join(wanted)],
        capture_output=True,
        timeout=120,
        check=False,
    )
    return result.returncode == 0


@pytest.mark.timeout(600)
def test_the_dockerfile_install_steps_give_an_environment_where_veille_check_passes(tmp_path: Path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    python = venv / "bin" / "python"
    if not _pip_reaches_an_index(python, tmp_path / "probe"):
        pytest.skip("pip cannot reach a package index: the image's install steps were not played")
    (tmp_path / "image").mkdir()
    player = Player(tmp_path / "image", python)
    stages = read_dockerfile()
    player.play(stages)

    runtime = stages[-1]
    entrypoint = dict(runtime.instructions)["ENTRYPOINT"]
    assert entrypoint == '["veille"]'
    # The entry point starts in the data volume, where console mode writes ./veille-files.
    assert player.at(runtime.name, ".") == player.at(runtime.name, "/data")
    result = subprocess.run(
        [str(venv / "bin" / "veille"), "check"],
        cwd=player.at(runtime.name, "."),
        env={"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path), **player.env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Viadeo → #veille" in result.stdout
    assert f"sqlite:///{player.at(runtime.name, '/data/veille.db')}" in result.stdout
    assert str(player.at(runtime.name, "/app/examples/veille-demo-fr.xml")) in result.stdout
