"""Reading an HTML form the way a browser would submit it, for tests that post admin forms."""

from html.parser import HTMLParser


class FormReader(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.data = form_id, False, {}
        self._textarea = self._select = None
        self._first_option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside or not attrs.get("name") and tag != "option":
            return
        if tag == "input" and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data[attrs["name"]] = attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.data[self._textarea] = ""
        elif tag == "select":
            self._select, self._first_option = attrs["name"], None
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            self._first_option = value if self._first_option is None else self._first_option
            if "selected" in attrs:
                self.data[self._select] = value

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            self.data.setdefault(self._select, self._first_option or "")
            self._select = None

    def handle_data(self, text):
        if self._textarea:
            self.data[self._textarea] += text


def form_data(response, form_id: str | None = None) -> dict:
    """The fields of the admin form on `response` (the change form, or another by id), as a browser posts them."""
    html = response.content.decode()
    form_id = form_id or next(
        (fid for fid in ("troubleshootingnote_form", "responsecode_form") if f'id="{fid}"' in html), None
    )
    reader = FormReader(form_id or _first_form_id(html))
    reader.feed(html)
    textareas = {name: value.removeprefix("\n") for name, value in reader.data.items()}
    return textareas


def _first_form_id(html: str) -> str:
    marker = html.index('<form')
    start = html.index('id="', marker) + 4
    return html[start:html.index('"', start)]
