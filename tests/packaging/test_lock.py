"""The lock file pins every dependency pyproject.toml names, with hashes, for every Python.

`make test`, `make run`, `make package` and CI install exactly requirements.lock; a dependency
added to pyproject.toml without `make lock` would otherwise be missing on a fresh clone while
every developer's older venv still had it.
"""

from __future__ import annotations

import re
import tomllib

from helpers import ROOT
from packaging.requirements import Requirement

LOCK = ROOT / "requirements.lock"
_PIN = re.compile(r"^([A-Za-z0-9._-]+)==(\S+?)(?:\s*;\s*(.+?))?\s*\\$", re.MULTILINE)


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _locked() -> dict[str, list[tuple[str, str]]]:
    text = LOCK.read_text(encoding="utf-8")
    found: dict[str, list[tuple[str, str]]] = {}
    for match in _PIN.finditer(text):
        found.setdefault(_normal(match[1]), []).append((match[2], match[3] or ""))
    return found


def test_every_dependency_of_every_extra_is_pinned_in_the_lock() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [Requirement(r) for r in project["dependencies"]]
    wanted += [Requirement(r) for extra in project["optional-dependencies"].values() for r in extra]
    locked = _locked()

    missing = [str(r) for r in wanted if _normal(r.name) not in locked]
    outside = [
        f"{r.name}=={version}"
        for r in wanted
        for version, _ in locked.get(_normal(r.name), [])
        if not r.specifier.contains(version, prereleases=True)
        and not (r.marker and "python_version" in str(r.marker))  # the other Python's pin
    ]
    assert missing == [], "run `make lock`: pyproject.toml names packages the lock lacks"
    assert outside == [], "run `make lock`: the lock pins versions pyproject.toml excludes"


def test_both_pythons_get_their_own_pyside_and_every_pin_has_hashes() -> None:
    locked = _locked()
    text = LOCK.read_text(encoding="utf-8")
    pins = len(_PIN.findall(text))

    assert {marker for _, marker in locked["pyside6-essentials"]} == {
        "python_full_version < '3.12'",
        "python_full_version >= '3.12'",
    }
    assert len(re.findall(r"^[A-Za-z0-9]", text, re.MULTILINE)) == pins  # nothing unpinned
    assert text.count("--hash=sha256:") >= pins
    assert locked["cryptography"][0][0].split(".")[0] != "51"  # its DSA warning on every sign
