// The drawing of a share's views over days: the dashboard row's sparkline (server-rendered SVG points) and the bars of
// the statistics dialog (computed here, drawn by the page script), so both scale the same way.

/** Points of a polyline for `values` in a `width` x `height` box, 1.5 px kept at the top and bottom for the stroke. */
export function sparkPoints(values: number[], width: number, height: number): string {
  if (values.length === 0) return '';
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const pad = 1.5;
  return values.map((v, i) => `${round(i * step)},${round(height - pad - (v / max) * (height - 2 * pad))}`).join(' ');
}

/** Bars for `values` in a `width` x `height` box: x, width and height of each (a day with views is at least 1.5 px tall). */
export function barRects(values: number[], width: number, height: number): Array<{ x: number; w: number; h: number }> {
  const max = Math.max(1, ...values);
  const slot = width / Math.max(1, values.length);
  const w = Math.max(1, slot * 0.72);
  return values.map((v, i) => ({ x: round(i * slot + (slot - w) / 2), w: round(w), h: v > 0 ? round(Math.max(1.5, (v / max) * height)) : 0 }));
}

const round = (n: number) => Math.round(n * 10) / 10;
