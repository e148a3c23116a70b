from django.contrib.sitemaps.views import sitemap
from django.urls import path, register_converter

from . import api, views
from .converters import CauseConverter, ClassConverter, CodeConverter
from .decode.views import DecodeView, decode_api
from .sitemaps import SITEMAPS

register_converter(CodeConverter, "code")
register_converter(ClassConverter, "class")
register_converter(CauseConverter, "cause")

app_name = "codes"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("codes/", views.CodeListView.as_view(), name="list"),
    path("codes/<code:code>/", views.CodeDetailView.as_view(), name="detail"),
    path("codes/<code:code>.json", api.code_detail, name="detail-json"),
    path("<code:code>", views.CodeRedirectView.as_view(), name="short"),
    path("<code:code>/", views.CodeRedirectView.as_view()),
    path("classes/", views.ClassListView.as_view(), name="classes"),
    path("classes/<class:number>/", views.ClassDetailView.as_view(), name="class"),
    path("sources/", views.SourceListView.as_view(), name="sources"),
    path("sources/<slug:slug>/", views.SourceDetailView.as_view(), name="source"),
    path("symptoms/", views.SymptomListView.as_view(), name="symptoms"),
    path("symptoms/<slug:slug>/", views.SymptomDetailView.as_view(), name="symptom"),
    path("q850/", views.Q850ListView.as_view(), name="q850"),
    path("q850/<cause:number>/", views.Q850DetailView.as_view(), name="q850-cause"),
    path("warnings/", views.WarningListView.as_view(), name="warnings"),
    path("cheatsheet/", views.CheatSheetView.as_view(), name="cheatsheet"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("decode/", DecodeView.as_view(), name="decode"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.TextTemplateView.as_view(template_name="robots.txt"), name="robots"),
    path(
        "opensearch.xml",
        views.TextTemplateView.as_view(
            template_name="opensearch.xml", content_type="application/opensearchdescription+xml"
        ),
        name="opensearch",
    ),
    path("favicon.ico", views.FaviconView.as_view()),
    path("api/codes/", api.code_list, name="api-list"),
    path("api/codes/<code:code>/", api.code_detail, name="api-detail"),
    path("api/search/", api.search_codes, name="api-search"),
    path("api/q850/", api.q850_list, name="api-q850"),
    path("api/decode/", decode_api, name="api-decode"),
]
