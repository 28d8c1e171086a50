from django.urls import path

from learnloop.themes import views

THEMES = "o/<slug:slug>/sessions/<int:session_id>/themes/"
THEME = THEMES + "<int:theme_id>/"

urlpatterns = [
    path(THEMES, views.list_themes, name="themes-list-themes"),
    path(THEMES + "suggest/", views.suggest_themes, name="themes-suggest-themes"),
    path(THEME, views.show_theme, name="themes-show-theme"),
    path(THEME + "rename/", views.rename_theme, name="themes-rename-theme"),
    path(THEME + "merge/", views.merge_theme, name="themes-merge-theme"),
    path(THEME + "split/", views.split_theme, name="themes-split-theme"),
    path(THEME + "discard/", views.discard_theme, name="themes-discard-theme"),
    path(THEME + "restore/", views.restore_theme, name="themes-restore-theme"),
    path(THEME + "accept/", views.accept_theme, name="themes-accept-theme"),
    path(THEME + "move/", views.move_comment, name="themes-move-comment"),
]
