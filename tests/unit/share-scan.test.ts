// The pre-share scan (issue 18.1): each rule finds its sample and not its near-misses, the Luhn and IBAN checks, speed
// on a 200-message chat and on hostile megabytes, and redaction of a chat's copy. Fake secrets are built at runtime
// so this file does not trip secret scanners.
import { describe, expect, it } from 'vitest';
import { ibanValid, luhnValid } from '../../src/lib/shares/scan/rules';
import { maskValue, redactChat, replaceValuesInJson, scanChat, scanText, valueHash } from '../../src/lib/shares/scan/scan';
import { longChat } from '../helpers/long-chat';

const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const SAMPLES: Record<string, { hit: string; value?: string; misses: string[] }> = {
  'openai-api-key': { hit: `key: ${'sk-' + 'a1B2'.repeat(12)} ok`, value: 'sk-' + 'a1B2'.repeat(12), misses: ['sk-' + 'a'.repeat(20), 'task-' + 'a'.repeat(48), 'sk-' + 'a'.repeat(60)] },
  'openai-project-key': { hit: `use ${'sk-proj-' + 'Ab1_'.repeat(10)}`, value: 'sk-proj-' + 'Ab1_'.repeat(10), misses: ['sk-proj-short'] },
  'anthropic-api-key': { hit: 'ANTHROPIC=' + 'sk-ant-api03-' + 'x9_-'.repeat(24), value: 'sk-ant-api03-' + 'x9_-'.repeat(24), misses: ['sk-ant-api03-' + 'x'.repeat(20)] },
  'aws-access-key-id': { hit: 'id ' + 'AKIA' + 'ABCDEFGHIJKLMNOP' + ' here', value: 'AKIA' + 'ABCDEFGHIJKLMNOP', misses: ['AKIA' + 'abcdefghijklmnop', 'AKIA' + 'ABCDEFGH'] },
  'aws-secret-access-key': { hit: 'aws_secret_access_key = ' + 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY' + 'EXAMPLEKEY', value: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY' + 'EXAMPLEKEY', misses: ['aws_secret_access_key = short'] },
  'github-token': { hit: 'token ' + 'ghp_' + 'a1'.repeat(18), value: 'ghp_' + 'a1'.repeat(18), misses: ['ghp_' + 'a'.repeat(20), 'xghp_' + 'a'.repeat(36)] },
  'gitlab-token': { hit: 'glpat-' + 'Ab12'.repeat(5), value: 'glpat-' + 'Ab12'.repeat(5), misses: ['glpat-short'] },
  'slack-token': { hit: 'xoxb-' + '1234567890-1234567890-' + 'Ab12'.repeat(6), value: 'xoxb-' + '1234567890-1234567890-' + 'Ab12'.repeat(6), misses: ['xoxz-1234567890-abc'] },
  'stripe-key': { hit: 'sk_live_' + 'Ab12'.repeat(6), value: 'sk_live_' + 'Ab12'.repeat(6), misses: ['sk_live_abc'] },
  'google-api-key': { hit: 'AIza' + 'Sy' + 'A1b2'.repeat(7) + 'x_-ab', value: 'AIza' + 'Sy' + 'A1b2'.repeat(7) + 'x_-ab', misses: ['AIza' + 'short'] },
  jwt: { hit: `Bearer ${b64url({ alg: 'HS256' })}.${b64url({ sub: '1234567890' })}.${'s1Gn'.repeat(10)}`, value: `${b64url({ alg: 'HS256' })}.${b64url({ sub: '1234567890' })}.${'s1Gn'.repeat(10)}`, misses: ['eyJhbGciOi.short'] },
  'url-password': { hit: 'postgres://admin:' + 'hunter2pass' + '@db.example.com/app', value: 'hunter2pass', misses: ['https://example.com/a:b@c', 'mailto:someone'] },
  'generic-secret': { hit: 'api_key = "' + 'q8Zr4Lm2Xp7Tn1Vb' + '"', value: 'q8Zr4Lm2Xp7Tn1Vb', misses: ['api_key = "aaaaaaaaaaaaaaaaaa"', 'password: hunter'] },
  'private-key': { hit: `-----BEGIN ${'RSA PRIVATE KEY'}-----\n${'MIIEowIBAAKCAQEA'.repeat(8)}\n-----END ${'RSA PRIVATE KEY'}-----`, misses: [`-----BEGIN ${'RSA PRIVATE KEY'}-----\nMIIE\n-----END RSA PRIVATE KEY-----`, '-----BEGIN PUBLIC KEY-----\n' + 'A'.repeat(100) + '\n-----END PUBLIC KEY-----'] },
  email: { hit: 'write to jane.doe+x@mail.example.co.uk today', value: 'jane.doe+x@mail.example.co.uk', misses: ['jane@localhost', 'a @ b.com', 'v1.2@3'] },
  phone: { hit: 'call +1 (415) 555-0100 now', value: '+1 (415) 555-0100', misses: ['+1 555 1234', 'version 1.2.3.4', '2024-05-01', 'id 6f1c2a9e-0000-4000-8000-123456789abc'] },
  'phone-national': { hit: 'appelle le 06 12 34 56 78', value: '06 12 34 56 78', misses: ['06 12 34'] },
  'phone-e164': { hit: 'tel:+14155550100.', value: '+14155550100', misses: ['+1415555'] },
  'card-number': { hit: 'card 4111 1111 1111 1111 exp', value: '4111 1111 1111 1111', misses: ['4111 1111 1111 1112', '0000 0000 0000 0000', '1234567890123456789012', 'at 1794603891000 ms'] },
  iban: { hit: 'IBAN DE89 3704 0044 0532 0130 00.', value: 'DE89 3704 0044 0532 0130 00', misses: ['DE89 3704 0044 0532 0130 01', 'GB00 0000'] },
};
const ruleOf = (name: string) => name.replace(/-(project|national|e164)$/, '').replace('openai-api', 'openai-api');

