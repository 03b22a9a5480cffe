from __future__ import annotations

from django.urls import path

from beacon.forum.views import moderation, notifications, public

urlpatterns = [
    path("", public.index, name="index"),
    path("search/", public.search, name="search"),
    path("new/", public.new_thread, name="new"),
    path("c/<slug:slug>/", public.category, name="category"),
    path("t/<int:thread_id>/", public.thread, name="thread"),
    path("t/<int:thread_id>/reply/", public.reply, name="reply"),
    path("p/<int:post_id>/vote/", public.vote, name="vote"),
    path("p/<int:post_id>/accept/", public.accept, name="accept"),
    path("p/<int:post_id>/report/", public.report, name="report"),
    path("t/<int:thread_id>/since/", public.since, name="since"),
    path("t/<int:thread_id>/follow/", public.follow, name="follow"),
    path("p/<int:post_id>/edit/", public.edit, name="edit"),
    path("p/<int:post_id>/history/", public.history, name="history"),
    path("notifications/", notifications.inbox, name="notifications"),
    path("notifications/read/", notifications.mark_all_read, name="mark_read"),
    path("unsubscribe/<str:token>/", notifications.unsubscribe, name="unsubscribe"),
    # moderation
    path("moderation/", moderation.reports, name="moderation"),
    path("moderation/crosspost/", moderation.crosspost, name="crosspost"),
    path("t/<int:thread_id>/moderate/", moderation.moderate_thread, name="moderate"),
    path("t/<int:thread_id>/move/", moderation.move_thread, name="move"),
    path("t/<int:thread_id>/to-article/", moderation.thread_to_article, name="to_article"),
    path("p/<int:post_id>/hide/", moderation.hide_post, name="hide_post"),
    path("p/<int:post_id>/to-ticket/", moderation.post_to_ticket, name="to_ticket"),
    path("u/<int:user_id>/suspend/", moderation.suspend, name="suspend"),
]
