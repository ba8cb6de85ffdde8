// The server's password policy answers in fixed English sentences (internal/auth/policy.go,
// docs/security.md); this turns them into the agent's language.
import type { ProblemDetail } from '@/api/errors';

type T = (key: string, values?: Record<string, unknown>) => string;

/** The policy's messages and the text key each becomes; n is the number the message carries. */
const rules: [RegExp, string][] = [
  [/^password must be at least (\d+) characters$/, 'password.tooShort'],
  [/^password must be at most (\d+) bytes$/, 'password.tooLong'],
  [/^password must not be only whitespace$/, 'password.blank'],
  [/^password is one of the most common passwords$/, 'password.common'],
  [/^password must not be the e-mail address$/, 'password.email'],
];

/** passwordProblem words a failed password field in the UI's language, or null when the field
 * is not a password or the message is not one of the policy's. */
export function passwordProblem(t: T, f: ProblemDetail): string | null {
  if (!/password$/.test(f.location ?? '')) return null;
  for (const [re, key] of rules) {
    const m = re.exec(f.message);
    if (m) return t(key, { n: m[1] });
  }
  return null;
}
