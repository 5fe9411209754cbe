// What the pre-share scan looks for: secrets (a subset of gitleaks' rules) and personal data, as linear-time regexes.
//
// The secret patterns are transcribed from gitleaks (https://github.com/gitleaks/gitleaks, config/gitleaks.toml and
// cmd/generate/config/rules/*.go), Copyright (c) 2019 Zachary Rice, MIT License. They were simplified where gitleaks
// relies on Go's RE2 (no backtracking): every pattern here has bounded repetitions of disjoint character classes, so
// JavaScript's backtracking engine stays linear on hostile input (tests/unit/share-scan.test.ts feeds it 1 MB).

export type FindingKind = 'secret' | 'personal';

export interface Rule {
  /** Stable name, stored in finding ids and sent to the dialog (which words it: dialog.scanRule_<id>). */
  id: string;
  kind: FindingKind;
  /** Global regex; the value is group 1 when the pattern has one, else the whole match. */
  re: RegExp;
  /** Where the value ends, for a match of `re` that only finds its start (a private key block); null drops it. */
  endOf?: (text: string, matchEnd: number, state: { nextEnd: number }) => number | null;
  /** A second check on the value (Luhn, mod-97, enough digits): false drops the match. */
  valid?: (value: string) => boolean;
}

// A boundary a token must not continue past (gitleaks' trailing `(?:['|\"|\n|\r|\s|\x60|;]|$)` in spirit).
const END = '(?![A-Za-z0-9_-])';
const START = '(?<![A-Za-z0-9_-])';

/** Luhn's checksum, for card numbers. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** ISO 13616's mod-97 check of an IBAN (spaces ignored). */
export function ibanValid(raw: string): boolean {
  const iban = raw.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const code = ch.charCodeAt(0);
    const v = code >= 65 ? String(code - 55) : ch;
    for (const c of v) rest = (rest * 10 + (c.charCodeAt(0) - 48)) % 97;
  }
  return rest === 1;
}

const END_LINE = /-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----/y;
/** The end of a private key block whose BEGIN line ends at `from`: its END line within 16 KB, at least 64 characters on. */
function privateKeyEnd(text: string, from: number, state: { nextEnd: number }): number | null {
  if (state.nextEnd !== -1 && state.nextEnd < from) state.nextEnd = text.indexOf('-----END', from);
  if (state.nextEnd === -1 || state.nextEnd - from < 64 || state.nextEnd - from > 16384) return null;
  END_LINE.lastIndex = state.nextEnd;
  return END_LINE.exec(text) ? END_LINE.lastIndex : null;
}

const digitsOf = (s: string) => s.replace(/\D/g, '');

