// The card model built from a share's input, and the satori element trees of the share card and the generic card.
import type { FontKit } from './fonts';
import { C, frame, h, iconBadge, pill, svgIcon, WIDTH, type El, type Style } from './frame';
import { asciiText, basicClean, formatDate, prepareText, textWidthUnits, type PreparedText } from './text';
import { t, type Locale } from '../../i18n/index';

/** What a share card shows; untrusted: every field may be missing or of the wrong type at runtime. */
export interface OgInput {
  title: string;
  firstQuestion: string;
  models: string[];
  date: number /* unix seconds */;
  /** A message's card (a link to one message): who wrote the text shown in the bubble; the first question's otherwise. */
  role?: 'user' | 'assistant' | 'system';
}

/** What the share card draws, already cleaned: at most 3 models, `extraModels` more as "+N". */
export interface CardModel {
  title: PreparedText;
  question: PreparedText | null;
  models: string[];
  extraModels: number;
  date: string;
  /** A message's card (a link to one message), and whether its text is an assistant's reply. */
  message: boolean; reply: boolean;
}

/** `safe` keeps printable ASCII only: the retry when the first render failed on exotic text. */
export function buildCardModel(input: OgInput, kit: FontKit, safe: boolean): CardModel {
  const prep = (raw: unknown, max: number) => (safe ? asciiText(raw, max) : prepareText(raw, max, kit, !!kit.withExtras));
  const rawTitle = input?.title;
  let title = prep(rawTitle, 200);
  if (!title.usable) {
    const empty = basicClean(rawTitle, 200).trim() === '';
    title = { text: empty ? 'Untitled conversation' : 'A shared conversation', usable: true, needsExtras: false, rtl: false };
  }
  const q = prep(input?.firstQuestion, 280);
  const models: string[] = [];
  const seen = new Set<string>();
  const rawModels = Array.isArray(input?.models) ? input.models : [];
  for (const raw of rawModels.slice(0, 50)) {
    const m = prep(raw, 32);
    if (!m.usable || !m.text) continue;
    const key = m.text.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    models.push(m.text);
  }
  return {
    title,
    question: q.usable && q.text ? q : null,
    models: models.slice(0, 3),
    extraModels: Math.max(0, models.length - 3),
    date: formatDate(input?.date),
    message: typeof input?.role === 'string', reply: input?.role === 'assistant',
  };
}

// The title sizes to its length and the question gets fewer lines when the title wraps, so nothing is cut at the bottom.
const CONTENT_WIDTH = WIDTH - 2 * 72;

function titleFontSize(prepared: PreparedText): number {
  const units = textWidthUnits(prepared.text);
  return units <= 28 ? 68 : units <= 56 ? 60 : units <= 96 ? 52 : 46;
}

function estimatedTitleLines(prepared: PreparedText): number {
  const fontSize = titleFontSize(prepared);
  // Inter Bold averages ~0.56em per Latin character.
  return Math.ceil((textWidthUnits(prepared.text) * 0.56 * fontSize) / CONTENT_WIDTH);
}

function titleStyle(prepared: PreparedText): Style {
  const fontSize = titleFontSize(prepared);
  return {
    fontSize,
    fontWeight: 700,
    lineHeight: 1.16,
    letterSpacing: Math.round(-fontSize * 0.022 * 10) / 10,
    color: C.ink,
    lineClamp: 3,
    overflowWrap: 'anywhere',
    wordBreak: 'normal',
    ...(prepared.rtl ? { direction: 'rtl', textAlign: 'right' } : {}),
  };
}

