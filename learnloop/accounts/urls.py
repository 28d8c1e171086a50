from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.decorators.http import require_http_methods

from learnloop.accounts.forms import EmailAuthenticationForm

# Django's form views take PUT like POST; these pages are read and posted, nothing else.
FORM = ["get", "post", "head", "options"]

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=EmailAuthenticationForm,
            http_method_names=FORM,
        ),
        name="accounts-login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="accounts-logout"),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            email_template_name="accounts/password_reset_email.txt",
            success_url="/accounts/password/reset/sent/",
            http_method_names=FORM,
        ),
        name="accounts-reset-password",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html"),
        name="accounts-reset-password-sent",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        # Wrapped: with an invalid link this view answers before it looks at the method.
        require_http_methods(["GET", "POST"])(
            auth_views.PasswordResetConfirmView.as_view(
                template_name="accounts/password_set.html", success_url="/accounts/login/"
            )
        ),
        name="accounts-set-password",
    ),
]
