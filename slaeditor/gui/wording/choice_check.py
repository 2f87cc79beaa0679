"""The wizard's check of recorded clause choices: every one must fit a slot and render.

The model can tell that a choice is well formed, but not whether its text renders with this
agreement's values, nor whether its slot is in the template pack's outline; those need the
pack and the sandbox. The edited agreement runs this check after each change
(EditedAgreement.add_check), so a broken text is an error at `clauses.<slot>` like any
other: on the page's banner, in the step list and as a link on the review page that opens
the slot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from slaeditor.app.confined import TextJob, TextResult, recorded_jobs, unusable
from slaeditor.gui.wording.slot_data import first_words, pack_slot_names, variant_label
from slaeditor.model.validation import Issue, Level

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from slaeditor.clauses import Pack
    from slaeditor.model import Agreement, ClauseChoice

CHECK_SECTION = "wording"
LACKING_SECTION = "wording-lacking"
"""Marks the choices the pack cannot print at all, which one button drops (the wording page)."""


def wording_issues(
    agreement: Agreement,
    pack: Pack | None,
    render: Callable[[Agreement, list[TextJob]], Mapping[str, TextResult]],
) -> list[Issue]:
    """Return an error for each choice the pack cannot print, or whose text fails.

    `render` renders the recorded texts (ConfinedChecks.results: in a child process with
    limits, off the GUI thread) and returns what is known of them so far.
    """
    choices = agreement.clauses
    if not choices:
        return []
    problems = dict(pack.wording_problems(choices)) if pack is not None else {}
    issues = [
        Issue(Level.ERROR, f"clauses.{slot}", _unprintable(pack, slot, choice), LACKING_SECTION)
        for slot, choice in choices.items()
        if pack is not None and slot in problems
    ]
    jobs = recorded_jobs(agreement, pack, problems)
    results = render(agreement, jobs) if jobs else {}
    for job in jobs:
        result = results.get(job.slot)
        if result is not None and result.problem:
            issues.append(
                Issue(
                    Level.ERROR,
                    f"clauses.{job.slot}",
                    unusable(job.title, result.problem),
                    CHECK_SECTION,
                )
            )
    return issues


def _unprintable(pack: Pack, slot: str, choice: ClauseChoice) -> str:
    """Say why the pack cannot print a choice, naming the clause as the screen does."""
    clause = pack.clauses.get(slot)
    names = pack_slot_names(pack)
    if clause is None or slot not in names:
        name = choice.title or first_words(choice.text or "")
        return (
            f"The template pack “{pack.name}” has no place for the clause “{name}” this "
            "agreement chose; remove the choice or use a pack that has it."
        )
    known = ", ".join(variant_label(name) for name in clause.variants)
    return (
        f"“{names[slot]}”: the agreement chooses the wording “{choice.variant}”, "
        f"which the {pack.name} template pack does not have, so the contract cannot be "
        f"produced; choose one the pack has ({known})."
    )
