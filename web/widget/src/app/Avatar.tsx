// Avatars: an initial letter for people (no image to load, and a name is all a visitor learns
// of an agent), and a drawn robot for the knowledge-base bot, so nobody takes it for a person.

export function Avatar({ name }: { name: string }) {
  const initial = [...(name.trim() || '?')][0].toUpperCase();
  return (
    <span class="kefu-avatar" aria-hidden="true">
      {initial}
    </span>
  );
}

/** BotAvatar is the bot's avatar: a drawn robot in the inbox's colour. */
export function BotAvatar() {
  return (
    <span class="kefu-avatar bot" aria-hidden="true" data-testid="bot-avatar">
      <svg viewBox="0 0 24 24" width="20" height="20">
        <path d="M12 3v3M2 12v3M22 12v3" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
        <rect x="5" y="6" width="14" height="13" rx="4" fill="none" stroke="currentColor" stroke-width="2" />
        <circle cx="9.5" cy="12" r="1.5" fill="currentColor" />
        <circle cx="14.5" cy="12" r="1.5" fill="currentColor" />
      </svg>
    </span>
  );
}