export const RULES: readonly Rule[] = [
  // ---- secrets (gitleaks) ----
  // A key block: the BEGIN line by regex, its END line by indexOf (a lazy [\s\S]*? to END would rescan the text after
  // every BEGIN of a hostile string; `state` remembers the next END so the whole text is searched once).
  { id: 'private-key', kind: 'secret', re: /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----/g, endOf: privateKeyEnd },
  { id: 'anthropic-api-key', kind: 'secret', re: new RegExp(`${START}(sk-ant-(?:api|admin)\\d{2}-[A-Za-z0-9_-]{80,120})${END}`, 'g') },
  // OpenAI: classic sk-…T3BlbkFJ…, project/service keys sk-proj-/sk-svcacct-/sk-admin-, and the older 48-character form.
  { id: 'openai-api-key', kind: 'secret', re: new RegExp(`${START}(sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,200}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|sk-[A-Za-z0-9]{48})${END}`, 'g') },
  { id: 'aws-access-key-id', kind: 'secret', re: /\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b/g },
  { id: 'aws-secret-access-key', kind: 'secret', re: /\baws_?secret_?(?:access_?)?key(?:_id)?["']?\s{0,5}[:=]\s{0,5}["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi },
  { id: 'github-token', kind: 'secret', re: /\b((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})\b/g },
  { id: 'gitlab-token', kind: 'secret', re: new RegExp(`${START}(glpat-[A-Za-z0-9_-]{20,64})${END}`, 'g') },
  { id: 'slack-token', kind: 'secret', re: new RegExp(`${START}(xox[baprse]-(?:\\d{1,16}-){1,3}[A-Za-z0-9-]{8,64}|xox[baprse]-[A-Za-z0-9-]{10,80})${END}`, 'g') },
  { id: 'slack-webhook', kind: 'secret', re: /(https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/]{40,80})/g },
  { id: 'stripe-key', kind: 'secret', re: /\b((?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{10,99})\b/g },
  { id: 'google-api-key', kind: 'secret', re: new RegExp(`${START}(AIza[A-Za-z0-9_-]{35})${END}`, 'g') },
  { id: 'jwt', kind: 'secret', re: new RegExp(`${START}(ey[A-Za-z0-9]{10,4096}\\.ey[A-Za-z0-9_-]{10,16384}\\.[A-Za-z0-9_-]{10,4096})${END}`, 'g') },
  // A password in a URL: scheme://user:password@host (the password is the value).
  { id: 'url-password', kind: 'secret', re: /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:@/"'<>]{1,128}:([^\s:@/"'<>]{3,128})@[A-Za-z0-9.-]{1,253}/gi },
  // gitleaks' generic-api-key, narrowed: a secret-sounding name assigned a long quoted or bare value with some digits.
  {
    id: 'generic-secret', kind: 'secret',
    re: /\b(?:api[_-]?key|apikey|secret[_-]?key|client[_-]?secret|access[_-]?token|auth[_-]?token|password|passwd)["']?\s{0,5}[:=]\s{0,5}["']?([A-Za-z0-9_\-+/=.!@#$%^&*]{12,128})(?![A-Za-z0-9_\-+/=.!@#$%^&*])/gi,
    valid: (v) => /\d/.test(v) && /[A-Za-z]/.test(v) && new Set(v).size >= 8,
  },

  // ---- personal data ----
  { id: 'email', kind: 'personal', re: /(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24})\b/g },
  { id: 'iban', kind: 'personal', re: /\b([A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?)\b/g, valid: ibanValid },
  // Card numbers: 13 to 19 digits, in groups of up to 4 separated by one space or hyphen, passing Luhn.
  {
    id: 'card-number', kind: 'personal', re: /(?<![\d-])(\d{4}(?:[ -]?\d{2,4}){2,4})(?![\d-])/g,
    // Issuers' first digits (2 and 5 Mastercard, 3 Amex/Diners/JCB, 4 Visa, 6 Discover/UnionPay): a millisecond timestamp
    // (1…) that passes Luhn by chance, one time in ten, is not a card.
    valid: (v) => { const d = digitsOf(v); return d.length >= 13 && d.length <= 19 && /^[2-6]/.test(d) && luhnValid(d) && !/^(\d)\1+$/.test(d); },
  },
  // Phone numbers: an international +CC form, or a (0…) / 0… national form, with separators; 9 to 15 digits.
  {
    // Groups end in a separator (a bare run of digits is one reading, not hundreds of ways to split it); a written-out
    // E.164 number (+14155550100) is its own branch.
    id: 'phone', kind: 'personal', re: /(?<![\w+-])(\+\d{9,15}|(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?|\(0?\d{1,4}\)[ .-]?|0\d{0,3}[ .-])(?:\d{1,4}[ .-]){1,5}\d{2,4})(?![\w-])/g,
    valid: (v) => { const n = digitsOf(v).length; return n >= 9 && n <= 15; },
  },
];

/** The rules by id (a null-prototype object: ids arrive from the network too). */
export const RULE_BY_ID: Readonly<Record<string, Rule>> = Object.assign(Object.create(null) as Record<string, Rule>, Object.fromEntries(RULES.map((r) => [r.id, r])));
