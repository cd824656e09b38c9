import { esc } from './htmlText.ts';

/**
 * A Graphviz SVG document made fit to sit inside an HTML page: without its XML prologue, doctype,
 * comments and namespace declarations (the HTML parser supplies them; the page then names no
 * URL at all), every id prefixed (two diagrams on one page must not share ids), Graphviz's own
 * node names (`<title>L0_1</title>`) left out, each tooltip (`<a xlink:title>`) turned into an
 * SVG `<title>`, which every browser shows on hover, and labelled for screen readers.
 */
export function inlineSvg(svg: string, prefix: string, label: string): string {
  const start = svg.indexOf('<svg');
  if (start < 0) return '';
  let body = svg.slice(start).replace(/<!--[\s\S]*?-->\n?/g, '');
  body = body.replace(/\s+xmlns(:\w+)?="[^"]*"/g, '');
  body = body.replace(/<title>[^<]*<\/title>\n?/g, '');
  const tips = /<a xlink:title="([^"]*)">/g;
  // Only when every link is such a tooltip, so that each </a> closes one.
  if ((body.match(/<a\b/g) ?? []).length === (body.match(tips) ?? []).length) {
    body = body.replace(tips, (_, tip: string) => `<g class="tip"><title>${tip}</title>`).replace(/<\/a>/g, '</g>');
  }
  body = body.replace(/\bid="([^"]*)"/g, (_, id: string) => `id="${prefix}${id}"`);
  // References to ids (gradients, clip paths), should Graphviz ever write them.
  body = body.replace(/url\(#([^)]*)\)/g, (_, id: string) => `url(#${prefix}${id})`);
  body = body.replace(/(xlink:)?href="#([^"]*)"/g, (_, x: string | undefined, id: string) => `${x ?? ''}href="#${prefix}${id}"`);
  const attrs = ` role="img" aria-label="${esc(label)}" class="diagram"`;
  return body.replace(/^<svg/, `<svg${attrs}`).trimEnd();
}
