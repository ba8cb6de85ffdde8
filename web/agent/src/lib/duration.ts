// Durations as the board shows them: "45 s", "3 min", "2 h", in the UI's language.

type T = (key: string, values?: Record<string, unknown>) => string;

/** duration words a number of seconds with its largest sensible unit. */
export function duration(t: T, seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return t('board.seconds', { n: s });
  if (s < 3600) return t('board.minutes', { n: Math.floor(s / 60) });
  return t('board.hours', { n: Math.floor(s / 3600) });
}
