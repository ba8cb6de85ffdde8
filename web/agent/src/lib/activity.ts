// Activity entries (kind "event") are stored as JSON so each agent reads them in their own
// language; this words them.
import { parseActivity } from './thread';

type T = (key: string, values?: Record<string, unknown>) => string;

/** activityText words an event message's content in the UI's language. */
export function activityText(t: T, content: string, teamName: (id: string) => string = (id) => id): string {
  const a = parseActivity(content);
  const by = a.by_name || t('activity.someone');
  switch (a.action) {
    case 'assigned':
      if (a.skill && a.assignee_name) return t('activity.assignedSkill', { by, assignee: a.assignee_name, skill: a.skill, level: a.skill_level ?? 1 });
      if (a.assignee_id && a.assignee_id === a.by_id) return t('activity.assignedSelf', { by });
      if (a.assignee_name) return t('activity.assigned', { by, assignee: a.assignee_name });
      if (a.team_id) return t('activity.assignedTeam', { by, team: teamName(a.team_id) });
      return t('activity.unknown');
    case 'transfer_queued':
      return t('activity.transfer_queued', { by, skill: a.skill ?? '', level: a.skill_level ?? 1 });
    case 'unassigned':
      return t('activity.unassigned', { by });
    case 'auto_assigned':
      return t('activity.auto_assigned', { assignee: a.assignee_name ?? '' });
    case 'status_changed':
      if (['open', 'pending', 'snoozed', 'resolved'].includes(a.status ?? '')) return t(`activity.status_${a.status}`, { by });
      return t('activity.unknown');
    case 'requeued':
      if (a.reason === 'accept_timeout' || a.reason === 'agent_away') return t(`activity.requeued_${a.reason}`, { assignee: a.assignee_name || t('activity.someone') });
      return t('activity.requeued', { assignee: a.assignee_name || t('activity.someone') });
    case 'snooze_ended':
      return t('activity.snooze_ended');
    case 'proactive_trigger':
      return t('activity.proactive_trigger', { name: a.trigger_name ?? '' });
    default:
      return t('activity.unknown');
  }
}
