from django.urls import path

from learnloop.discussions.views import agenda, discussions, notes, problems, record, voting

DISCUSSIONS = "o/<slug:slug>/sessions/<int:session_id>/discussions/"
DISCUSSION = DISCUSSIONS + "<int:discussion_id>/"
ITEM = DISCUSSION + "agenda/<int:item_id>/"
PROBLEM = DISCUSSION + "problems/<int:problem_id>/"
CAUSE = PROBLEM + "causes/<int:cause_id>/"
NOTE = DISCUSSION + "notes/<int:note_id>/"
# A personal voting link: needs no login; only the hash of its token is stored.
BY_LINK = "vote/<str:token>/"

urlpatterns = [
    path(DISCUSSIONS, discussions.list_discussions, name="discussions-list-discussions"),
    path(DISCUSSIONS + "new/", discussions.create_discussion, name="discussions-create-discussion"),
    path(DISCUSSION, discussions.show_discussion, name="discussions-show-discussion"),
    path(DISCUSSION + "edit/", discussions.edit_discussion, name="discussions-edit-discussion"),
    path(
        DISCUSSION + "delete/", discussions.delete_discussion, name="discussions-delete-discussion"
    ),
    path(DISCUSSION + "record.md", record.download_markdown, name="discussions-download-markdown"),
    path(DISCUSSION + "record.pdf", record.download_pdf, name="discussions-download-pdf"),
    # Agenda
    path(DISCUSSION + "agenda/draft/", agenda.draft_agenda, name="discussions-draft-agenda"),
    path(
        DISCUSSION + "agenda/new/", agenda.create_agenda_item, name="discussions-create-agenda-item"
    ),
    path(ITEM + "edit/", agenda.edit_agenda_item, name="discussions-edit-agenda-item"),
    path(ITEM + "delete/", agenda.delete_agenda_item, name="discussions-delete-agenda-item"),
    path(ITEM + "move/", agenda.move_agenda_item, name="discussions-move-agenda-item"),
    # Voting
    path(DISCUSSION + "voting/", voting.set_voting, name="discussions-set-voting"),
    path(DISCUSSION + "room/", voting.show_room, name="discussions-show-room"),
    path(DISCUSSION + "vote/", voting.show_ballot, name="discussions-show-ballot"),
    path(DISCUSSION + "vote/add/", voting.add_vote, name="discussions-add-vote"),
    path(DISCUSSION + "vote/remove/", voting.remove_vote, name="discussions-remove-vote"),
    path(
        DISCUSSION + "people/<int:participant_id>/link/",
        voting.make_voting_link,
        name="discussions-make-voting-link",
    ),
    path(
        DISCUSSION + "people/links/", voting.make_voting_links, name="discussions-make-voting-links"
    ),
    path(BY_LINK, voting.show_link_ballot, name="discussions-show-link-ballot"),
    path(BY_LINK + "room/", voting.show_link_room, name="discussions-show-link-room"),
    path(BY_LINK + "add/", voting.add_link_vote, name="discussions-add-link-vote"),
    path(BY_LINK + "remove/", voting.remove_link_vote, name="discussions-remove-link-vote"),
    # Problems and root causes
    path(DISCUSSION + "problems/new/", problems.create_problem, name="discussions-create-problem"),
    path(
        DISCUSSION + "problems/choose/", problems.choose_problem, name="discussions-choose-problem"
    ),
    path(PROBLEM, problems.show_problem, name="discussions-show-problem"),
    path(PROBLEM + "edit/", problems.edit_problem, name="discussions-edit-problem"),
    path(PROBLEM + "delete/", problems.delete_problem, name="discussions-delete-problem"),
    path(PROBLEM + "whys/", problems.save_whys, name="discussions-save-whys"),
    path(PROBLEM + "causes/new/", problems.add_cause, name="discussions-add-cause"),
    path(CAUSE + "edit/", problems.edit_cause, name="discussions-edit-cause"),
    path(CAUSE + "delete/", problems.delete_cause, name="discussions-delete-cause"),
    # Notes and decisions; open actions carried in
    path(DISCUSSION + "notes/new/", notes.add_note, name="discussions-add-note"),
    path(NOTE + "edit/", notes.edit_note, name="discussions-edit-note"),
    path(NOTE + "delete/", notes.delete_note, name="discussions-delete-note"),
    path(
        DISCUSSION + "actions/<int:action_id>/review/",
        notes.review_action,
        name="discussions-review-action",
    ),
]