describe('share scan rules', () => {
  for (const [name, s] of Object.entries(SAMPLES)) {
    const rule = name === 'openai-project-key' ? 'openai-api-key' : ruleOf(name);
    it(`${name}: finds its sample and not the near-misses`, () => {
      const found = scanText(s.hit);
      const hit = found.find((f) => f.rule === rule);
      expect(hit, JSON.stringify(found)).toBeTruthy();
      if (s.value) expect(hit!.value).toBe(s.value);
      expect(s.hit.slice(hit!.start, hit!.end)).toBe(hit!.value);
      for (const miss of s.misses) expect(scanText(miss).filter((f) => f.rule === rule), miss).toEqual([]);
    });
  }

  it('ordinary prose and code find nothing', () => {
    const text = 'Use `npm i zod@4.6.7` then run version 1.2.3 on 2024-05-01 at 10:30; the answer is 42 and ratio 0.5 0.25.\n```ts\nconst x = a.b.c(1, 2);\n```';
    expect(scanText(text)).toEqual([]);
  });

  it('Luhn and mod-97', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('79927398713')).toBe(true);
    expect(ibanValid('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(ibanValid('FR14 2004 1010 0505 0001 3M02 606')).toBe(true);
    expect(ibanValid('GB82 WEST 1234 5698 7654 33')).toBe(false);
    expect(ibanValid('not an iban')).toBe(false);
  });

  it('masks to the first 4 characters', () => {
    expect(maskValue('sk-' + 'a'.repeat(48))).toBe('sk-a•••');
    expect(maskValue('jane@example.com')).toBe('jane•••');
  });

  it('scans the 200-message chat quickly and lists findings with ids, roles and message numbers', () => {
    const key = 'k'.repeat(64);
    const para = 'Here is a longer answer with some `code`, a list:\n- one\n- two\n\n```py\nprint("hello world")\n```\n'.repeat(8);
    const secret = 'sk-' + 'Zz9'.repeat(16);
    const chat = longChat('Long', 200, (i) => (i === 57 ? `my key is ${secret}` : i === 120 ? 'mail me at ann@example.org' : i % 2 ? para : `Question ${i}?`));
    scanChat(chat as never, key); // warm the regexes
    const started = performance.now();
    const { findings, scanned } = scanChat(chat as never, key);
    const ms = performance.now() - started;
    console.log(`share-scan: 200-message chat (${Math.round(JSON.stringify(chat).length / 1024)} KB) scanned in ${ms.toFixed(1)} ms`);
    expect(ms).toBeLessThan(1000);
    expect(scanned).toBe(200);
    expect(findings.map((f) => [f.rule, f.message_number, f.role, f.excerpt])).toEqual([
      ['openai-api-key', 58, 'assistant', 'sk-Z•••'], ['email', 121, 'user', 'ann@•••'],
    ]);
    // Stable ids: the same chat scans to the same ids; another key gives others.
    expect(scanChat(chat as never, key).findings.map((f) => f.id)).toEqual(findings.map((f) => f.id));
    expect(scanChat(chat as never, 'x'.repeat(64)).findings[0]!.id).not.toBe(findings[0]!.id);
    // The value stays on the server (the API strips it: tests/integration/share-scan.test.ts); the excerpt shows 4 characters.
    expect(findings[0]!.value).toBe(secret);
    expect(JSON.stringify(findings.map(({ value: _v, ...f }) => f))).not.toContain(secret.slice(0, 5));
  });

  it('scans only the visible branch', () => {
    const chat = longChat('Branch', 4, (i) => `m ${i}`);
    const m = chat.history.messages as Record<string, { id: string; parentId: string | null; childrenIds: string[]; role: string; content: string; timestamp: number }>;
    m.alt = { id: 'alt', parentId: 'm0', childrenIds: [], role: 'assistant', content: 'old answer bob@example.com', timestamp: 1 };
    m.m0!.childrenIds.push('alt');
    expect(scanChat(chat as never, 'k').findings).toEqual([]);
  });

  it('hostile megabytes stay fast', () => {
    const MB = 1 << 20;
    const fill = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
    const hostile = [
      fill('a'), fill('-----BEGIN RSA PRIVATE KEY-----\n'), fill(' eyAAAAAAAAAAAAAAA'), fill(' ey' + 'A'.repeat(5000) + '.ey'), fill('a.'), fill('a@'),
      fill('a@b.'), fill('+1 '), fill('0 1 '), fill('1234 '), fill('1-2-'), fill('x://a:'), fill('x://a:b@'), fill('DE89 '), fill('AB12'),
      fill('api_key='), fill('password: a1'), fill('sk-'), fill('0('), fill('(0'), fill('(01) '), fill('+12 (3'), fill('-----END PRIVATE KEY-----'),
    ];
    let worst = 0;
    for (const h of hostile) {
      const started = performance.now();
      scanText(h);
      const ms = performance.now() - started;
      worst = Math.max(worst, ms);
      expect(ms, JSON.stringify(h.slice(0, 40))).toBeLessThan(1500);
    }
    console.log(`share-scan: worst hostile 1 MB string took ${worst.toFixed(0)} ms`);
  });
});

