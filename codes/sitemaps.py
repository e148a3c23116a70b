"""Every page search engines should find, for /sitemap.xml."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Q850Cause, ResponseClass, ResponseCode, Source, Symptom


class PageSitemap(Sitemap):
    priority = 0.6

    def items(self):
        return ["codes:home", "codes:list", "codes:classes", "codes:symptoms", "codes:q850", "codes:warnings", "codes:decode",
                "codes:cheatsheet", "codes:sources"]

    def location(self, item):
        return reverse(item)


class ContentSitemap(Sitemap):
    """The pages of one kind of content, each at its get_absolute_url()."""

    def __init__(self, queryset, *, priority: float):
        self.queryset = queryset
        self.priority = priority

    def items(self):
        return self.queryset.all()


SITEMAPS = {
    "pages": PageSitemap(),
    "codes": ContentSitemap(ResponseCode.objects.all(), priority=0.9),
    "classes": ContentSitemap(ResponseClass.objects.all(), priority=0.7),
    "symptoms": ContentSitemap(Symptom.objects.all(), priority=0.8),
    "q850": ContentSitemap(Q850Cause.objects.all(), priority=0.5),
    "sources": ContentSitemap(Source.objects.all(), priority=0.4),
}
