import { propertiesOf } from '../../checker/check.ts';
import type { CliContext } from '../CliContext.ts';
import { instantiate, loadModelSource, modelFilesIn } from '../loadModel.ts';
import type { Outcome } from '../Outcome.ts';
import { outputFormat } from '../searchOptions.ts';

/** `protocheck list [dir]`: the models of a folder with their parameters and properties. */
export async function listCommand(dir: string | undefined, raw: { format?: string }, ctx: CliContext): Promise<Outcome> {
  const format = outputFormat(raw.format, ['text', 'json'] as const);
  const entries = [];
  for (const file of modelFilesIn(dir)) {
    const source = await loadModelSource(file);
    const f = source.factory;
    const loaded = instantiate(source, {});
    ctx.loaded = loaded;
    entries.push({
      name: f.name,
      file: source.file,
      description: f.description ?? '',
      params: Object.entries(f.params).map(([name, spec]) => ({ name, default: spec.default, description: spec.description ?? '' })),
      properties: propertiesOf(loaded.model).map((p) => ({ name: p.name, kind: p.kind, description: p.description ?? '' })),
      tests: f.tests?.length ?? 0,
    });
  }
  if (format === 'json') return { exitCode: 0, stdout: JSON.stringify({ models: entries }, null, 2) };
  const lines: string[] = [];
  for (const e of entries) {
    lines.push(`${e.name}  (${e.file})`);
    if (e.description) lines.push(`  ${e.description}`);
    for (const p of e.params) lines.push(`  --param ${p.name}=${typeof p.default === 'string' ? p.default : JSON.stringify(p.default)}${p.description ? `  ${p.description}` : ''}`);
    for (const p of e.properties) lines.push(`  ${p.kind.padEnd(9)} ${p.name}${p.description ? `: ${p.description}` : ''}`);
    lines.push('');
  }
  if (entries.length === 0) lines.push('no models found');
  return { exitCode: 0, stdout: lines.join('\n').trimEnd() };
}
