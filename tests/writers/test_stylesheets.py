"""A linked stylesheet is parsed once per text while the writer lays documents out (issue 18).

The parse is kept by address and bytes, so an edited stylesheet is parsed again; one whose
parse reaches outside itself (@import, @font-face, @layer, ...) is parsed every time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from slaeditor.writers.pdf import stylesheets, weasy

if TYPE_CHECKING:
    from pathlib import Path

PAGE = "@page { size: A5; margin: 10mm; @bottom-center { content: 'page ' counter(page) } }\n"


@pytest.fixture(autouse=True)
def _fresh() -> None:
    stylesheets.clear()


def _pages(folder: Path, css: str) -> list[tuple[float, float]]:
    """Lay out a small document linking style.css (written with `css`); return page sizes."""
    weasy.load()
    from weasyprint import HTML

    (folder / "style.css").write_text(css, encoding="utf-8")
    html = '<html><head><link rel="stylesheet" href="style.css"></head><body>'
    html += "<p class='big'>Text</p>" * 40 + "</body></html>"
    with stylesheets.kept():
        document = HTML(string=html, base_url=folder.as_uri() + "/").render()
    return [(page.width, page.height) for page in document.pages]


def test_the_same_stylesheet_is_parsed_once_and_lays_out_the_same(tmp_path: Path) -> None:
    css = PAGE + ".big { font-size: 30pt; }"
    first = _pages(tmp_path, css)
    assert len(stylesheets._PARSED) == 1
    [(sheet, page_rules)] = stylesheets._PARSED.values()
    assert _pages(tmp_path, css) == first
    assert len(stylesheets._PARSED) == 1
    assert [sheet] == [entry[0] for entry in stylesheets._PARSED.values()]
    assert page_rules  # the @page rules, added to each document's own list
    assert len(first) > 1
    assert first[0] == pytest.approx((559.37, 793.7), abs=0.1)  # A5 in CSS pixels


def test_an_edited_stylesheet_is_parsed_again(tmp_path: Path) -> None:
    few = _pages(tmp_path, PAGE + ".big { font-size: 10pt; }")
    many = _pages(tmp_path, PAGE + ".big { font-size: 40pt; }")
    assert len(stylesheets._PARSED) == 2
    assert len(many) > len(few)


def test_a_stylesheet_reaching_outside_itself_is_not_kept(tmp_path: Path) -> None:
    (tmp_path / "more.css").write_text(".big { color: red; }", encoding="utf-8")
    _pages(tmp_path, '@import "more.css";\n' + PAGE)
    _pages(tmp_path, "@layer base { .big { font-size: 20pt; } }\n" + PAGE)
    assert not stylesheets._PARSED


def test_outside_the_writer_weasyprint_parses_as_before() -> None:
    weasy.load()
    import weasyprint.css

    original = weasyprint.css.CSS
    with stylesheets.kept():
        assert weasyprint.css.CSS is not original
        with stylesheets.kept():  # nested: the same stand-in
            pass
        assert weasyprint.css.CSS is not original
    assert weasyprint.css.CSS is original
