"""Compiled clause texts are kept on disk: a new process renders them without compiling again.

Each test has its own cache folder (SLAEDITOR_CACHE_DIR), so what one keeps no other sees.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from slaeditor import cache_folder
from slaeditor.templating import code_cache
from slaeditor.templating.sandbox import DataSandbox

TEXT = "{% for name in names %}{{ name }}{% if not loop.last %}, {% endif %}{% endfor %}.\n"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SLAEDITOR_CACHE_DIR", str(tmp_path))
    return tmp_path / "templates"


def _no_compiling(env: DataSandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("compiled again although its code was kept")

    monkeypatch.setattr(env, "compile", refuse)


def test_a_text_compiled_once_is_rendered_from_the_kept_code(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = DataSandbox().from_string(TEXT).render(names=["Ann", "Bo"])
    assert first == "Ann, Bo."
    assert len(list(folder.glob("*.jinja"))) == 1
    again = DataSandbox()  # as a new process: nothing compiled in memory
    _no_compiling(again, monkeypatch)
    assert again.from_string(TEXT).render(names=["Cy"]) == "Cy."


def test_a_new_process_renders_the_contract_from_kept_code(folder: Path) -> None:
    script = (
        "from pathlib import Path\n"
        "from slaeditor import load_agreement\n"
        "from slaeditor.clauses import load_pack\n"
        "from slaeditor.compose import compose\n"
        "from slaeditor.templating.sandbox import DataSandbox\n"
        "made = []\n"
        "original = DataSandbox.compile\n"
        "def counted(self, *args, **kwargs):\n"
        "    made.append(1)\n"
        "    return original(self, *args, **kwargs)\n"
        "DataSandbox.compile = counted\n"
        "a = load_agreement(Path('examples/telecom-customer.sla.yaml'))\n"
        "text = compose(a, load_pack(a.template, Path('examples'))).plain_text()\n"
        "print(len(made), len(text))\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "SLAEDITOR_CACHE_DIR": str(folder.parent)}

    def run() -> tuple[int, int]:
        done = subprocess.run(
            [sys.executable, "-c", script], cwd=root, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        compiled, length = done.stdout.split()
        return int(compiled), int(length)

    cold, warm = run(), run()
    assert cold[0] > 20  # every clause text of the contract
    assert warm == (0, cold[1])  # none compiled again, the same contract


def test_other_settings_never_run_code_made_under_these(folder: Path) -> None:
    text = "{% if yes %}\nkept\n{% endif %}\n"
    assert DataSandbox(trim_blocks=True).from_string(text).render(yes=True) == "kept\n"
    assert DataSandbox().from_string(text).render(yes=True) == "\nkept\n"
    assert len(list(folder.glob("*.jinja"))) == 2


def test_a_torn_entry_is_compiled_again_and_replaced(folder: Path) -> None:
    DataSandbox().from_string(TEXT)
    (entry,) = folder.glob("*.jinja")
    whole = entry.read_bytes()
    entry.write_bytes(whole[: len(whole) // 2])
    assert DataSandbox().from_string(TEXT).render(names=["Di"]) == "Di."
    assert entry.read_bytes() == whole


def test_a_cache_folder_that_cannot_be_made_costs_only_the_compile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("SLAEDITOR_CACHE_DIR", str(blocked))
    assert DataSandbox().from_string(TEXT).render(names=["Ed"]) == "Ed."


def test_a_syntax_error_names_its_line_and_keeps_nothing(folder: Path) -> None:
    from jinja2 import TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError) as raised:
        DataSandbox().from_string("fine\n{% if %}\n")
    assert raised.value.lineno == 2
    assert not list(folder.glob("*.jinja"))


def test_the_folder_keeps_only_the_most_recently_used(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = DataSandbox()
    cache = code_cache.shared()

    def entry(text: str) -> Path:
        name = code_cache.fingerprint(env) + code_cache.text_key(text)
        return folder / (cache.get_cache_key(name) + code_cache.SUFFIX)

    texts = [f"text {number}\n" for number in range(12)]
    for number, text in enumerate(texts):
        env.from_string(text)
        os.utime(entry(text), (1_000_000 + number, 1_000_000 + number))
    DataSandbox().from_string(texts[0])  # read again in a new process: used now
    code_cache.prune(folder, keep=5)
    assert [text for text in texts if entry(text).exists()] == [texts[0], *texts[8:]]
    again = DataSandbox()
    _no_compiling(again, monkeypatch)
    assert again.from_string(texts[11]).render() == "text 11"


def test_a_filter_of_constants_is_printed_in_each_agreements_locale_and_currency(
    folder: Path,
) -> None:
    """Jinja evaluates `1500|money` while compiling: the kept code must not cross locales."""
    from slaeditor.templating.environment import ClauseEnvironment, Formatter

    text = "A fee of {{ 1500|money }}.\n"

    def fee(locale: str, currency: str) -> str:
        environment = ClauseEnvironment(Formatter(locale, currency), {})
        return environment.compile(text).render().replace("\\", "")  # Markdown escapes

    german = fee("de_DE", "EUR")
    assert "1.500,00" in german and "€" in german
    assert "$1,500.00" in fee("en_US", "USD")
    assert fee("de_DE", "EUR") == german


def test_a_folder_someone_else_may_write_to_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kept code runs outside the sandbox: a folder open to others could plant some."""
    monkeypatch.setenv("SLAEDITOR_CACHE_DIR", str(tmp_path))
    shared = tmp_path / "templates"
    shared.mkdir()
    shared.chmod(0o777)
    assert DataSandbox().from_string(TEXT).render(names=["Flo"]) == "Flo."
    assert not list(shared.iterdir())


def test_a_new_cache_folder_is_private(folder: Path) -> None:
    DataSandbox().from_string(TEXT)
    assert folder.stat().st_mode & 0o777 == 0o700


def test_half_written_entries_left_by_a_killed_process_are_removed(folder: Path) -> None:
    DataSandbox().from_string(TEXT)
    torn = folder / f"0123{code_cache.SUFFIX}abc.tmp"
    recent = folder / f"4567{code_cache.SUFFIX}def.tmp"
    torn.write_bytes(b"half")
    recent.write_bytes(b"being written")
    old = time.time() - cache_folder.ABANDONED_SECONDS - 60
    os.utime(torn, (old, old))
    code_cache.prune(folder)
    assert not torn.exists()
    assert recent.exists()
    assert len(list(folder.glob(f"*{code_cache.SUFFIX}"))) == 1


def test_what_a_program_puts_among_the_builtins_does_not_change_the_key(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """IPython (an API user's notebook) or a profiler puts its own objects in `builtins`.

    The sandbox's `length` filter is the built-in `len`, whose `__self__` is that module: its
    namespace must not be part of the key, or every process compiles again (and keeps more).
    """
    import builtins

    DataSandbox().from_string(TEXT).render(names=["Ann"])
    monkeypatch.setattr(builtins, "display", object(), raising=False)  # printed with an address
    again = DataSandbox()
    _no_compiling(again, monkeypatch)
    assert again.from_string(TEXT).render(names=["Bo"]) == "Bo."
    assert len(list(folder.glob("*.jinja"))) == 1
