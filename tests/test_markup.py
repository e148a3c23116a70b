"""Long text is Markdown for editors and safe HTML for readers, whatever an editor pastes."""

import pytest

from codes.models import ResponseCode
from codes.templatetags.markup import markdown, markdown_inline

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<iframe src="https://evil.example/"></iframe>',
    '<svg onload="alert(1)"></svg>',
    '<p style="background:url(javascript:alert(1))" onclick="alert(1)">x</p>',
    "<object data='x.swf'></object><embed src='x'>",
    '<a href="https://ok.example/" onmouseover="alert(1)">ok</a>',
    "<<script>script>alert(1)<</script>/script>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_nothing_executable_survives(text):
    for render in (markdown, markdown_inline):
        html = str(render(text)).lower()
        assert "<script" not in html and "javascript:" not in html and "data:" not in html
        assert " on" not in html.replace(" only", "")  # no event-handler attributes
        assert "<iframe" not in html and "<svg" not in html and "<object" not in html and "style=" not in html


def test_markdown_renders_what_editors_write():
    html = str(markdown("A *stale* call.\n\nSee [RFC 3261](https://www.rfc-editor.org/rfc/rfc3261.html) and `Max-Forwards`."))
    assert "<em>stale</em>" in html and "<code>Max-Forwards</code>" in html
    assert '<a href="https://www.rfc-editor.org/rfc/rfc3261.html" rel="nofollow noopener noreferrer">RFC 3261</a>' in html
    assert html.count("<p>") == 2


def test_inline_markdown_drops_the_paragraph():
    assert str(markdown_inline("Check **Via**")) == "Check <strong>Via</strong>"


@pytest.mark.django_db
def test_a_hostile_description_is_harmless_on_the_page(client):
    code = ResponseCode.objects.get(code=486)
    code.description = "Fine text.\n\n" + "\n\n".join(HOSTILE)
    code.caller_experience = '<img src=x onerror="alert(2)">Busy tone'
    code.save()
    page = client.get("/codes/486/").content.decode().lower()
    assert "<script>alert" not in page and "onerror" not in page and "javascript:alert" not in page
    assert "fine text." in page and "busy tone" in page
