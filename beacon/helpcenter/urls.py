from __future__ import annotations

from django.urls import path, register_converter

from beacon.helpcenter.feeds import AnnouncementFeed
from beacon.helpcenter.views import agent, agent_board, deflection, portal


class HelpLanguageConverter:
    """The content language in a help-center address: /help/en/… or /help/zh-hans/…"""

    regex = "en|zh-hans"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(HelpLanguageConverter, "helplang")

urlpatterns = [
    path("", portal.root, name="root"),
    path("suggest/", deflection.suggest, name="suggest"),
    path("suggest/solved/", deflection.solved, name="suggest_solved"),
    path("images/<uuid:key>/", portal.image, name="image"),
    # staff
    path("manage/", agent.article_list, name="manage"),
    path("manage/articles/new/", agent.article_new, name="manage_article_new"),
    path("manage/articles/<int:article_id>/", agent.article_edit, name="manage_article"),
    path("manage/articles/<int:article_id>/status/", agent.article_status, name="manage_article_status"),
    path("manage/articles/<int:article_id>/versions/", agent.article_versions, name="manage_versions"),
    path("manage/articles/<int:article_id>/versions/<int:number>/restore/", agent.restore, name="manage_restore"),
    path("manage/images/", agent.upload_image, name="manage_image_upload"),
    path("manage/announcements/", agent_board.announcement_list, name="manage_announcements"),
    path("manage/announcements/new/", agent_board.announcement_edit, name="manage_announcement_new"),
    path("manage/announcements/<int:announcement_id>/", agent_board.announcement_edit, name="manage_announcement"),
    path(
        "manage/announcements/<int:announcement_id>/end/", agent_board.announcement_end, name="manage_announcement_end"
    ),
    path("manage/synonyms/", agent_board.synonyms, name="manage_synonyms"),
    path("manage/insights/", agent_board.insights, name="manage_insights"),
    path("manage/transfer/", agent_board.transfer_page, name="manage_transfer"),
    # public, per language
    path("<helplang:lang>/", portal.home, name="home"),
    path("<helplang:lang>/search/", portal.search, name="search"),
    path("<helplang:lang>/faq/", portal.faq, name="faq"),
    path("<helplang:lang>/c/<slug:slug>/", portal.category, name="category"),
    path("<helplang:lang>/a/<str:slug>/", portal.article, name="article"),
    path("<helplang:lang>/a/<str:slug>/vote/", portal.vote, name="vote"),
    path("<helplang:lang>/announcements/", portal.announcements, name="announcements"),
    path("<helplang:lang>/announcements/feed.atom", AnnouncementFeed(), name="announcement_feed"),
    path("<helplang:lang>/announcements/<slug:slug>/", portal.announcement, name="announcement"),
]
