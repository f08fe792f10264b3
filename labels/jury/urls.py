"""The jury's admin pages, under /admin/label/ (registered by labels/wagtail_hooks.py)."""

from django.urls import path

from ..ceremony.press_view import PressView
from . import deliberation_views, juror_admin, views

app_name = "labels_jury"

urlpatterns = [
    path("jury/", views.JuryIndexView.as_view(), name="index"),
    path("<int:year>/jury/", views.DossierListView.as_view(), name="dossiers"),
    path("<int:year>/jury/<str:code>/", views.DossierView.as_view(), name="dossier"),
    path(
        "<int:year>/deliberation/",
        deliberation_views.DeliberationView.as_view(),
        name="deliberation",
    ),
    path("<int:year>/jures/", juror_admin.JurorsView.as_view(), name="jurors"),
    path("<int:year>/presse/", PressView.as_view(), name="press"),
]
