import type { Progress } from '../checker/CheckOptions.ts';

/**
 * Progress on one stderr line, rewritten in place (only used when stderr is a terminal, so
 * logs and pipes never see carriage returns). `undefined` clears the line.
 */
export function progressLine(stream: NodeJS.WriteStream): (p: Progress | undefined) => void {
  let shown = false;
  return (p) => {
    if (p === undefined) {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
      return;
    }
    const rate = p.seconds > 0 ? Math.round(p.distinctStates / p.seconds) : 0;
    stream.write(
      `\r\x1b[K  ${p.distinctStates.toLocaleString('en-US')} states, ${p.transitions.toLocaleString('en-US')} transitions, ` +
        `depth ${p.depth}, frontier ${p.frontier.toLocaleString('en-US')}, ${rate.toLocaleString('en-US')} states/s, ${p.seconds.toFixed(0)} s`,
    );
    shown = true;
  };
}
