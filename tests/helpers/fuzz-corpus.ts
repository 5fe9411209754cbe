// Malformed input for the route fuzzer: bodies, ids, path tails and query strings, each built once.

export interface BodyCase { name: string; body: Buffer; type: string | null }

const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';
const b = (s: string | Buffer) => (typeof s === 'string' ? Buffer.from(s, 'utf8') : s);
const json = (name: string, text: string, type: string | null = JSON_TYPE): BodyCase => ({ name, body: b(text), type });

const DEPTH = 10_000;
const deepArray = '['.repeat(DEPTH) + ']'.repeat(DEPTH);
const deepObject = '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH);
const BOUNDARY = 'FuzzBoundary7MA4YWxkTrZu0gW';

/** Field names the app reads, each given a value of the wrong type. */
const WRONG_TYPES_A = {
  email: 1, password: [], name: {}, title: null, chat: 'x', is_live: 'yes', is_public: 'no', share_id: [],
  max_views: 'many', max_clones: {}, expires_at: 'tomorrow', expires_in: 7, display_username: 'true', messages: 5,
};
const WRONG_TYPES_B = {
  email: { $ne: null }, password: true, chat: [], history: 'h', models: 'm', params: 1, current_password: 5,
  expires_at: -1, max_views: -5, max_clones: 2 ** 53, show_qr_code: 'on', allow_cloning: 1, refresh_snapshot: 'x', name: ['a'],
};

