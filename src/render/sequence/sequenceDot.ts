/**
 * A sequence view as Graphviz DOT. The layout is computed here and every node pinned
 * (`pos="x,y!"` in points), and the graph asks for Graphviz's `nop` layout, which keeps the
 * positions and only draws: lanes are columns, step i is row i, a message is a straight arrow
 * from its send to its delivery (or to a cross where it is lost). The same trace gives the same
 * picture, byte for byte, whichever Graphviz command draws it; and `nop` is linear where
 * `neato` with pinned nodes still solves for all pairs (a 2,000-step trace: 0.7 s, not 49 s).
 */
import { shortJson } from '../shortJson.ts';
import { attrs, fmt, idOf, leftLines, pos, q, textWidth, wrap } from './dotText.ts';
import { type Box, overlaps, placeLabel, type Segment } from './labelPlace.ts';
import { plainTraceDot } from './plainTraceDot.ts';
import type { Arrow, Lane, SequenceView } from './sequenceView.ts';

const ROW = 58;
const HEAD_Y = 46;
const LABEL_SIZE = 10;
const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const COLORS = { arrow: '#1f4e79', lie: '#c0392b', traitor: '#d35400', lost: '#c0392b', lane: '#7f8c8d', down: '#c0392b', band: '#f5a62333', fail: '#e74c3c22', pass: '#27ae6022' };

const y = (row: number): number => -row * ROW;

/** How far apart lanes are: the widest label between two neighbours fits, and the final states. */
function laneGap(view: SequenceView, index: Map<string, number>): number {
  let need = 200;
  for (const a of view.arrows) {
    if (a.end === 'in-flight') continue; // a stub, its label beside it
    const span = Math.max(1, Math.abs(index.get(a.to)! - index.get(a.from)!));
    need = Math.max(need, (textWidth(arrowText(a, span > 1), LABEL_SIZE) + 60) / span);
  }
  return Math.min(need, 380);
}

/** The label of an arrow; `far` when its recipient is not the sender's neighbour. */
function arrowText(a: Arrow, far: boolean): string {
  if (a.lie) return `LIE: ${a.label}`;
  const suffix = a.duplicatedAt !== undefined ? ' (duplicate)' : a.copyOf ? ' (again)' : a.end === 'in-flight' ? (far ? ` (in flight to ${a.to})` : ' (in flight)') : '';
  return a.label + suffix;
}

function arrowTooltip(a: Arrow): string {
  const ends =
    a.end === 'delivered' ? `delivered at step ${a.endAt! + 1}` : a.end === 'in-flight' ? 'still in flight at the end' : `${a.end === 'dropped' ? 'dropped' : 'lost'} at step ${a.endAt! + 1}`;
  const lines = [`${a.from} → ${a.to}: ${a.detail}`, `sent at step ${a.sentAt + 1}, ${ends}`];
  if (a.duplicatedAt !== undefined) lines.push(`a copy the network made at step ${a.duplicatedAt + 1}`);
  if (a.lie) lines.push(`a lie: an honest ${a.from} would send ${a.truth}`);
  else if (a.byzantine) lines.push(`sent by the Byzantine ${a.from}, as an honest node would`);
  return lines.join('\n');
}

function laneFoot(lane: Lane, chars: number): string[] {
  const lines: string[] = [];
  if (lane.crashedAtEnd) lines.push('(crashed)');
  if (lane.decisions?.length) lines.push(...wrap(`decided ${lane.decisions.map((d) => shortJson(d)).join(', ')}`, chars));
  if (!(lane.crashedAtEnd && lane.final === null)) lines.push(...wrap(shortJson(lane.final), chars, 6));
  return lines;
}

