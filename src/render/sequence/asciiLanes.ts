/**
 * A sequence view as a plain-text lane diagram for the terminal: a column per node, lines per
 * step (time flows down), a message drawn on the line of the step that delivers it, from its
 * sender's lane to its recipient's (`|---- m ---->|`), or ending in `X` where it is lost.
 */
import type { Arrow, SequenceView } from './sequenceView.ts';

/** How wide and how many lanes a diagram may have. */
export interface AsciiOptions {
  /** Columns the diagram may use (default 100). */
  readonly width?: number;
  /** More nodes than this get a note instead of a diagram (default 6). */
  readonly maxLanes?: number;
  /** Indentation of every line (default two spaces, as the text trace). */
  readonly indent?: string;
}

const NOTE_MIN = 16;

/** The sign a mark leaves on its lane; the line's note says it in words. */
const MARK_SIGN = { timer: '@', crash: '#', recover: '+', withhold: 'o' } as const;
const MARK_WORDS = { timer: '@ a timer fires', crash: '# a crash', recover: '+ a recovery', withhold: 'o a message withheld' } as const;

function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

function arrowLabel(a: Arrow): string {
  return a.duplicatedAt !== undefined ? `${a.label} (duplicate)` : a.label;
}

function arrowNote(a: Arrow, view: SequenceView): string {
  const sent = `sent at ${a.sentAt + 1}`;
  if (a.end === 'dropped') return `dropped (${sent})`;
  if (a.end === 'lost') {
    const at = a.endAt!;
    const down = view.lanes.find((l) => l.name === a.to)?.down.some((d) => d.from < at && (d.to === undefined || at <= d.to));
    const cut = view.bands.some((b) => b.from < at && (b.to === undefined || at <= b.to) && !b.sides.some((side) => side.includes(a.from) && side.includes(a.to)));
    return `lost${down ? `: ${a.to} is down` : cut ? ': partitioned' : ''} (${sent})`;
  }
  if (a.lie) return `LIE: an honest ${a.from} sends ${a.truth} (${sent})`;
  if (a.duplicatedAt !== undefined) return `a copy made at ${a.duplicatedAt + 1} (${sent})`;
  return sent;
}

/**
 * The lane diagram of `view`, or a one-line note when it has no lanes to draw (a plain
 * transition system) or more nodes than fit.
 */
