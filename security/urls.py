"""Wagtail's front-end login and page-password views, replaced by throttled ones under the
same paths and names (included before Wagtail's own URLs)."""

from django.urls import path

from . import frontend_login, page_password

urlpatterns = [
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        page_password.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("_util/login/", frontend_login.FrontendLoginView.as_view(), name="wagtailcore_login"),
]
