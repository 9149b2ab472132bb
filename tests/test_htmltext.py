"""Entry HTML → plain text: layout, what is dropped, entities, bounds."""

from __future__ import annotations

import pytest

from feeds.formats.htmltext import MAX_EVENTS, html_to_text, inline_text, text_to_paragraphs
from feeds.core.sanitize import has_control_chars


@pytest.mark.parametrize("html,text", [
    ("<p>One</p><p>Two</p>", "One\n\nTwo"),
    ("<div>a<div>b</div>c</div>", "a\n\nb\n\nc"),
    ("<h2>Head</h2>Body text", "Head\n\nBody text"),
    ("line<br>next<br/>last", "line\nnext\nlast"),
    ("para<br><br>new para", "para\n\nnew para"),
    ("a" + "<br>" * 50 + "b", "a\n\nb"),
    ("<ul><li>one</li><li>two</li></ul>after", "• one\n• two\n\nafter"),
    ("<ol><li>x<ul><li>y</li></ul></li></ol>", "1. x\n  • y"),
    ("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a | b\nc"),
    ("<pre>keep   spacing\n  indented</pre>", "keep   spacing\n  indented"),
    ("Hello   <b>bold</b>\n\n  world", "Hello bold world"),
    ("<p>A &amp; B &lt;tag&gt; &eacute; &#8217; &nbsp;x</p>", "A & B <tag> é \u2019 x"),
    ("plain text\n\nsecond paragraph", "plain text\n\nsecond paragraph"),
    ("Tom &amp; Jerry\n\nnext", "Tom & Jerry\n\nnext"),
    ("", ""),
    ("<p></p><div> </div>", ""),
])
def test_layout(html: str, text: str) -> None:
    assert html_to_text(html) == text


@pytest.mark.parametrize("tag", ["script", "style", "template", "svg", "math", "iframe", "noscript", "object",
                                 "title"])
def test_invisible_elements_give_no_text(tag: str) -> None:
    out = html_to_text(f"<p>before</p><{tag}>SECRET <b>inner</b></{tag}><p>after</p>")
    assert "SECRET" not in out and "inner" not in out
    assert out == "before\n\nafter"


def test_document_head_gives_no_text() -> None:
    html = "<html><head><title>Page</title><meta name=x content=y><style>p{}</style></head><body><p>B</p></body></html>"
    assert html_to_text(html) == "B"


def test_script_without_closing_tag_and_handlers() -> None:
    out = html_to_text('<img src="x" onerror="alert(1)"><a href="javascript:evil()" onclick="bad()">link</a>'
                       "<script>var stolen = document.cookie")
    assert out == "[image] link"


def test_comments_dropped_and_unclosed_comment_ends_at_next_gt() -> None:
    assert html_to_text("a<!-- hidden -->b") == "ab"
    assert html_to_text("sa<!-- -- nonwhitespace >fe<script>alert(1);</script>") == "safe"
    assert html_to_text("x<!-->y") == "xy"
    assert html_to_text("x<!--->y") == "xy"
    assert html_to_text("x<!-- never closed") == "x"


def test_entities_are_decoded_then_sanitised() -> None:
    out = html_to_text("<p>x &#27;[31mred &#x9b;1m &#0; &#xD800; &#x1b;]0;title&#7; \x1b[2Jz</p>")
    assert not has_control_chars(out)
    assert "\x1b" not in out and "\x9b" not in out
    assert out.startswith("x [31mred")
    assert out.endswith("z")


def test_bidi_and_raw_controls_removed() -> None:
    out = html_to_text("<p>Invoice \u202egnp.exe\u202c ok\x00\x08</p>")
    assert "\u202e" not in out and "\x00" not in out


def test_output_is_bounded() -> None:
    out = html_to_text("<p>" + "word " * 100_000 + "</p>", max_chars=1000)
    assert len(out) <= 1000
    paragraphs = "".join(f"<p>paragraph {i}</p>" for i in range(1000))
    out = html_to_text(paragraphs, max_chars=500)
    assert len(out) <= 500 and out.endswith("…")


@pytest.mark.timeout(20)
def test_depth_bomb_is_not_recursed() -> None:
    out = html_to_text("<div>" * 100_000 + "deep" + "</div>" * 100_000)
    assert isinstance(out, str)  # libxml2 stops at depth 256; no RecursionError


