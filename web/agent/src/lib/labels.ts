// Label names as agents read them. Labels are the organisation's own words, shown as typed,
// except the ones kefu itself applies (offline_message: the visitor wrote while nobody of the
// inbox was online), which read in the workspace's language.

const builtIn = new Set(['offline_message']);

/** labelText is how the workspace shows the label named name. */
export function labelText(t: (key: string) => string, name: string): string {
  return builtIn.has(name) ? t(`labels.builtIn.${name}`) : name;
}
