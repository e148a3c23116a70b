"""Django's template backend, with each page's context let go of as soon as the page is rendered.

A RequestContext holds itself in a reference cycle: every layer it pushes (a ContextDict) points back at it. So
whatever a page's context holds outlives the render until the garbage collector next finds the cycle. On a new
search page that is the twenty results with their marked titles and snippets, about 190 objects a request: the
collector passed over them every seven new searches or so, and made a full pass every thousand, of up to 11 ms
with every request queued on the worker waiting. Emptying the context's stack once the page is rendered breaks the
cycle, and reference counting frees it all on the spot: four times fewer passes, and full ones of up to 6 ms
(bench/search_page_cost.py, its "garbage collector" rows; README, "Speed").

The test client is unaffected: it keeps a copy of each context, with its own stack, taken while rendering.
"""

from django.template import TemplateDoesNotExist
from django.template.backends import django as django_backend
from django.template.context import make_context


class Template(django_backend.Template):
    def render(self, context=None, request=None):
        context = make_context(context, request, autoescape=self.backend.engine.autoescape)
        try:
            return self.template.render(context)
        except TemplateDoesNotExist as exc:
            django_backend.reraise(exc, self.backend)
        finally:
            context.dicts.clear()


class DjangoTemplates(django_backend.DjangoTemplates):
    def from_string(self, template_code):
        return Template(self.engine.from_string(template_code), self)

    def get_template(self, template_name):
        try:
            return Template(self.engine.get_template(template_name), self)
        except TemplateDoesNotExist as exc:
            django_backend.reraise(exc, self)
