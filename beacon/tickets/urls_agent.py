from __future__ import annotations

from django.urls import path

from beacon.tickets.views import agent, settings, supervisor, workflow

urlpatterns = [
    path("", agent.queue, name="queue"),
    path("queue/<slug:name>/", agent.queue, name="queue_named"),
    path("tickets/<int:ticket_id>/", agent.ticket_page, name="ticket"),
    path("tickets/<int:ticket_id>/reply/", agent.reply, name="reply"),
    path("tickets/<int:ticket_id>/properties/", agent.update_properties, name="properties"),
    # Triage, SLA, assignment and escalation (beacon/tickets/views/workflow.py, supervisor.py, settings.py)
    path("tickets/<int:ticket_id>/workflow/", workflow.card, name="workflow"),
    path("tickets/<int:ticket_id>/escalate/", workflow.escalate, name="escalate"),
    path("tickets/<int:ticket_id>/return/", workflow.return_escalation, name="return_escalation"),
    path("tickets/<int:ticket_id>/macro/", workflow.macro, name="macro"),
    path("tickets/<int:ticket_id>/merge/", workflow.merge, name="merge"),
    path("tickets/<int:ticket_id>/split/", workflow.split, name="split"),
    path("presence/", workflow.presence, name="presence"),
    path("supervisor/", supervisor.console, name="supervisor"),
    path("supervisor/alerts/badge/", supervisor.alert_badge, name="alert_badge"),
    path("supervisor/alerts/<int:alert_id>/ack/", supervisor.acknowledge, name="ack_alert"),
    path("supervisor/surge/", supervisor.switch_surge, name="surge"),
    path("supervisor/agents/<int:user_id>/capacity/", supervisor.capacity, name="capacity"),
    path("supervisor/agents/<int:user_id>/release/", supervisor.release, name="release"),
    path("settings/<slug:kind>/", settings.settings_list, name="settings"),
    path("settings/<slug:kind>/new/", settings.settings_edit, name="settings_new"),
    path("settings/<slug:kind>/<int:pk>/", settings.settings_edit, name="settings_edit"),
    path("settings/<slug:kind>/<int:pk>/delete/", settings.settings_delete, name="settings_delete"),
]
