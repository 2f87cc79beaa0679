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

from slaeditor.gui.wording.preview_text import agreement_context, render_text, text_clause
from slaeditor.model.validation import Issue, Level

if TYPE_CHECKING:
    from slaeditor.clauses import Pack
    from slaeditor.model import Agreement

CHECK_SECTION = "wording"


def wording_issues(agreement: Agreement, pack: Pack | None) -> list[Issue]:
    """Return an error for each choice outside the pack's outline or whose text fails."""
    choices = agreement.clauses
    if not choices:
        return []
    slots: dict[str, str] = {}
    if pack is not None:
        for section in pack.sections:
            for clause_id in section.clauses:
                clause = pack.clauses.get(clause_id)
                slots[clause_id] = (clause.title if clause else "") or clause_id
    context = agreement_context(agreement)
    issues: list[Issue] = []
    for slot, choice in choices.items():
        path = f"clauses.{slot}"
        if pack is not None and slot not in slots:
            issues.append(
                Issue(
                    Level.ERROR,
                    path,
                    f"The template pack “{pack.name}” has no clause “{slot}” for this wording "
                    "to fill; remove the choice or use a pack that has it.",
                    CHECK_SECTION,
                )
            )
            continue
        title = slots.get(slot, slot)
        clause = text_clause(slot, title, choice.variant, choice.text)
        problem = render_text(context, clause, choice.text).problem
        if problem:
            issues.append(
                Issue(
                    Level.ERROR,
                    path,
                    f"The wording of “{title}” cannot be put in the contract: {problem}",
                    CHECK_SECTION,
                )
            )
    return issues
