"""Property: any text a user can type either is refused with a message or prints verbatim."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from helpers import ROOT, docx_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from slaeditor import Agreement, load_agreement, render
from slaeditor.compose import compose
from slaeditor.compose.typography import curly

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"
_BASE: dict[str, Any] = load_agreement(TELECOM).model_dump(mode="python")

# Any Unicode a keyboard or a paste can produce, Markdown, Jinja and XML punctuation included.
# Half the draws avoid control characters, so most of them reach the renderer.
typed = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn")), min_size=1),
).filter(lambda s: s.strip() == s and s.strip() and len(s) <= 200)


def _agreement(text: str) -> Agreement | None:
    data = {**_BASE, "provider": {**_BASE["provider"], "name": text}}
    data["services"] = [
        dict(_BASE["services"][0], description=f"x {text} y"),
        *_BASE["services"][1:],
    ]
    try:
        return Agreement.model_validate(data)
    except ValidationError as error:
        assert error.errors()[0]["loc"][0] in ("provider", "services")
        return None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=typed)
def test_typed_text_is_refused_or_composed_verbatim(text: str) -> None:
    agreement = _agreement(text)
    if agreement is not None:
        assert curly(text) in compose(agreement).plain_text()  # quotes printed typographic


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=typed)
def test_typed_text_never_breaks_the_word_file(text: str, tmp_path_factory) -> None:
    agreement = _agreement(text)
    if agreement is not None:
        target = render(agreement, Path(tmp_path_factory.mktemp("docx")) / "c.docx")
        assert curly(text) in docx_text(target)
