from django.urls import path

from . import views

app_name = "labels"

urlpatterns = [
    path("api/labels/<int:year>/", views.edition_api, name="edition_api"),
]
