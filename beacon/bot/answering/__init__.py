"""The answer bot: answers a question from the help center (FAQs, articles, active announcements),
or says it should go to a person. Used by the live chat and by `POST /api/v1/bot/answer`."""