/** The view as DOT text; render it with `renderSvg` (or `neato -n2`/`dot` from Graphviz). */
export function sequenceDot(view: SequenceView): string {
  if (!view.protocol) return plainTraceDot(view);
  const index = new Map(view.lanes.map((l, i) => [l.name, i]));
  const gap = laneGap(view, index);
  const x = (lane: string): number => index.get(lane)! * gap;
  const right = (view.lanes.length - 1) * gap;
  const endRow = view.steps.length;
  const out: string[] = [];
  const obstacles: Box[] = [];
  const node = (name: string, a: Record<string, string | number | undefined>): void => {
    out.push(`  ${q(name)}${attrs(a)};`);
  };
  const edge = (from: string, to: string, a: Record<string, string | number | undefined>): void => {
    out.push(`  ${q(from)} -> ${q(to)}${attrs(a)};`);
  };
  const point = (name: string, px: number, py: number, visible = false): void =>
    node(name, { pos: pos(px, py), shape: 'point', width: visible ? 0.08 : 0.01, ...(visible ? {} : { style: 'invis' }) });

  out.push('digraph sequence {');
  const title = `${view.title}${view.path ? `  ·  path ${view.path}` : ''}`;
  out.push(`  graph${attrs({ layout: 'nop', inputscale: 72, splines: 'line', outputorder: 'edgesfirst', label: title, labelloc: 't', fontname: BOLD, fontsize: 14, pad: 0.3, bgcolor: 'white' })};`);
  out.push(`  node${attrs({ fontname: FONT, fontsize: LABEL_SIZE, margin: '0.04,0.02' })};`);
  out.push(`  edge${attrs({ fontname: FONT, fontsize: LABEL_SIZE, arrowsize: 0.7 })};`);

  // Backgrounds first: partitions, and the rows where a verdict is pinned.
  view.bands.forEach((b, i) => {
    // From the step that splits the network to the one that heals it (or the end).
    const top = y(b.from) + ROW * 0.25;
    const bottom = y(b.to ?? endRow) - (b.to === undefined ? 0 : ROW * 0.15);
    node(`band${i}`, { pos: pos(right / 2, (top + bottom) / 2), shape: 'box', style: 'filled', color: 'none', fillcolor: COLORS.band, label: '', width: fmt((right + 80) / 72), height: fmt((top - bottom) / 72), fixedsize: 'true', tooltip: b.label, id: idOf('band', i), class: 'band' });
  });
  for (const v of view.verdicts) {
    node(idOf('verdict-row', v.step, v.property), { pos: pos(right / 2, y(v.step)), shape: 'box', style: 'filled', color: 'none', fillcolor: v.fails ? COLORS.fail : COLORS.pass, label: '', width: fmt((right + 80) / 72), height: fmt((ROW * 0.7) / 72), fixedsize: 'true', tooltip: v.text });
  }

  // Lanes: a head, one point per row, a foot with the final state.
  const events = new Set<string>();
  for (const a of view.arrows) {
    events.add(`${a.from}@${a.sentAt}`);
    if (a.end === 'delivered') events.add(`${a.to}@${a.endAt}`);
  }
  const chars = Math.max(16, Math.floor((gap - 24) / 5.2));
  for (const lane of view.lanes) {
    const j = index.get(lane.name)!;
    const lx = x(lane.name);
    node(`H${j}`, {
      pos: pos(lx, HEAD_Y),
      shape: 'box',
      style: 'rounded,filled',
      fillcolor: lane.byzantine ? '#fdecea' : '#eaf1f8',
      color: lane.byzantine ? COLORS.lie : '#5d7ea3',
      fontname: BOLD,
      fontsize: 12,
      label: lane.byzantine ? `${lane.name}\n(Byzantine)` : lane.name,
      width: fmt(Math.max(54, textWidth(lane.byzantine ? '(Byzantine)' : lane.name, 12) * 1.15 + 20) / 72),
      height: lane.byzantine ? 0.5 : 0.36,
      fixedsize: 'true',
      tooltip: `${lane.name} starts as ${JSON.stringify(lane.initial)}`,
      id: idOf('lane', lane.name),
      class: lane.byzantine ? 'lane byzantine' : 'lane',
    });
    for (let i = 0; i <= endRow; i++) point(`L${j}_${i}`, lx, y(i), events.has(`${lane.name}@${i}`));
    const foot = laneFoot(lane, chars);
    const h = foot.length * 12 + 10;
    node(`F${j}`, { pos: pos(lx, y(endRow) - 14 - h / 2), shape: 'box', style: 'rounded', color: '#b0b7bd', fontsize: 9, fontcolor: '#2c3e50', label: leftLines(foot), tooltip: `${lane.name} at the end: ${JSON.stringify(lane.final)}`, id: idOf('final', lane.name) });
    const isDown = (i: number): boolean => lane.down.some((d) => i >= d.from && (d.to === undefined || i < d.to));
    const seg = { arrowhead: 'none', color: COLORS.lane, penwidth: 1.2, tailclip: 'false', headclip: 'false' };
    edge(`H${j}`, `L${j}_0`, { ...seg, tailclip: 'true' });
    for (let i = 0; i < endRow; i++) {
      edge(`L${j}_${i}`, `L${j}_${i + 1}`, isDown(i) ? { ...seg, color: COLORS.down, style: 'dashed', tooltip: `${lane.name} is down` } : seg);
    }
    edge(`L${j}_${endRow}`, `F${j}`, { ...seg, headclip: 'true', style: 'dotted' });
  }

  // Marks on lanes: timers, crashes, recoveries, withheld messages.
  for (const m of view.marks) {
    const style = {
      timer: { fillcolor: '#fff4c2', color: '#b7950b', fontcolor: '#5d4a00', text: `timer ${m.label}` },
      crash: { fillcolor: COLORS.down, color: COLORS.down, fontcolor: 'white', text: 'crash' },
      recover: { fillcolor: '#27ae60', color: '#27ae60', fontcolor: 'white', text: 'recover' },
      withhold: { fillcolor: '#fdecea', color: COLORS.lie, fontcolor: COLORS.lie, text: m.label },
    }[m.kind];
    const mx = x(m.lane);
    const my = y(m.step);
    obstacles.push({ x: mx, y: my, w: textWidth(style.text, 9) + 14, h: 18 });
    node(idOf('mark', m.step, m.lane), { pos: pos(mx, my), shape: 'box', style: 'rounded,filled', fontsize: 9, fontname: m.kind === 'timer' ? FONT : BOLD, fillcolor: style.fillcolor, color: style.color, fontcolor: style.fontcolor, label: style.text, height: 0.22, width: 0.3, tooltip: `step ${m.step + 1}: ${m.detail}`, id: idOf('mark', m.step, m.lane), class: `mark ${m.kind}` });
  }

  // Notes in the right margin: partitions and verdicts, one under another if they meet.
  const note = (name: string, row: number, lines: readonly string[], color: string, bold: boolean, tooltip: string): void => {
    const w = Math.max(...lines.map((l) => textWidth(l, 10))) + 8;
    const h = lines.length * 13 + 4;
    let box: Box = { x: right + 36 + w / 2, y: y(row), w, h };
    while (obstacles.some((o) => overlaps(o, box))) box = { ...box, y: box.y - 13 };
    obstacles.push(box);
    node(name, { pos: pos(box.x, box.y), shape: 'plaintext', label: leftLines(lines), fontcolor: color, fontname: bold ? BOLD : FONT, fontsize: 10, tooltip, id: name });
  };
  // How the run starts, when the initial state is one of several (a choice, the traitors).
  const start = view.steps[0];
  if (start && start.label !== 'initial state') note('start', 0, wrap(start.label, 48), '#566573', false, start.label);
  view.bands.forEach((b, i) => {
    note(idOf('band-label', i), b.from, [b.label], '#b9770e', true, b.label);
    if (b.to !== undefined) note(idOf('heal', i), b.to, ['the partition heals'], '#b9770e', false, 'the partition heals');
  });
  for (const v of view.verdicts) {
    const lines = [v.text, ...(v.description ? wrap(v.description, 44) : []), ...(v.observed ? wrap(v.observed, 44) : [])];
    note(idOf('verdict', v.step, v.property), v.step, lines, v.fails ? COLORS.lie : '#1e8449', false, lines.join('\n'));
  }

  // Step numbers on the left, with the step in words on hover.
  for (const s of view.steps) {
    // Steps that draw nothing on a lane say what they are here.
    const round = /^round (\d+)/.exec(s.label);
    const word = round ? `round ${round[1]}` : s.kind === 'duplicate' ? 'duplicate' : '';
    node(idOf('step', s.index + 1), { pos: pos(-44, y(s.index)), shape: 'plaintext', fontcolor: '#7f8c8d', label: word ? `${s.index + 1} ${word}` : String(s.index + 1), tooltip: [`${s.index + 1}. ${s.label}`, ...s.changes.map((c) => `   ${c}`)].join('\n'), id: idOf('step', s.index + 1) });
  }

  // A lasso: from the last step back up to the start of its cycle, on the left.
  if (view.loop !== undefined && view.loop < endRow - 1) {
    const lx = -78;
    point('loopTop', lx, y(view.loop));
    point('loopBottom', lx, y(endRow - 1));
    const tip = `after step ${endRow} the behaviour returns to step ${view.loop + 1} and goes round for ever`;
    edge('loopBottom', 'loopTop', { color: '#8e44ad', penwidth: 1.6, arrowhead: 'normal', tailclip: 'false', headclip: 'false', tooltip: tip, id: 'loop', class: 'loop' });
    node('loopLabel', { pos: pos(lx - 6, (y(view.loop) + y(endRow - 1)) / 2), shape: 'plaintext', label: 'for\never', fontcolor: '#8e44ad', fontsize: 9, tooltip: tip });
  }

  // Messages: an arrow from the send to the delivery, to a cross when lost, short of the lane when in flight.
  const segments: { a: Arrow; x0: number; y0: number; hx: number; hy: number }[] = [];
  for (const a of view.arrows) {
    const x0 = x(a.from);
    const x1 = x(a.to);
    const y0 = y(a.sentAt);
    let head: string;
    let hx: number;
    let hy: number;
    if (a.end === 'delivered') {
      head = `L${index.get(a.to)}_${a.endAt}`;
      [hx, hy] = [x1, y(a.endAt!)];
    } else if (a.end === 'in-flight') {
      head = `P${a.id}`;
      // A stub on its way to the recipient: it has not arrived when the trace ends.
      [hx, hy] = [x0 + Math.sign(x1 - x0) * Math.min(Math.abs(x1 - x0) * 0.45, gap * 0.6), y0 - ROW * 0.7];
      point(head, hx, hy);
    } else {
      head = `X${a.id}`;
      [hx, hy] = [x0 + (x1 - x0) * 0.6, y(a.endAt!)];
      point(head, hx, hy);
      for (const [p, q1] of [
        [[-6, -6], [6, 6]],
        [[-6, 6], [6, -6]],
      ] as const) {
        point(`${head}${p.join('')}`, hx + p[0], hy + p[1]);
        point(`${head}${q1.join('')}`, hx + q1[0], hy + q1[1]);
        edge(`${head}${p.join('')}`, `${head}${q1.join('')}`, { arrowhead: 'none', color: COLORS.lost, penwidth: 2.6, tooltip: arrowTooltip(a) });
      }
      const word = a.end === 'dropped' ? 'dropped' : 'lost';
      obstacles.push({ x: hx, y: hy, w: 16, h: 16 }, { x: hx, y: hy - 14, w: textWidth(word, 9) + 4, h: 11 });
      node(`${head}w`, { pos: pos(hx, hy - 14), shape: 'plaintext', label: word, fontsize: 9, fontcolor: COLORS.lost, fontname: BOLD, height: 0.1, width: 0.1, tooltip: arrowTooltip(a) });
    }
    const color = a.lie ? COLORS.lie : a.byzantine ? COLORS.traitor : a.end === 'in-flight' ? COLORS.lane : COLORS.arrow;
    edge(`L${index.get(a.from)}_${a.sentAt}`, head, {
      color,
      penwidth: a.lie ? 2.2 : 1.4,
      style: a.end === 'in-flight' ? 'dotted' : a.copyOf ? 'dashed' : 'solid',
      arrowhead: a.end === 'delivered' ? 'normal' : a.end === 'in-flight' ? 'vee' : 'none',
      tailclip: 'false',
      tooltip: arrowTooltip(a),
      id: idOf('arrow', a.id),
      class: `arrow ${a.end}${a.lie ? ' lie' : ''}${a.byzantine ? ' byzantine' : ''}${a.copyOf ? ' copy' : ''}`,
    });
    segments.push({ a, x0, y0, hx, hy });
  }
  // Labels on the arrows, short arrows first (they have the least room), each where it meets no
  // other label or mark, as near the middle as it can.
  const lanes: Segment[] = view.lanes.map((l) => [x(l.name), HEAD_Y, x(l.name), y(endRow)]);
  const lines = segments.map(({ x0, y0, hx, hy }): Segment => [x0, y0, hx, hy]);
  // Messages still in flight last: their labels matter least.
  const inFlight = (p: (typeof segments)[number]): number => (p.a.end === 'in-flight' ? 1 : 0);
  segments.sort((p, r) => inFlight(p) - inFlight(r) || Math.abs(p.hy - p.y0) - Math.abs(r.hy - r.y0) || p.y0 - r.y0);
  for (const { a, x0, y0, hx, hy } of segments) {
    const text = arrowText(a, Math.abs(index.get(a.to)! - index.get(a.from)!) > 1);
    const w = textWidth(text, LABEL_SIZE) + 8;
    const others = lines.flatMap((l, i) => (view.arrows[i] !== a ? [{ line: l, weight: view.arrows[i]!.end === 'in-flight' ? 4 : 10 }] : []));
    const chosen = placeLabel([x0, y0, hx, hy], w, obstacles, others, lanes);
    obstacles.push(chosen);
    node(`T${a.id}`, { pos: pos(chosen.x, chosen.y), shape: 'box', style: 'filled', color: 'none', fillcolor: '#ffffffdd', fontcolor: a.lie ? COLORS.lie : a.end === 'in-flight' ? '#566573' : '#17202a', fontname: a.lie ? BOLD : FONT, label: text, height: 0.18, width: 0.2, margin: '0.03,0.01', tooltip: arrowTooltip(a), id: idOf('label', a.id), class: 'label' });
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
