/** Where a label goes along its arrow: geometry for the sequence diagram's layout. */

/** A box by its centre and size, in points. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** A straight line from (x0, y0) to (x1, y1). */
export type Segment = readonly [number, number, number, number];

export function overlaps(a: Box, b: Box): boolean {
  return Math.abs(a.x - b.x) * 2 < a.w + b.w && Math.abs(a.y - b.y) * 2 < a.h + b.h;
}

/** Whether a segment passes through a box (Liang-Barsky clipping). */
export function crosses(s: Segment, b: Box): boolean {
  const [x0, y0, x1, y1] = s;
  const dx = x1 - x0;
  const dy = y1 - y0;
  let lo = 0;
  let hi = 1;
  for (const [p, q] of [
    [-dx, x0 - (b.x - b.w / 2)],
    [dx, b.x + b.w / 2 - x0],
    [-dy, y0 - (b.y - b.h / 2)],
    [dy, b.y + b.h / 2 - y0],
  ] as const) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const r = q / p;
      if (p < 0) lo = Math.max(lo, r);
      else hi = Math.min(hi, r);
      if (lo > hi) return false;
    }
  }
  return true;
}

const HEIGHT = 14;

/**
 * The box of a label `width` wide on `arrow`, at one of 17 places along it (from 10% to 90%).
 * A place costs: meeting a label or mark already placed (much), crossing another arrow (by its
 * weight: less for a dotted stub), crossing a lane, and its distance from the middle; the
 * cheapest wins, the middle on ties. A horizontal arrow gets its label just above it.
 */
export function placeLabel(
  arrow: Segment,
  width: number,
  placed: readonly Box[],
  others: readonly { readonly line: Segment; readonly weight: number }[],
  lanes: readonly Segment[],
): Box {
  const [x0, y0, x1, y1] = arrow;
  const at = (t: number): Box => ({ x: x0 + (x1 - x0) * t, y: y1 === y0 ? y0 + 9 : y0 + (y1 - y0) * t, w: width, h: HEIGHT });
  // Only what lies in the arrow's rows can meet its label: look at that alone (long traces).
  const top = Math.max(y0, y1) + 20;
  const bottom = Math.min(y0, y1) - 20;
  const near = placed.filter((b) => b.y - b.h / 2 <= top && b.y + b.h / 2 >= bottom);
  const lines = others.filter(({ line }) => Math.min(line[1], line[3]) <= top && Math.max(line[1], line[3]) >= bottom);
  const cost = (t: number): number => {
    // With a margin, so that a label is not read as another arrow's.
    const b = { ...at(t), w: width + 10, h: HEIGHT + 12 };
    return (
      100 * near.filter((o) => overlaps(o, b)).length +
      lines.reduce((sum, { line, weight }) => sum + (crosses(line, b) ? weight : 0), 0) +
      3 * lanes.filter((l) => crosses(l, b)).length +
      10 * Math.abs(t - 0.5)
    );
  };
  let best = 0.5;
  for (let k = 0; k <= 16; k++) {
    const t = 0.1 + k * 0.05;
    if (cost(t) < cost(best) - 1e-9) best = t;
  }
  return at(best);
}