export function cardElement(m: CardModel): El {
  // Keep the question to 2 lines unless the title fits on one, so nothing is cut at the bottom.
  const questionLines = estimatedTitleLines(m.title) <= 1 ? 3 : 2;

  const avatar = m.reply
    ? iconBadge(44, 999, svgIcon(24, '0 0 24 24', [
      { d: 'M12 3l1.9 5.1L19 10l-5.1 1.9L12 17l-1.9-5.1L5 10l5.1-1.9z', fill: C.indigo2 },
      { d: 'M18.5 15.5l.8 2.2 2.2.8-2.2.8-.8 2.2-.8-2.2-2.2-.8 2.2-.8z', fill: C.indigo2 },
    ]))
    : iconBadge(44, 999, svgIcon(24, '0 0 24 24', [
      { d: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z', fill: C.indigo2 },
      { d: 'M4.5 20c.6-3.6 3.7-6 7.5-6s6.9 2.4 7.5 6z', fill: C.indigo2 },
    ]));

  const question =
    m.question &&
    h('div', { display: 'flex', alignItems: 'flex-start', gap: 16, marginTop: 30, flexShrink: 1, minHeight: 0 }, [
      avatar,
      h(
        'div',
        {
          display: 'flex',
          flexShrink: 1,
          minWidth: 0,
          padding: '16px 24px',
          borderRadius: '6px 20px 20px 20px',
          backgroundColor: '#ffffff',
          border: `1px solid ${C.line}`,
          borderBottomColor: '#d9dcf0',
        },
        h(
          'div',
          {
            fontSize: 26,
            lineHeight: 1.45,
            color: C.muted,
            lineClamp: questionLines,
            overflowWrap: 'anywhere',
            ...(m.question.rtl ? { direction: 'rtl', textAlign: 'right' } : {}),
          },
          m.question.text,
        ),
      ),
    ]);

  const chips: El[] = m.models.map((name) =>
    h(
      'div',
      {
        display: 'flex',
        alignItems: 'center',
        gap: 10,
        maxWidth: 260,
        padding: '8px 16px',
        borderRadius: 999,
        backgroundColor: C.chipBg,
        border: `1px solid ${C.chipBorder}`,
        flexShrink: 1,
        minWidth: 0,
      },
      [
        h('div', { width: 9, height: 9, borderRadius: 999, backgroundColor: C.indigo2, flexShrink: 0 }),
        h(
          'div',
          { fontSize: 20, fontWeight: 600, color: C.indigoText, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', minWidth: 0 },
          name,
        ),
      ],
    ),
  );
  if (m.extraModels > 0) {
    chips.push(
      h(
        'div',
        {
          display: 'flex',
          padding: '8px 14px',
          borderRadius: 999,
          border: `1px solid ${C.line}`,
          backgroundColor: 'rgba(255,255,255,0.8)',
          fontSize: 20,
          fontWeight: 600,
          color: C.subtle,
          flexShrink: 0,
        },
        `+${m.extraModels}`,
      ),
    );
  }

  const dateEl =
    m.date &&
    h('div', { display: 'flex', alignItems: 'center', gap: 10, flexShrink: 0, color: C.subtle, fontSize: 22, fontWeight: 500 }, [
      svgIcon(22, '0 0 24 24', [
        { d: 'M7 3v3M17 3v3M4 9h16M5.5 5h13A1.5 1.5 0 0 1 20 6.5v12a1.5 1.5 0 0 1-1.5 1.5h-13A1.5 1.5 0 0 1 4 18.5v-12A1.5 1.5 0 0 1 5.5 5z', stroke: C.subtle, strokeWidth: 1.8, fill: 'none', strokeLinecap: 'round' },
      ]),
      m.date,
    ]);

  return frame(pill(m.message ? 'Shared message' : 'Shared conversation'), [
    // The side padding/negative margin gives glyphs that overhang the text box (e.g. the ellipsis)
    // room inside this clipping container without moving the layout.
    h('div', { display: 'flex', flexDirection: 'column', flexGrow: 1, flexShrink: 1, minHeight: 0, margin: '40px -12px 0', padding: '0 12px' }, [
      h('div', { ...titleStyle(m.title), flexShrink: 0 }, m.title.text),
      question,
    ]),
    h(
      'div',
      {
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'space-between',
        gap: 24,
        flexShrink: 0,
        marginTop: 20,
        paddingTop: 20,
        borderTop: `1px solid ${m.models.length || m.date ? C.line : 'transparent'}`,
        minHeight: 46,
      },
      [h('div', { display: 'flex', alignItems: 'center', gap: 12, flexShrink: 1, minWidth: 0 }, chips), dateEl],
    ),
  ]);
}

/** The card for protected shares: it takes no input, so it can reveal nothing of a share. */
export function genericElement(locale: Locale = 'en'): El {
  const lock = iconBadge(76, 22, svgIcon(38, '0 0 24 24', [
      { d: 'M6.5 10.5h11a1.5 1.5 0 0 1 1.5 1.5v7a1.5 1.5 0 0 1-1.5 1.5h-11A1.5 1.5 0 0 1 5 19v-7a1.5 1.5 0 0 1 1.5-1.5z', fill: C.indigo2 },
      { d: 'M8.5 10.5V8a3.5 3.5 0 0 1 7 0v2.5', stroke: C.indigo2, strokeWidth: 2, fill: 'none', strokeLinecap: 'round' },
      { d: 'M12 14v2.5', stroke: '#ffffff', strokeWidth: 2, strokeLinecap: 'round' },
  ]));
  return frame(pill(t(locale, 'og.protectedPill')), [
    h('div', { display: 'flex', flexDirection: 'column', justifyContent: 'center', flexGrow: 1, gap: 0 }, [
      lock,
      h('div', { marginTop: 36, fontSize: 72, fontWeight: 700, letterSpacing: -1.6, lineHeight: 1.1, color: C.ink }, t(locale, 'og.protectedTitle')),
      h('div', { marginTop: 18, fontSize: 32, fontWeight: 400, color: C.muted }, t(locale, 'og.protectedText')),
    ]),
  ]);
}

