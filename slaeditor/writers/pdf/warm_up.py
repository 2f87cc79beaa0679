"""Lay out and write one sample page before a process's first contract, to fill its caches.

The first document a process lays out costs far more than the next one of the same size (a
one-page document: 90 ms of layout and 35 ms of writing the first time, 14 and 8 after): Pango
and HarfBuzz open each font face, cffi parses the C types WeasyPrint names, the pack's
stylesheet is parsed, the font subsetter is loaded. A process that forks part processes
before it has laid anything out pays that again in every one of them. So a process about to
lay a contract out in parts first lays out this sample, in the pack's stylesheet with the
faces a contract uses (serif text, bold, italic, sans-serif headings, a table, lists, a link),
and its part processes inherit what it loaded. The sample's PDF is thrown away; a sample that
fails to lay out (a pack whose stylesheet does not suit it) only costs the attempt.
"""

from __future__ import annotations

import contextlib
import io
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

SAMPLE = """<!DOCTYPE html>
<html lang="{language}"><head><meta charset="utf-8"><title>Sample</title>
<link rel="stylesheet" href="contract.css"></head>
<body><header class="running">Sample · Provider – Customer</header>
<section class="cover"><h1 class="cover-title">Service Level Agreement</h1>
<p class="cover-subtitle">Sample</p>
<table class="cover-details"><tr><th>Agreement</th><td>SLA-1</td></tr></table></section>
<section class="new-page"><h2 id="s1"><span class="num">1</span> Service levels</h2>
<h3 id="c1"><span class="num">1.1</span> Availability</h3>
<p>The <strong>Provider</strong> shall make each Service available for at least 99.9% of
the <em>Measurement Period</em>, as set out in <a class="ref" href="#c1">clause 1.1</a>,
except for Scheduled Maintenance notified in accordance with this Agreement.</p>
<ul><li>an availability target;</li><li>Service Credits.</li></ul>
<ol><li>first;</li><li>second.</li></ol>
<table><thead><tr><th>Service</th><th>Target</th></tr></thead>
<tbody><tr><td>Internet</td><td>99.9%</td></tr></tbody></table></section>
</body></html>"""


def warm_up(lay_out: Callable[[str], Any], options: dict[str, Any]) -> None:
    """Lay the sample out (`lay_out`, as the export lays a document out) and write its PDF.

    `options` are WeasyPrint's, as the export uses them (PDF/A and tags load their own code).
    What cannot be laid out or written is ignored: the sample only fills caches.
    """
    with contextlib.suppress(Exception):
        lay_out(SAMPLE.format(language="en-GB")).write_pdf(io.BytesIO(), **options)
