from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("recherche/", views.search_page, name="page"),
    path("recherche/export.csv", views.search_export, {"format": "csv"}, name="export_csv"),
    path("recherche/export.json", views.search_export, {"format": "json"}, name="export_json"),
    path("api/search/", views.search_api, name="api"),
    path("api/search/autocomplete/", views.autocomplete_api, name="autocomplete"),
]
