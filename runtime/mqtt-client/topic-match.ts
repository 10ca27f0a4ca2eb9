/** MQTT topic filters: does `a/+/c` or `a/#` match a topic (MQTT 3.1.1 section 4.7). */

/** True when `topic` matches `filter` with `+` (one level) and `#` (the rest) wildcards. */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    const part = f[i]!;
    if (part === '#') return !(i === 0 && topic.startsWith('$'));
    if (i >= t.length) return false;
    if (part === '+') {
      if (i === 0 && t[0]!.startsWith('$')) return false;
      continue;
    }
    if (part !== t[i]) return false;
  }
  return f.length === t.length;
}

/** The values of the `+` levels of a filter in a matching topic, in order. */
export function topicWildcards(filter: string, topic: string): string[] {
  const f = filter.split('/');
  const t = topic.split('/');
  return f.flatMap((part, i) => (part === '+' ? [t[i] ?? ''] : []));
}
