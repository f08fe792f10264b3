from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from initiatives import admin_reports, page_chooser
from initiatives import urls as initiatives_urls
from labels import urls as labels_urls
from opendata import urls as opendata_urls
from search import urls as search_urls
from security import urls as security_urls

urlpatterns = [
    path("django-admin/", admin.site.urls),
    # Wagtail's page chooser, at its own addresses, showing no other section's drafts.
    path("admin/choose-page/", require_admin_access(page_chooser.BrowseView.as_view())),
    path(
        "admin/choose-page/<int:parent_page_id>/",
        require_admin_access(page_chooser.BrowseView.as_view()),
    ),
    path("admin/choose-page/search/", require_admin_access(page_chooser.SearchView.as_view())),
    path(
        "admin/choose-page/chosen-multiple/",
        require_admin_access(page_chooser.ChosenMultipleView.as_view()),
    ),
    # Wagtail's reports, at their own addresses: agents see their collectivities' events only.
    *[
        path(f"admin/reports/{address}", require_admin_access(view))
        for address, view in [
            ("site-history/", admin_reports.SiteHistoryView.as_view()),
            ("site-history/results/", admin_reports.SiteHistoryView.as_view(results_only=True)),
            ("workflow/", admin_reports.WorkflowView.as_view()),
            ("workflow/results/", admin_reports.WorkflowView.as_view(results_only=True)),
            ("workflow_tasks/", admin_reports.WorkflowTasksView.as_view()),
            (
                "workflow_tasks/results/",
                admin_reports.WorkflowTasksView.as_view(results_only=True),
            ),
        ]
    ],
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
