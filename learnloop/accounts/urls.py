from django.contrib.auth import views as auth_views
from django.urls import path

from learnloop.accounts.forms import EmailAuthenticationForm

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", authentication_form=EmailAuthenticationForm
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
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_set.html", success_url="/accounts/login/"
        ),
        name="accounts-set-password",
    ),
]
