from django.urls import path

from . import contact, views

app_name = "initiatives"

urlpatterns = [
    path("enjeux/", views.enjeu_list, name="enjeu_list"),
    path("enjeux/<slug:slug>/", views.enjeu_detail, name="enjeu"),
    path("services/<slug:slug>/", views.service_detail, name="service"),
    path("collectivites/", views.collectivity_list, name="collectivity_list"),
    path("fiches/<int:pk>/contact/", contact.contact_author, name="contact_author"),
]
