"""`veille check` and `veille run` name every source that points to a private address, and the rule,
before anything is fetched; a team allows its intranet explicitly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, toml_string
from veille.cli.main import EXIT_CONFIG, main

HINT = "allow it with [veille] allow_private_addresses"


def write(folder: Path, sources: str, veille: str = "", language: str = "en") -> Path:
    path = folder / "config.toml"
    path.write_text(
        f'[veille]\nlanguage = "{language}"\ndefault_channel = "#veille"\n'
        f"database = {toml_string(str(folder / 'veille.db'))}\n{veille}\n"
        f'[[brands]]\nname = "Viadeo"\n{sources}',
        encoding="utf-8",
    )
    return path


def check(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--config", str(path), "check"])
    out, err = capsys.readouterr()
    return code, out + err


def rss(url: str, name: str = "intranet") -> str:
    return f'[[sources]]\ntype = "rss"\nname = "{name}"\nurl = "{url}"\n'


@pytest.mark.parametrize(
    ("url", "rule"),
    [
        ("http://127.0.0.1/feed", "127.0.0.1 is a loopback address (this machine)"),
        ("http://2130706433/feed", "2130706433 means 127.0.0.1, a loopback address"),
        ("http://0x7f000001/feed", "0x7f000001 means 127.0.0.1, a loopback address"),
        ("http://0177.0.0.1/feed", "0177.0.0.1 means 127.0.0.1, a loopback address"),
        ("http://127.1/feed", "127.1 means 127.0.0.1, a loopback address"),
        ("http://[::1]/feed", "::1 is a loopback address"),
        ("http://[::ffff:127.0.0.1]/feed", "::ffff:127.0.0.1 means 127.0.0.1, a loopback address"),
        ("http://10.0.0.1/feed", "10.0.0.1 is a private address (RFC 1918)"),
        ("http://172.16.0.1/feed", "172.16.0.1 is a private address (RFC 1918)"),
        ("http://192.168.1.1/feed", "192.168.1.1 is a private address (RFC 1918)"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a cloud metadata address"),
        ("http://[fd00:ec2::254]/", "fd00:ec2::254 is a cloud metadata address"),
        ("http://100.64.0.1/feed", "100.64.0.1 is a carrier-grade NAT address (100.64.0.0/10)"),
        ("http://[fc00::1]/feed", "fc00::1 is a unique-local IPv6 address (fc00::/7)"),
        ("http://[fe80::1]/feed", "fe80::1 is a link-local address"),
        ("http://224.0.0.1/feed", "224.0.0.1 is a multicast address"),
        ("http://0.0.0.0/feed", "0.0.0.0 is the unspecified address"),
        ("http://localhost/feed", "localhost is a name for this machine or its metadata service"),
        ("http://metadata.google.internal/computeMetadata/v1/", "metadata.google.internal is a name for"),
    ],
)
def test_check_names_the_source_and_the_rule_for_every_spelling(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str, rule: str
) -> None:
    code, shown = check(write(tmp_path, rss(url)), capsys)
    assert code == EXIT_CONFIG
    assert f'source "intranet" ({url}): {rule}' in shown and HINT in shown
    assert "OK" not in shown.splitlines()


@pytest.mark.parametrize(
    ("source", "url"),
    [
        ('type = "hackernews"\napi_url = "http://10.0.0.1/api/v1"', "http://10.0.0.1/api/v1"),
        ('type = "lobsters"\nbase_url = "http://10.0.0.2"', "http://10.0.0.2"),
        ('type = "google_news"\nbase_url = "http://10.0.0.3"', "http://10.0.0.3"),
        (
            'type = "google_alerts"\nurl = "http://10.0.0.4/alerts/feeds/1/2"',
            "http://10.0.0.4/alerts/feeds/1/2",
        ),
        (
            'type = "youtube"\nchannel_id = "UCabcdefghijklmnopqrstuv"\nbase_url = "http://10.0.0.5"',
            "http://10.0.0.5",
        ),
        ('type = "reddit"\noauth_url = "http://10.0.0.6"', "http://10.0.0.6"),
        (
            'type = "mastodon"\ninstances = ["piaille.fr", "http://10.0.0.7"]\nhashtags = ["veille"]',
            "http://10.0.0.7",
        ),
        ('type = "bluesky"\napi_url = "http://10.0.0.8"', "http://10.0.0.8"),
        ('type = "stackexchange"\napi_url = "http://10.0.0.9/2.3"', "http://10.0.0.9/2.3"),
        ('type = "github"\napi_url = "http://10.0.0.10"', "http://10.0.0.10"),
        ('type = "x"\napi_url = "http://10.0.0.11"', "http://10.0.0.11"),
        ('type = "youtube_search"\napi_url = "http://10.0.0.12/youtube/v3"', "http://10.0.0.12/youtube/v3"),
        ('type = "discourse"\nurl = "http://10.0.0.13"', "http://10.0.0.13"),
        ('type = "lemmy"\nurl = "http://10.0.0.14"', "http://10.0.0.14"),
        ('type = "devto"\napi_url = "http://10.0.0.15/api"', "http://10.0.0.15/api"),
        (
            'type = "appstore"\napp_id = "id123456"\ncountry = "fr"\nbrand = "Viadeo"\nbase_url = "http://10.0.0.16"',
            "http://10.0.0.16",
        ),
        ('type = "bluesky_jetstream"\nendpoints = ["ws://10.0.0.17:6008"]', "ws://10.0.0.17:6008"),
    ],
)
def test_check_looks_at_the_urls_of_every_type_of_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], source: str, url: str
) -> None:
    code, shown = check(write(tmp_path, f'[[sources]]\nname = "api"\n{source}\n'), capsys)
    assert code == EXIT_CONFIG
    assert f'source "api" ({url}): ' in shown and "is a private address (RFC 1918)" in shown


def test_check_speaks_the_language_of_the_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, shown = check(write(tmp_path, rss("http://10.0.0.1/feed"), language="fr"), capsys)
    assert code == EXIT_CONFIG
    assert (
        'source "intranet" (http://10.0.0.1/feed) : 10.0.0.1 est une adresse privée (RFC 1918) ;'
        " pour l'autoriser : [veille] allow_private_addresses"
    ) in shown


@pytest.mark.parametrize(
    "allow",
    [
        "allow_private_addresses = true",
        'allow_private_addresses = ["10.0.0.1", "127.0.0.0/8"]',
        'allow_private_addresses = ["10.0.0.0/8", "localhost"]',
    ],
)
def test_an_intranet_the_team_allows_passes_the_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], allow: str
) -> None:
    local = "http://127.1:8080/feed" if "127.0.0.0/8" in allow else "http://localhost:8080/feed"
    # A name is judged by what it resolves to when connecting: check does not resolve it.
    sources = rss("http://10.0.0.1/feed") + rss(local, "local") + rss("https://intranet.invalid/", "named")
    code, shown = check(write(tmp_path, sources, veille=allow), capsys)
    assert code == 0, shown
    assert shown.splitlines()[-1] == "OK"


@pytest.mark.parametrize(
    ("entry", "fix"),
    [
        ('["http://intranet.example/feed"]', 'write its host alone, e.g. "intranet.example"'),
        ('["10.1.0.5/16"]', 'write the network "10.1.0.0/16"'),
        ('["10.0.0.300"]', 'write it like "10.0.0.5", "10.1.0.0/16" or "fd12::/16"'),
        ('["intranet example"]', "not a host name, address or network"),
        ('"yes"', "expected true, false or a list of hosts and networks"),
        ("3", "expected true, false or a list of hosts and networks"),
    ],
)
def test_a_malformed_allow_entry_says_what_to_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], entry: str, fix: str
) -> None:
    code, shown = check(write(tmp_path, "", veille=f"allow_private_addresses = {entry}"), capsys)
    assert code == EXIT_CONFIG
    assert "veille.allow_private_addresses" in shown and fix in shown


def test_run_refuses_to_start_and_names_the_sources(tmp_path: Path) -> None:
    path = write(
        tmp_path, rss("http://169.254.169.254/latest/meta-data/", "meta") + rss("http://[::1]/", "me")
    )
    done = subprocess.run(
        [sys.executable, "-m", "veille", "--config", str(path), "run"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=30,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert done.returncode == EXIT_CONFIG
    assert "Veille does not start: 2 sources point to a refused address." in done.stderr
    assert (
        'source "meta" (http://169.254.169.254/latest/meta-data/): 169.254.169.254 is a cloud metadata'
        in done.stderr
    )
    assert 'source "me" (http://[::1]/): ::1 is a loopback address' in done.stderr
