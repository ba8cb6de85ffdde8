// Which Settings page opens first. Admins come to Settings to set kefu up, so they land on
// Inboxes; everyone else on the pages every agent may use. Never a page the role cannot open.

/** settingsHome names the settings route to open for a session with the permission check can. */
export function settingsHome(can: (permission: string) => boolean): string {
  if (can('inboxes.manage')) return 'settings-inboxes';
  if (can('agents.manage')) return 'settings-agents';
  return 'settings-canned';
}
