from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from initiatives import urls as initiatives_urls
from labels import urls as labels_urls
from opendata import urls as opendata_urls
from search import urls as search_urls
from security import urls as security_urls

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include(security_urls)),
    path("", include(initiatives_urls)),
    path("", include(search_urls)),
    path("", include(labels_urls)),
    path("", include(opendata_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving comes last: it matches every remaining path.
urlpatterns.append(path("", include(wagtail_urls)))
