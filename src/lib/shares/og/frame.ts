// The satori element helper and the chrome both cards share: canvas size, colours, background, brand mark, pills, icons.

export const WIDTH = 1200;
export const HEIGHT = 630;

// Satori element objects; no JSX in .ts files.
export type Style = Record<string, string | number>;
export interface El {
  type: string;
  props: Record<string, unknown> & { style?: Style; children?: unknown };
}
type Child = El | string | null | false;

export function h(type: string, style: Style | null, children?: Child | Child[], extra?: Record<string, unknown>): El {
  const kids = Array.isArray(children) ? children.filter((c): c is El | string => !!c) : children || undefined;
  return { type, props: { ...(extra ?? {}), ...(style ? { style } : {}), ...(kids !== undefined ? { children: kids } : {}) } };
}

export const C = {
  ink: '#0f1222',
  brandInk: '#1e1b4b',
  muted: '#55607a',
  subtle: '#7b849b',
  indigo: '#4f46e5',
  indigo2: '#6366f1',
  indigoText: '#3730a3',
  chipBg: '#eef0ff',
  chipBorder: '#d3d7fd',
  line: '#e4e6f4',
};

// Flat base colour plus two glows confined to small absolutely positioned boxes: full-canvas
// gradient layers each cost resvg a full 1200x630 pattern pass, and this keeps renders fast.
const BACKGROUND: Style = { backgroundColor: '#f9f9ff' };

function glows(): El[] {
  return [
    h('div', {
      position: 'absolute',
      top: 0,
      right: 0,
      width: 720,
      height: 480,
      backgroundImage: 'radial-gradient(720px 480px at 100% 0%, rgba(99,102,241,0.20) 0%, rgba(99,102,241,0.07) 50%, rgba(99,102,241,0) 100%)',
    }),
    h('div', {
      position: 'absolute',
      bottom: 0,
      left: 0,
      width: 560,
      height: 340,
      backgroundImage: 'radial-gradient(560px 340px at 0% 100%, rgba(129,140,248,0.14) 0%, rgba(129,140,248,0) 100%)',
    }),
  ];
}

export function svgIcon(size: number, viewBox: string, paths: Array<Record<string, unknown>>): El {
  return h('svg', null, paths.map((p) => h('path', null, undefined, p)), { width: size, height: size, viewBox });
}

/** An icon centred in a tinted, bordered box (the question's avatar, the generic card's lock). */
export function iconBadge(size: number, radius: number, icon: El): El {
  return h('div', {
    display: 'flex', alignItems: 'center', justifyContent: 'center', width: size, height: size, flexShrink: 0,
    borderRadius: radius, backgroundColor: C.chipBg, border: `1px solid ${C.chipBorder}`,
  }, icon);
}

function brandMark(): El {
  const mark = h(
    'div',
    {
      display: 'flex',
      alignItems: 'center',
      justifyContent: 'center',
      width: 56,
      height: 56,
      borderRadius: 16,
      backgroundImage: 'linear-gradient(135deg, #6366f1 0%, #4f46e5 100%)',
      border: '1px solid rgba(67,56,202,0.35)',
    },
    // A chat bubble with two text lines.
    svgIcon(32, '0 0 24 24', [
      { d: 'M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.2 3.6c-.5.4-1.3.1-1.3-.6V16A2.5 2.5 0 0 1 4 13.5z', fill: '#ffffff' },
      { d: 'M8 8.25h8', stroke: '#4f46e5', strokeWidth: 1.8, strokeLinecap: 'round' },
      { d: 'M8 11.75h5', stroke: '#4f46e5', strokeWidth: 1.8, strokeLinecap: 'round' },
    ]),
  );
  return h('div', { display: 'flex', alignItems: 'center', gap: 16 }, [
    mark,
    h('div', { fontSize: 32, fontWeight: 700, color: C.brandInk, letterSpacing: -0.8 }, 'chatshare'),
  ]);
}

export function pill(label: string): El {
  return h(
    'div',
    {
      display: 'flex',
      alignItems: 'center',
      gap: 8,
      padding: '8px 16px',
      borderRadius: 999,
      border: `1px solid ${C.chipBorder}`,
      backgroundColor: 'rgba(255,255,255,0.7)',
      color: C.indigoText,
      fontSize: 18,
      fontWeight: 600,
    },
    [h('div', { width: 8, height: 8, borderRadius: 999, backgroundColor: C.indigo2 }), label],
  );
}

/** The 1200x630 canvas: background, glows, top bar, brand mark with `headerRight` beside it, then `body`. */
export function frame(headerRight: El | null, body: Child[]): El {
  return h(
    'div',
    {
      display: 'flex',
      flexDirection: 'column',
      width: WIDTH,
      height: HEIGHT,
      boxSizing: 'border-box',
      padding: '60px 72px 52px',
      fontFamily: 'Inter',
      color: C.ink,
      position: 'relative',
      ...BACKGROUND,
    },
    [
      ...glows(),
      h('div', {
        position: 'absolute',
        top: 0,
        left: 0,
        width: WIDTH,
        height: 8,
        backgroundImage: 'linear-gradient(90deg, #4f46e5 0%, #6366f1 50%, #a5b4fc 100%)',
      }),
      h('div', { display: 'flex', alignItems: 'center', justifyContent: 'space-between', flexShrink: 0 }, [brandMark(), headerRight]),
      ...body,
    ],
  );
}

