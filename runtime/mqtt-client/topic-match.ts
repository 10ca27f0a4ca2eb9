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

/** Parameter names of an AsyncAPI channel address (`rooms/{room}/temp` → `['room']`). */
export function addressParameters(address: string): string[] {
  return [...address.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
}

/** The subscription filter of an address: each `{parameter}` is `+` unless given. */
export function addressFilter(address: string, params: Readonly<Record<string, string | undefined>> = {}): string {
  return address.replace(/\{([^}]+)\}/g, (_, name: string) => {
    // Own keys only: a parameter called `constructor` must not find Object's.
    const value = Object.hasOwn(params, name) ? params[name] : undefined;
    return value === undefined ? '+' : checkLevel(name, value);
  });
}

/** The topic of an address with every parameter filled in. */
export function fillAddress(address: string, params: Readonly<Record<string, string>>): string {
  return address.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = Object.hasOwn(params, name) ? params[name] : undefined;
    if (value === undefined) throw new TypeError(`topic parameter \`${name}\` is missing`);
    return checkLevel(name, value);
  });
}

function checkLevel(name: string, value: string): string {
  if (value === '' || /[/+#\u0000]/.test(value)) throw new TypeError(`topic parameter \`${name}\` must be one non-empty topic level without / + #, not \`${value}\``);
  return value;
}
