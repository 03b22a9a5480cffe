"""One presence per agent: the chat's own online/away/offline and heartbeat move into the
workspace's presence (tickets.AgentPresence); what stays is the chat's capacity and open consoles."""

from django.conf import settings
from django.db import migrations, models


def merge_into_workspace_presence(apps, schema_editor):
    ChatPresence = apps.get_model("chat", "AgentPresence")
    WorkspacePresence = apps.get_model("tickets", "AgentPresence")
    for chat in ChatPresence.objects.all():
        shared, _created = WorkspacePresence.objects.get_or_create(user_id=chat.user_id)
        changed = []
        # Present anywhere counts: an agent online in either place stays online.
        if shared.status == "offline" and chat.status != "offline":
            shared.status, shared.changed_at = chat.status, chat.seen_at
            changed += ["status", "changed_at"]
        if chat.seen_at is not None and (shared.last_seen_at is None or shared.last_seen_at < chat.seen_at):
            shared.last_seen_at = chat.seen_at
            changed.append("last_seen_at")
        if changed:
            shared.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [
        ("chat", "0001_initial"),
        ("tickets", "0003_triage_sla_assignment"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(merge_into_workspace_presence, migrations.RunPython.noop),
        migrations.RemoveField(model_name="agentpresence", name="status"),
        migrations.RemoveField(model_name="agentpresence", name="seen_at"),
        migrations.RenameModel(old_name="AgentPresence", new_name="ChatSeat"),
        migrations.AlterModelOptions(
            name="chatseat",
            options={"verbose_name": "agent chat capacity", "verbose_name_plural": "agent chat capacity"},
        ),
        migrations.AlterField(
            model_name="chatseat",
            name="user",
            field=models.OneToOneField(
                on_delete=models.deletion.CASCADE, related_name="chat_seat", to=settings.AUTH_USER_MODEL
            ),
        ),
    ]
