// The Share Chat dialog's scan panel (issue 18.1): when the dialog opens it asks the server what secrets and personal
// data the shared part holds, lists them masked, and sends the owner's Redact / It's fine / Redact all.
import { t, locale } from './i18n';

interface Finding {
  id: string; message_number: number; role: string; rule: string; kind: 'secret' | 'personal'; excerpt: string;
  decision: 'redact' | 'ignore' | null;
}
interface ScanAnswer { findings: Finding[]; scanned_messages: number; ms: number; snapshot_stale: boolean }

const PERSONAL_COUNTS: Record<string, string> = { email: 'dialog.scanCountEmail', phone: 'dialog.scanCountPhone', 'card-number': 'dialog.scanCountCard', iban: 'dialog.scanCountIban' };
const ruleKey = (rule: string) => `dialog.scanRule${rule.replace(/(^|-)([a-z])/g, (_, _d, c: string) => c.toUpperCase())}`;

/** "2 possible secrets and 1 e-mail address in what you share". */
function summary(findings: Finding[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) {
    const key = f.kind === 'secret' ? 'dialog.scanCountSecret' : PERSONAL_COUNTS[f.rule] ?? 'dialog.scanCountSecret';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const order = ['dialog.scanCountSecret', ...Object.values(PERSONAL_COUNTS)];
  const parts = order.filter((k) => counts.has(k)).map((k) => t(k, { n: counts.get(k)! }));
  const list = new Intl.ListFormat(locale, { type: 'conjunction' }).format(parts);
  return t('dialog.scanSummary', { list });
}

export interface ScanPanel { refresh: () => Promise<void> }

/**
 * `onApply`: called when the owner presses Update snapshot in the panel (the dialog's own refresh). `allBranches`: the
 * dialog's "All branches" as ticked now, saved or not, so the list covers what pressing Share would publish.
 */
export function setupScanPanel(dialog: HTMLElement, chatId: string, onApply: () => void, allBranches: () => boolean): ScanPanel {
  const base = `/api/v1/chats/${encodeURIComponent(chatId)}/share/scan`;
  const api = () => `${base}?all_branches=${allBranches() ? 1 : 0}`;
  const $ = <T extends HTMLElement = HTMLElement>(sel: string) => dialog.querySelector<T>(sel)!;
  const panel = $('[data-scan]');
  const list = $('[data-scan-list]');
  let findings: Finding[] = [];
  let busy = false;
  let refreshes = 0;

  function button(label: string, onClick: () => void, extra = ''): HTMLButtonElement {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = `btn btn-sm ${extra}`.trim();
    b.textContent = label;
    b.addEventListener('click', onClick);
    return b;
  }

  function render(answer: ScanAnswer | null, failed = false) {
    findings = answer?.findings ?? [];
    // No findings: nothing at all (the dialog keeps every setting in view at 1280x900).
    panel.hidden = !failed && findings.length === 0;
    panel.classList.toggle('sd-scan-failed', failed);
    $('[data-scan-summary]').textContent = failed ? t('dialog.scanFailed') : summary(findings);
    $('[data-scan-hint]').hidden = failed;
    list.replaceChildren(...findings.map((f) => {
      const li = document.createElement('li');
      li.className = `sd-scan-item sd-scan-${f.decision ?? 'open'}`;
      li.dataset.findingId = f.id;
      li.dataset.rule = f.rule;
      const text = document.createElement('div');
      text.className = 'sd-scan-text';
      const rule = document.createElement('span');
      rule.className = 'sd-scan-rule';
      rule.textContent = t(ruleKey(f.rule));
      const where = document.createElement('span');
      where.className = 'sd-muted';
      where.textContent = t('dialog.scanWhere', { role: f.role === 'user' || f.role === 'assistant' ? f.role : 'other', n: f.message_number });
      const excerpt = document.createElement('code');
      excerpt.className = 'sd-scan-excerpt';
      excerpt.textContent = f.excerpt;
      text.append(rule, where, excerpt);
      const actions = document.createElement('div');
      actions.className = 'sd-scan-actions';
      const label = t('dialog.scanItemLabel', { rule: rule.textContent, where: where.textContent, excerpt: f.excerpt });
      if (f.decision) {
        const state = document.createElement('span');
        state.className = `sd-badge sd-scan-state-${f.decision}`;
        state.textContent = t(f.decision === 'redact' ? 'dialog.scanRedacted' : 'dialog.scanIgnored');
        actions.append(state);
      }
      if (f.decision !== 'redact') {
        const b = button(t('dialog.scanRedact'), () => void decide({ decisions: [{ id: f.id, decision: 'redact' }] }), f.decision ? '' : 'btn-primary');
        b.setAttribute('aria-label', `${t('dialog.scanRedact')}: ${label}`);
        actions.append(b);
      }
      if (f.decision !== 'ignore') {
        const b = button(t('dialog.scanIgnore'), () => void decide({ decisions: [{ id: f.id, decision: 'ignore' }] }), 'btn-ghost');
        b.setAttribute('aria-label', `${t('dialog.scanIgnore')}: ${label}`);
        actions.append(b);
      }
      li.append(text, actions);
      return li;
    }));
    $('[data-scan-redact-all]').hidden = failed || !findings.some((f) => f.decision === null);
    $('[data-scan-apply]').hidden = !answer?.snapshot_stale;
  }

  async function send(method: 'GET' | 'POST', body?: unknown): Promise<ScanAnswer | null> {
    try {
      const res = await fetch(api(), { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
      return res.ok ? await res.json() as ScanAnswer : null;
    } catch {
      return null;
    }
  }

  async function decide(body: unknown) {
    if (busy) return;
    busy = true;
    // Focus stays in the panel: the list is rebuilt, so it goes back to the same finding's row (or the panel).
    const focusedId = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-finding-id]')?.dataset.findingId;
    const answer = await send('POST', body);
    busy = false;
    if (!answer) return render(null, true);
    render(answer);
    const row = focusedId ? list.querySelector<HTMLElement>(`[data-finding-id="${CSS.escape(focusedId)}"]`) : null;
    (row?.querySelector<HTMLButtonElement>('button') ?? $('[data-scan-summary]')).focus();
  }

  $('[data-scan-redact-all]').addEventListener('click', () => void decide({ redact_all: true }));
  $('[data-scan-apply-btn]').addEventListener('click', onApply);
  $('[data-scan-summary]').tabIndex = -1;

  return {
    async refresh() {
      const asked = ++refreshes; // ticking All branches on and off quickly: only the last answer is shown
      const answer = await send('GET');
      if (asked === refreshes) render(answer, !answer);
    },
  };
}
