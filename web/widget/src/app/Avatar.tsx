// An initial-letter avatar: no image to load, and a name is all a visitor learns of an agent.

export function Avatar({ name }: { name: string }) {
  const initial = [...(name.trim() || '?')][0].toUpperCase();
  return (
    <span class="kefu-avatar" aria-hidden="true">
      {initial}
    </span>
  );
}
