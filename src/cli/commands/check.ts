import path from 'node:path';
import type { Progress } from '../../checker/CheckOptions.ts';
import { propertiesOf } from '../../checker/check.ts';
import { LIVENESS_KINDS } from '../../model/Property.ts';
import { checkText, propertyTraceText } from '../../render/checkText.ts';
import { reportHtml } from '../../render/html/reportHtml.ts';
import type { Report } from '../../render/Report.ts';
import { diagramFiles } from '../../render/sequence/traceDiagrams.ts';
import type { CliContext } from '../CliContext.ts';
import { applyFairnessOption, applyFaultOption } from '../faultOption.ts';
import { loadModel } from '../loadModel.ts';
import { exitCodeOf, type Outcome } from '../Outcome.ts';
import { parseParams } from '../parseParams.ts';
import { runCheck } from '../runCheck.ts';
import { outputFormat, searchOptions, workerCount, type RawSearchOptions } from '../searchOptions.ts';
import { safeName, writeArtifacts } from '../writeArtifacts.ts';

/**
 * The files a check run leaves under `<out>/<model>/`: the report, and per property with a trace
 * its text (with the lane diagram), its JSON, its sequence diagram as DOT and SVG and its HTML
 * page, and `report.html`, all of it in one self-contained page. `notes` says which SVG could not
 * be drawn, and why.
 */
export async function artifactFiles(report: Report): Promise<{ files: Map<string, string>; notes: string[] }> {
  const files = new Map<string, string>();
  files.set('report.json', `${JSON.stringify(report, null, 2)}\n`);
  for (const p of report.properties) {
    if (!p.trace) continue;
    files.set(`${safeName(p.name)}.txt`, `${propertyTraceText(p, { model: report.model })}\n`);
    files.set(`${safeName(p.name)}.json`, `${JSON.stringify(p, null, 2)}\n`);
  }
  const diagrams = await diagramFiles(report, safeName);
  for (const [name, content] of diagrams.files) files.set(name, content);
  const svgs = new Map<string, string>();
  for (const p of report.properties) {
    const svg = diagrams.files.get(`${safeName(p.name)}.svg`);
    if (svg !== undefined) svgs.set(p.name, svg);
  }
  // The contract's <property>.html: the same page for that property alone.
  for (const p of report.properties) if (p.trace) files.set(`${safeName(p.name)}.html`, reportHtml({ ...report, properties: [p] }, svgs));
  files.set('report.html', reportHtml(report, svgs));
  return { files, notes: diagrams.notes };
}

/** `protocheck check <model>`: search, print verdicts and counterexamples, write artifacts. */
export async function checkCommand(spec: string, raw: RawSearchOptions & { lanes?: boolean }, ctx: CliContext): Promise<Outcome> {
  const format = outputFormat(raw.format, ['text', 'json'] as const);
  const options = searchOptions(raw);
  const loaded = applyFairnessOption(applyFaultOption(await loadModel(spec, parseParams(raw.param ?? [])), raw), raw);
  ctx.loaded = loaded;
  const onProgress = ctx.progress ? (p: Progress) => ctx.progress!(p) : undefined;
  const workers = workerCount(raw, ctx.warn);
  if (workers > 1 && propertiesOf(loaded.model).some((p) => LIVENESS_KINDS.has(p.kind))) {
    ctx.warn('liveness properties need the whole state graph in one thread; ignoring --workers');
  }
  const { report } = await runCheck(loaded, { ...options, onProgress }, workers, {
    ...(raw.shrink !== undefined ? { shrink: raw.shrink } : {}),
    ...(raw.story ? { story: true } : {}),
  });
  ctx.progress?.(undefined);

  let artifactsNote = '';
  if (raw.out !== false) {
    const dir = path.join(raw.out ?? 'out', safeName(report.model));
    try {
      const { files, notes } = await artifactFiles(report);
      writeArtifacts(dir, files);
      for (const note of notes) ctx.warn(note);
      artifactsNote = `Artifacts: ${dir}${path.sep}`;
    } catch (e) {
      // Asked for explicitly, a failed write is an error; the default folder is best effort.
      if (raw.out !== undefined) throw e;
      ctx.warn(`could not write artifacts to ${dir}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const anyFailed = report.properties.some((p) => p.status === 'fail');
  const exitCode = exitCodeOf(anyFailed, report.complete);
  if (format === 'json') {
    if (artifactsNote) ctx.warn(artifactsNote);
    return { exitCode, stdout: JSON.stringify(report, null, 2) };
  }
  return { exitCode, stdout: checkText(report, { lanes: raw.lanes !== false }) + (artifactsNote ? `\n\n${artifactsNote}` : '') };
}
