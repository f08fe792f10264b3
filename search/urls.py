from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("recherche/", views.search_page, name="page"),
    path("api/search/", views.search_api, name="api"),
    path("api/search/autocomplete/", views.autocomplete_api, name="autocomplete"),
]