export const BODIES: BodyCase[] = [
  json('json null', 'null'),
  json('json []', '[]'),
  json('json "s"', '"s"'),
  json('json 1', '1'),
  json('json true', 'true'),
  json('json {}', '{}'),
  json('json 1e400', '1e400'),
  json('wrong-typed fields A', JSON.stringify(WRONG_TYPES_A)),
  json('wrong-typed fields B', JSON.stringify(WRONG_TYPES_B)),
  json('chat with wrong-typed history', '{"chat":{"history":{"messages":"x","currentId":{}},"messages":[null,1,"s"],"title":7}}'),
  json('chat with null messages', '{"chat":{"history":{"currentId":"a","messages":{"a":null,"b":{"parentId":"a","childrenIds":"x","content":{}}}}}}'),
  json('import rows with nulls', '{"chats":[null,1,"s",{"chat":null},{"chat":{"mapping":5}}]}'),
  json('import array of junk', '[null,{"mapping":{"a":null,"b":{"children":"x","message":5}}},{"chat":"str"}]'),
  json('huge numbers', '{"max_views":1e400,"max_clones":-1e400,"expires_at":99999999999999999999,"page":1e400}'),
  json('prototype keys', '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"toString":1,"hasOwnProperty":1}'),
  json('truncated object', '{"email": "a@b.c", "password": [1, 2'),
  json('truncated string', '{"chat": {"title": "'),
  json('lone bracket', '['),
  json('BOM + {}', '\uFEFF{}'),
  json('BOM + fields', '\uFEFF{"email":"fuzz@example.com","password":"correct horse battery","title":"bom"}'),
  json('raw NUL in string', '{"email":"a\u0000b","title":"\u0000"}'.replace(/\\u0000/g, '\0')),
  json('NUL bytes only', '\0\0\0\0'),
  json('escaped NUL in fields', '{"email":"a\\u0000@b.c","password":"\\u0000","title":"\\u0000","name":"\\u0000","share_id":"\\u0000x","chat":{"title":"\\u0000"}}'),
  { name: 'invalid UTF-8', body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0xae, 0x22, 0x7d]), type: JSON_TYPE },
  json('empty body', ''),
  json('whitespace only', ' \r\n\t '),
  json('long string field', JSON.stringify({ title: 'x'.repeat(200_000), name: 'y'.repeat(200_000) })),
  json('deep [ x10000', deepArray),
  json('deep {"a": x10000', deepObject),
  json('deep chat field', `{"chat":${deepArray}}`),
  // Deep values where a route reads on after validating the shape: a chat object, a message's content, every field.
  json('deep chat object', `{"chat":${deepObject}}`),
  json('deep inside a valid chat', `{"chat":{"title":"deep","params":${deepObject},"history":{"currentId":"a","messages":{"a":` +
    `{"id":"a","parentId":null,"childrenIds":[],"role":"user","content":${deepArray},"timestamp":1761000000}}}}}`),
  json('deep in every field', `{${['email', 'password', 'name', 'title', 'share_id', 'current_password', 'expires_at', 'max_views', 'is_live', 'chats']
    .map((k) => `"${k}":${deepArray}`).join(',')}}`),
  json('deep unbalanced', '['.repeat(DEPTH)),
  json('form body as JSON', 'email=a%40b.c&password=x', JSON_TYPE),
  json('JSON as form', '{"email":"a@b.c","password":"x"}', FORM_TYPE),
  json('form with bad escapes', 'email=%ff&password=%&name=%00&action=%E2%80%AE&email[]=x&=&&=', FORM_TYPE),
  json('JSON as text/plain', '{}', 'text/plain'),
  json('JSON with no content type', '{}', null),
  json('JSON as charset=utf-16', '{}', 'application/json; charset=utf-16'),
  json('XML', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>', 'application/xml'),
  json('content type garbage', '{}', ';;;=, application/json; boundary="'),
  json('multipart without boundary', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n', 'multipart/form-data'),
  json('multipart garbage', `--${BOUNDARY}\r\nContent-Disposition: form-da\0ta; name="\r\n\r\n\xff\xfe--${BOUNDARY}`, `multipart/form-data; boundary=${BOUNDARY}`),
  json('multipart boundary mismatch', '--other\r\nContent-Disposition: form-data; name="action"\r\n\r\nprofile\r\n--other--\r\n', `multipart/form-data; boundary=${BOUNDARY}`),
  json('multipart with junk file', [
    `--${BOUNDARY}`, 'Content-Disposition: form-data; name="action"', '', 'profile',
    `--${BOUNDARY}`, 'Content-Disposition: form-data; name="name"', '', 'Fuzz \0 User',
    `--${BOUNDARY}`, 'Content-Disposition: form-data; name="avatar"; filename="../../x.png"', 'Content-Type: image/png', '', '\x89PNG\r\n\x1a\nnot really',
    `--${BOUNDARY}--`, '',
  ].join('\r\n'), `multipart/form-data; boundary=${BOUNDARY}`),
];

/** A few bodies for methods a route does not export (the answer should be a plain 404/405, whatever the body). */
export const ODD_METHOD_BODIES: BodyCase[] = BODIES.filter((c) => ['json {}', 'truncated object', 'multipart garbage'].includes(c.name));

/** Ids that go where a route has `[id]`: raw path text, some deliberately broken. */
export const HOSTILE_IDS: Array<[string, string]> = [
  ['id %00', '%00'],
  ['id RLO', '%E2%80%AE'],
  ['id emoji', '%F0%9F%92%A9'],
  ['id 5000 chars', 'a'.repeat(5000)],
  ['id ..%2f', '..%2f..%2fetc%2fpasswd'],
  ['id %2e%2e', '%2e%2e'],
  ['id %5c', '%5c..%5c..%5cwindows'],
  ['id %ff', '%ff'],
  ['id %', '%'],
  ['id %C0%AE', '%C0%AE%C0%AE'],
  ['id %0d%0a', '%0d%0aSet-Cookie:%20fuzz=1'],
  ['id __proto__', '__proto__'],
  ['id constructor', 'constructor'],
  ['id toString', 'toString'],
  ['id ..', '..'],
  ['id %2F', 'a%2Fb'],
  ['id quote', "'%20OR%201=1--"],
  ['id <script>', '%3Cscript%3Ealert(1)%3C%2Fscript%3E'],
];

/** Tails appended to every route's path: traversal and broken %-encoding. */
export const PATH_TAILS: Array<[string, string]> = [
  ['tail /..%2f', '/..%2f..%2fetc%2fpasswd'],
  ['tail /%2e%2e', '/%2e%2e/%2e%2e/etc/passwd'],
  ['tail %5c', '%5c..%5c'],
  ['tail /%ff', '/%ff'],
  ['tail /%', '/%'],
  ['tail %C0%AE', '/%C0%AE%C0%AE/'],
  ['tail %0d%0a', '%0d%0aX-Fuzz:%201'],
  ['tail //', '//'],
];

/** Query strings, appended with `?`. */
export const QUERIES: Array<[string, string]> = [
  ['page=99999999999999999999', 'page=99999999999999999999'],
  ['page=-1', 'page=-1'],
  ['page=1e400', 'page=1e400'],
  ['page=NaN&page=0x10', 'page=NaN&page=0x10'],
  ['branch=__proto__', 'branch=__proto__'],
  ['branch=constructor', 'branch=constructor'],
  ['branch=toString', 'branch=toString'],
  ['branch=hasOwnProperty', 'branch=hasOwnProperty'],
  ['repeated params', 'page=1&page=2&page=x&branch=a&branch=b&format=md&format=json&q=a&q=b'],
  ['format=../../etc/passwd', 'format=../../etc/passwd'],
  ['next=//evil', 'next=//evil.example'],
  ['next=/%09/evil', 'next=/%09/evil.example'],
  ['next=/%5cevil', 'next=/%5cevil.example'],
  ['next=javascript:', 'next=javascript:alert(1)'],
  ['next=https://evil', 'next=https://evil.example/'],
  ['v=%ff', 'v=%ff'],
  ['t=', 't='],
  ['t=%00&v=%00', 't=%00&v=%00'],
  ['q=%25%27%22', 'q=%25%27%22%5C_'],
  ['q=10k chars', `q=${'a'.repeat(10_000)}`],
  ['done=__proto__', 'done=__proto__&missing=1'],
  ['%ff=%ff', '%ff=%ff&%=%'],
  ['a[b][c]=1', 'a[b][c]=1&__proto__[x]=1'],
  ['=&&=', '=&&='],
];

/** Body limits from the brief (src/lib/limits.ts): a body one byte over is sent both with Content-Length and chunked. */
export const MiB = 1024 * 1024;
export function bodyLimitOf(pattern: string, method: string): number {
  if (pattern === '/api/v1/chats/import') return 50 * MiB; // IMPORT_MAX_MB=50 on the suite's server (1 GiB by default)
  if (pattern === '/api/v1/chats/new' || (pattern === '/api/v1/chats/[id]' && method === 'POST')) return 10 * MiB;
  return MiB;
}
