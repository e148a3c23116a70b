"""The search page's results list, one `<li>` per result, put together here rather than in a `{% for %}` loop.

A new query's page can come from no cache, so its cost is what a reader waits for. Through the template engine
each of up to 20 rows resolved and escaped seven variables: the template around marked results took about 0.5 ms
of a new search page's 2 ms in process, and with the rows formatted here 0.31 ms (bench/search_page_cost.py).
The markup is the loop's, unchanged; Django's admin builds its change list rows the same way (`items_for_result`).
"""

from html import escape

from django import template
from django.utils.safestring import SafeString

from codes.search import SearchResult

register = template.Library()

# The name and snippet are already HTML (highlighted, escaped); only the link and the label are text.
ROW = '<li>\n    <a href="{url}">{number}{name}</a>\n    {label}\n    <p>{snippet}</p>\n  </li>'
NUMBER = '<span class="code-number">{}</span> '
LABEL = '<span class="search-kind">{}</span>'


@register.simple_tag
def result_items(results: list[SearchResult]) -> SafeString:
    """`{% result_items outcome.listed %}`: the results below the lead card, as list items."""
    return SafeString("".join(row(result) for result in results))


def row(result: SearchResult) -> str:
    number = result.number
    label = result.label
    return ROW.format(
        url=escape(result.record.url),
        number=NUMBER.format(number) if number else "",
        name=result.name_html,
        label=LABEL.format(escape(label)) if label else "",
        snippet=result.snippet.html,
    )
