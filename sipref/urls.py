from django.contrib import admin
from django.urls import include, path

from codes.workspace.views import workspace

urlpatterns = [
    path("admin/workspace/", workspace, name="workspace"),
    path("admin/", admin.site.urls),
    path("", include("codes.urls")),
]