describe('redacting a chat copy', () => {
  const key = 'k'.repeat(64);
  const secret = 'sk-' + 'Qq7'.repeat(16);
  const chat = () => longChat('R', 3, (i) => (i === 0 ? `key ${secret} and mail a@example.com` : i === 1 ? `echo: ${secret}` : 'fine'));

  it('replaces every occurrence of a redacted value, leaves the others, and never changes the original', () => {
    const original = chat();
    const before = JSON.stringify(original);
    const out = redactChat(original, key, new Set([valueHash(key, secret)]));
    expect(JSON.stringify(original)).toBe(before);
    const text = JSON.stringify(out);
    expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
    expect(text).toContain('a@example.com');
    expect(redactChat(original, key, new Set())).toBe(original);
    expect(redactChat(original, key, new Set(['nothing']))).toBe(original);
  });

  it('replaces values in the stored JSON text without parsing it, and stays valid JSON', () => {
    const original = chat();
    const key = `-----BEGIN ${'RSA PRIVATE'} KEY-----\n${'MIIEowIBAAKCAQEA'.repeat(5)}\n-----END ${'RSA PRIVATE'} KEY-----`;
    const m = original.history.messages as Record<string, { content: string }>;
    m.m2!.content = `block:\n${key}\nand "nfoo@example.com" vs \nfoo@example.com`;
    const text = JSON.stringify(original);
    const out = replaceValuesInJson(text, [secret, key, 'nfoo@example.com'])!;
    const back = JSON.parse(out) as typeof original;
    const all = JSON.stringify(back);
    expect(all).not.toContain(secret);
    expect(all).not.toContain('MIIEowIBAAKCAQEA');
    expect((back.history.messages as Record<string, { content: string }>).m2!.content).toBe('block:\n[redacted]\nand "[redacted]" vs \nfoo@example.com');
    expect(replaceValuesInJson(text, ['4111111111111111'])).toBeNull(); // could be a JSON number: the caller parses
  });

  it('keeps a __proto__ key a plain key', () => {
    const c = JSON.parse(`{"__proto__": {"x": "${secret}"}, "history": {"currentId": null, "messages": {}}}`) as object;
    const out = redactChat(c, key, new Set([valueHash(key, secret)]));
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(JSON.stringify(out)).toContain('"__proto__":{"x":"[redacted]"}');
  });
});