export function asciiLanes(view: SequenceView, options: AsciiOptions = {}): string {
  const width = options.width ?? 100;
  const indent = options.indent ?? '  ';
  const n = view.lanes.length;
  if (!view.protocol || n === 0) return `${indent}(no lane diagram: this model has no nodes)`;
  if (n > (options.maxLanes ?? 6)) return `${indent}(no lane diagram: ${n} nodes do not fit in ${width} columns; the .svg diagram shows them all)`;
  const index = new Map(view.lanes.map((l, j) => [l.name, j]));
  const numWidth = String(view.steps.length).length;
  const left = indent.length + numWidth + 3;
  const maxGap = n > 1 ? Math.max(8, Math.floor((width - left - 1 - NOTE_MIN) / (n - 1))) : 0;
  let need = Math.max(12, ...view.lanes.map((l) => l.name.length + 3));
  for (const a of view.arrows) {
    if (a.end === 'in-flight') continue;
    const span = Math.max(1, Math.abs(index.get(a.to)! - index.get(a.from)!));
    need = Math.max(need, Math.ceil((arrowLabel(a).length + 8) / (a.end === 'delivered' ? span : span * 0.75)));
  }
  const gap = n > 1 ? Math.min(need, maxGap) : 0;
  const col = (lane: string): number => left - indent.length + index.get(lane)! * gap;
  const rowWidth = left - indent.length + (n - 1) * gap + 1;
  const noteWidth = width - indent.length - rowWidth - 3;

  const lines: string[] = [];
  const emit = (cells: string[], note = ''): void => {
    const text = cells.join('') + (note ? `   ${truncate(note, noteWidth)}` : '');
    lines.push((indent + text).trimEnd());
  };
  const header = Array<string>(rowWidth).fill(' ');
  for (const lane of view.lanes) {
    const name = truncate(lane.byzantine ? `${lane.name}!` : lane.name, Math.max(3, gap - 1));
    const start = Math.max(0, Math.min(rowWidth - name.length, col(lane.name) - Math.floor((name.length - 1) / 2)));
    for (let k = 0; k < name.length; k++) header[start + k] = name[k]!;
  }
  emit(header);

  const isDown = (lane: SequenceView['lanes'][number], step: number): boolean => lane.down.some((d) => step >= d.from && (d.to === undefined || step < d.to));
  const blank = (step: number, label?: number): string[] => {
    const cells = Array<string>(rowWidth).fill(' ');
    for (const lane of view.lanes) cells[col(lane.name)] = isDown(lane, step) ? ':' : '|';
    if (label !== undefined) {
      const num = String(label).padStart(numWidth);
      for (let k = 0; k < num.length; k++) cells[k] = num[k]!;
    }
    return cells;
  };
  const draw = (cells: string[], a: Arrow): void => {
    const c0 = col(a.from);
    const c1 = col(a.to);
    const dir = Math.sign(c1 - c0);
    if (dir === 0) return;
    const fill = a.lie ? '=' : a.copyOf ? '.' : '-';
    const end = a.end === 'delivered' ? c1 - dir : c0 + Math.round((c1 - c0) * 0.75);
    const body: number[] = [];
    for (let c = c0 + dir; c !== end; c += dir) body.push(c);
    for (const c of body) cells[c] = fill;
    cells[end] = a.end === 'delivered' ? (dir > 0 ? '>' : '<') : 'X';
    // The label inside the arrow, with a dash or more on each side (and spaces when there is room).
    const room = body.length - 2;
    const bare = arrowLabel(a);
    const label = bare.length + 2 <= room ? ` ${bare} ` : truncate(bare, room);
    if (room >= 3) {
      const first = Math.min(...body) + 1 + Math.floor((room - label.length) / 2);
      for (let k = 0; k < label.length; k++) cells[first + k] = label[k]!;
    }
  };

  for (const step of view.steps) {
    const i = step.index;
    const senders = new Set(view.arrows.filter((a) => a.sentAt === i).map((a) => a.from));
    const arriving = view.arrows.filter((a) => a.end !== 'in-flight' && a.endAt === i);
    const marks = view.marks.filter((m) => m.step === i);
    const bandStart = view.bands.find((b) => b.from === i);
    const bandEnd = view.bands.find((b) => b.to === i);
    const rows: { cells: string[]; note: string }[] = [];
    if (step.kind === 'round' || (arriving.length === 0 && marks.length === 0 && !bandStart && !bandEnd)) rows.push({ cells: blank(i), note: step.label });
    for (const a of arriving) {
      const cells = blank(i);
      draw(cells, a);
      rows.push({ cells, note: arrowNote(a, view) });
    }
    for (const m of marks) {
      const cells = blank(i);
      cells[col(m.lane)] = MARK_SIGN[m.kind];
      rows.push({ cells, note: m.detail });
    }
    for (const [band, words] of [
      [bandStart, bandStart?.label],
      [bandEnd, 'the partition heals'],
    ] as const) {
      if (!band) continue;
      const cells = blank(i).map((c, k) => (k >= left - indent.length - 1 ? '~' : c));
      rows.push({ cells, note: words! });
    }
    rows.forEach((row, k) => {
      const num = k === 0 ? String(i + 1).padStart(numWidth) : ' '.repeat(numWidth);
      for (let c = 0; c < num.length; c++) row.cells[c] = num[c]!;
      if (k === 0) for (const s of senders) if (row.cells[col(s)] === '|' || row.cells[col(s)] === ':') row.cells[col(s)] = '*';
      emit(row.cells, row.note);
    });
    if (view.loop === i && i < view.steps.length - 1) lines.push(`${indent}${' '.repeat(numWidth + 3)}↺ the cycle starts here`);
    for (const v of view.verdicts.filter((x) => x.step === i)) {
      lines.push(`${indent}${' '.repeat(numWidth + 3)}${truncate(`${v.text}${v.observed ? `: ${v.observed}` : ''}`, width - indent.length - numWidth - 3)}`);
    }
  }
  const pending = view.arrows.filter((a) => a.end === 'in-flight');
  for (const a of pending) lines.push(truncate(`${indent}in flight at the end: ${a.from} -> ${a.to} ${a.label} (sent at ${a.sentAt + 1})`, width));
  const kinds = new Set(view.marks.map((m) => m.kind));
  const legend = [
    'time flows down',
    '* sends',
    '> or < arrives',
    ...(view.arrows.some((a) => a.end === 'dropped' || a.end === 'lost') ? ['X lost'] : []),
    ...(view.arrows.some((a) => a.lie) ? ['=== a lie'] : []),
    ...(view.arrows.some((a) => a.copyOf) ? ['... a copy'] : []),
    ...(['timer', 'crash', 'recover', 'withhold'] as const).filter((k) => kinds.has(k)).map((k) => MARK_WORDS[k]),
    ...(view.lanes.some((l) => l.down.length) ? [': down'] : []),
    ...(view.lanes.some((l) => l.byzantine) ? ['! Byzantine'] : []),
  ];
  lines.push(truncate(`${indent}(${legend.join(', ')})`, width));
  return lines.join('\n');
}
