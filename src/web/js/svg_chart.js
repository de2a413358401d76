// Hand-drawn SVG line charts: axes with a few ticks, one path per series, an optional zero line and marker.
// lineChart({series: [{name, points: [[x, y], ...], cls}], width, height, xFormat, yFormat, zero, markerX})

const NS = 'http://www.w3.org/2000/svg';

function node(tag, attributes, text) {
  const n = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attributes)) n.setAttribute(k, v);
  if (text !== undefined) n.textContent = text;
  return n;
}

// About `count` round tick values between lo and hi.
function ticks(lo, hi, count) {
  if (hi === lo) return [lo];
  const raw = (hi - lo) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) || raw;
  const out = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toFixed(10)));
  return out;
}

export function lineChart({ series, width = 420, height = 180, xFormat = String, yFormat = String, zero = false,
                            markerX = null, label = '' }) {
  const svg = node('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': label });
  const points = series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  if (points.length < 2) {
    svg.append(node('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'axis' }, 'waiting for data'));
    return svg;
  }
  const pad = { left: 56, right: 10, top: 10, bottom: 22 };
  let [x0, x1] = [Math.min(...points.map((p) => p[0])), Math.max(...points.map((p) => p[0]))];
  let [y0, y1] = [Math.min(...points.map((p) => p[1])), Math.max(...points.map((p) => p[1]))];
  if (zero) { y0 = Math.min(y0, 0); y1 = Math.max(y1, 0); }
  if (y0 === y1) { y0 -= 1; y1 += 1; }
  if (x0 === x1) { x0 -= 1; x1 += 1; }
  const margin = (y1 - y0) * 0.08;
  y0 -= margin; y1 += margin;
  const sx = (x) => pad.left + ((x - x0) / (x1 - x0)) * (width - pad.left - pad.right);
  const sy = (y) => height - pad.bottom - ((y - y0) / (y1 - y0)) * (height - pad.top - pad.bottom);

  for (const t of ticks(y0, y1, 4)) {
    svg.append(node('line', { x1: pad.left, x2: width - pad.right, y1: sy(t), y2: sy(t), class: 'grid' }));
    svg.append(node('text', { x: pad.left - 4, y: sy(t) + 3, 'text-anchor': 'end', class: 'axis' }, yFormat(t)));
  }
  for (const t of ticks(x0, x1, 4)) {
    svg.append(node('text', { x: sx(t), y: height - 6, 'text-anchor': 'middle', class: 'axis' }, xFormat(t)));
  }
  if (zero && y0 < 0 && y1 > 0) {
    svg.append(node('line', { x1: pad.left, x2: width - pad.right, y1: sy(0), y2: sy(0), class: 'zero' }));
  }
  if (markerX !== null && markerX >= x0 && markerX <= x1) {
    svg.append(node('line', { x1: sx(markerX), x2: sx(markerX), y1: pad.top, y2: height - pad.bottom, class: 'marker' }));
  }
  series.forEach((s, i) => {
    const good = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    if (good.length === 0) return;
    const d = good.map(([x, y], j) => `${j ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join('');
    const path = node('path', { d, class: `line ${s.cls || `series-${i}`}` });
    path.append(node('title', {}, s.name || ''));
    svg.append(path);
  });
  return svg;
}
