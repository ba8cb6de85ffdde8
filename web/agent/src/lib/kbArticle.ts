// Knowledge-base helpers without Vue: the alternative-question list editor's rules and how an
// import file is sent, kept here so they are unit-tested.

/** The server's limits on alternative questions (internal/kefu/article.go). */
export const maxQuestions = 50;
export const maxQuestionLength = 200;

/** addQuestion appends q (trimmed, one line) unless it is blank, already listed, too long, or
 * the list is full; it returns the list to keep. */
export function addQuestion(list: string[], q: string): string[] {
  const clean = q.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  if (!clean || list.includes(clean) || [...clean].length > maxQuestionLength || list.length >= maxQuestions) return list;
  return [...list, clean];
}

/** pasteQuestions adds every line of a pasted block, in order, as addQuestion would. */
export function pasteQuestions(list: string[], text: string): string[] {
  return text.split(/\r?\n/).reduce(addQuestion, list);
}

/** importType is the media type to send a picked file as: CSV by its name or type, else JSON. */
export function importType(file: { name: string; type: string }): 'text/csv' | 'application/json' {
  return /\.csv$/i.test(file.name) || file.type === 'text/csv' ? 'text/csv' : 'application/json';
}

/** categoryOptions merges the server's categories with the one being typed, sorted, once each. */
export function categoryOptions(known: string[], typed: string): string[] {
  const t = typed.trim();
  return [...new Set(t ? [...known, t] : known)].sort((a, b) => a.localeCompare(b));
}
