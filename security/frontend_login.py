"""The front-end login (``/_util/login/``, where pages restricted to logged-in users send
visitors): Django's login view with the throttled form, so that a refused login says why."""

from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView

from .login import ThrottledLoginMixin


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        **ThrottledLoginMixin.error_messages,
    }


class FrontendLoginView(LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "security/frontend_login.html"
