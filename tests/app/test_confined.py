"""Clause text from others is rendered in a child process that is stopped at its limits.

The sandbox's step budget stops loops, not one expensive step: a text asking for a 2 GB
`to_bytes` took 2 GB, and one copying a megabyte per step ran for 40 s. Each such text is
stopped, named, and says why; the texts around it are still rendered.
"""

from __future__ import annotations

from helpers import ROOT

from slaeditor.app.confined import TextJob, render_confined
from slaeditor.storage import load_agreement

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"
HUNGRY = '{{ (7).to_bytes(2000000000, "big") | length }}'
SLOW = (
    '{% set s = "x" * 999999 %}{% for i in range(400) %}{% for j in range(400) %}'
    '{{ s | replace("x", "y") | length > 5 }}{% endfor %}{% endfor %}'
)


def test_a_text_over_the_memory_or_time_limit_is_stopped_and_the_others_still_render() -> None:
    agreement = load_agreement(TELECOM)
    jobs = [
        TextJob("before", "Before", "custom", "{{ provider.short_name }} answers."),
        TextJob("hungry", "Hungry", "custom", HUNGRY),
        TextJob("slow", "Slow", "custom", SLOW),
        TextJob("wrong", "Wrong", "custom", "See {{ no_such_value }}."),
        TextJob("after", "After", "custom", "Plain words."),
    ]

    before, hungry, slow, wrong, after = render_confined(agreement, jobs, seconds=2, memory_mb=256)

    assert before.html is not None and "Albion Connect answers." in before.html
    assert hungry.stopped and "more than 256 MB of memory" in hungry.problem
    assert slow.stopped and "stopped after 2 seconds" in slow.problem
    assert not wrong.stopped and "'no_such_value' is undefined" in wrong.problem
    assert after.html is not None and "Plain words." in after.html