@pytest.mark.timeout(20)
def test_element_count_bomb_is_cut() -> None:
    out = html_to_text("<b>x</b>" * (MAX_EVENTS + 10_000))
    assert 0 < len(out) <= MAX_EVENTS


def test_inline_text() -> None:
    assert inline_text("Lamp <em>serviced</em>") == "Lamp serviced"
    assert inline_text("Ben &amp;amp; Jerry") == "Ben &amp; Jerry"  # one layer of decoding only
    assert inline_text("AT&T\n  rocks") == "AT&T rocks"
    assert inline_text("x" * 3000, limit=100).endswith("…")
    assert inline_text("News&#27;]0;pwned&#7;") == "News]0;pwned"
    assert inline_text("") == ""


def test_text_to_paragraphs() -> None:
    assert text_to_paragraphs("a\r\nb\n\n\n  c  d\n") == "a\nb\n\nc d"
    assert text_to_paragraphs("x\x1b[31my") == "xy"


# --------------------------------------------------------------------------
# Rich content: links, images, quotes, lists, code, tables
# --------------------------------------------------------------------------


def test_rich_layout_keeps_the_shape_of_the_entry() -> None:
    from feeds.formats.htmltext import links_footer

    links: list[str] = []
    html = ('<h3>Ferry returns</h3><p>Crews <a href="log">logged</a> it. <img src="m.png" alt="Map   of [the] bay">'
            '</p><blockquote><p>We are back.</p><blockquote>Inner voice.</blockquote></blockquote>'
            '<ol start="3"><li>third<ul><li>dot</li></ul></li><li>fourth</li></ol>'
            '<pre>def sail():\n    return  "out"\n\n\n    # end</pre>'
            '<table><tr><th>Route</th><th>Trips</th></tr><tr><td>North</td><td>12</td></tr></table>')
    text = html_to_text(html, links=links, base="https://ferry.example/news/")
    assert links == ["https://ferry.example/news/log"]
    assert text == (
        "Ferry returns\n\n"
        "Crews logged[1] it. [image: Map of (the) bay]\n\n"
        "  │ We are back.\n\n"
        "  │   │ Inner voice.\n\n"
        "3. third\n  • dot\n4. fourth\n\n"
        'def sail():\n    return  "out"\n\n    # end\n\n'
        "Route | Trips\nNorth | 12")
    assert links_footer(links) == "Links:\n[1] https://ferry.example/news/log"
    # Without a list to fill (titles, other callers) links stay plain text.
    assert html_to_text('<p>See <a href="https://a.example/">this</a>.</p>') == "See this."
    assert inline_text('Title with <a href="https://a.example/">a link</a>') == "Title with a link"


def test_mask_markers_blanks_markers_and_the_link_list_keeping_offsets() -> None:
    from feeds.formats.htmltext import mask_markers

    text = ("Fares rose 4%[1] in May. [image: Chart of 2024 fares]\n\nLinks:\n[1] https://ferry.example/2024/q3")
    masked = mask_markers(text)
    assert len(masked) == len(text)
    assert masked.startswith("Fares rose 4%    in May.")
    assert "2024" not in masked and "[1]" not in masked and "Links" not in masked
    # "Links:" that is prose, not the list at the end, stays.
    prose = "Links: the ferry and the bridge [2] are linked.\n\nMore text."
    assert mask_markers(prose) == prose.replace("[2]", "   ")


def test_analysis_does_not_take_markers_for_figures_or_urls_for_prose() -> None:
    from feeds.analysis import analyze

    text = ('The council approved the budget[1], Mayor Ana Lopez said. [image: Chart of 2024 spending]\n\n'
            '"We will build it by 2027," said Ana Lopez[2].\n\n'
            "Links:\n[1] https://city.example/budget-2024/page3\n[2] https://city.example/lopez-88")
    analysis = analyze(text)
    assert [f.text for f in analysis.figures] == ["2027"]
    assert [q.speaker for q in analysis.quotes] == ["Ana Lopez"]
    assert all(s.name != "City" and all(a < text.index("Links:") for a, _ in s.mentions) for s in analysis.sources)
