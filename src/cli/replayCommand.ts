function quote(word: string): string {
  return /^[\w./:=@,+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command line that replays `path`, with every parameter that differs from its default. */
export function replayCommand(spec: string, path: string, params: Readonly<Record<string, unknown>>, extra: readonly string[] = []): string {
  const words = ['protocheck', 'replay', spec, path];
  for (const [k, v] of Object.entries(params)) words.push('--param', `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  words.push(...extra);
  return words.map(quote).join(' ');
}
