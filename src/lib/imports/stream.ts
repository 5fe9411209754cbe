// An export file read as a stream of conversations (issue 16): its bytes go through stream-json's tokenizer a chunk at
// a time and each conversation is assembled alone, so the import thread holds about one conversation and one batch,
// never the file (JSON.parse of a 256 MB file peaked at 1.2 GB of heap). The conversations are the elements of the
// top-level array (ChatGPT, claude.ai, Open WebUI rows, Gemini Takeout) or of the first array under `chats` (Open
// WebUI) or `conversations` (Grok) in a top-level object; any other object is one chat, assembled whole (bounded).
// A first pass (countItems) counts them without building anything, for the import's progress ("N of M chats").
import { StringDecoder } from 'node:string_decoder';
import { jsonParser } from 'stream-json/parser.js';
import Assembler from 'stream-json/assembler.js';
import { none, isMany, getManyValues } from 'stream-chain/defs.js';
import { HttpError, msg, sizeValues } from '../http';
import { MAX_JSON_DEPTH, MiB } from '../limits';
import { importItems } from '../chats/format';

/**
 * One conversation (or a one-chat file), as the text it takes: past this it is refused, naming it, with the file's
 * earlier batches kept. The biggest real conversations seen are a few MB; IMPORT_MAX_ITEM_MB lowers it (tests).
 */
export const maxItemBytes = (): number => (Number(process.env.IMPORT_MAX_ITEM_MB) || 64) * MiB;

export type Chunks = AsyncIterable<Buffer | Uint8Array>;

const STREAMED_KEYS = new Set(['chats', 'conversations']);
/** What a value's token adds to the size counted for its conversation: its text, or a few bytes for the rest. */
const sizeOf = (tok: { value?: unknown }) => (typeof tok.value === 'string' ? tok.value.length + 2 : 4);

export const itemTooLarge = (index: number) => new HttpError('VALIDATION_ERROR', msg('api.importItemTooLarge', { index: index + 1, ...sizeValues(maxItemBytes()) }));
/** A stream that ends early or stops being JSON: `read` conversations came before the break (their batches are kept). */
export const brokenJson = (read: number) => new HttpError('VALIDATION_ERROR', msg('api.importJsonBroken', { read }));
const tooDeep = () => new HttpError('VALIDATION_ERROR', msg('api.jsonTooDeep', { depth: MAX_JSON_DEPTH }));

type Token = { name: string; value?: string };

/**
 * The conversations of an export, one at a time, as JSON.parse would build each. Nesting deeper than MAX_JSON_DEPTH, a
 * conversation over maxItemBytes() and text that is not JSON (or ends early) are 422s; `read` (on the error) says how
 * many conversations came before.
 */
export async function* readItems(chunks: Chunks): AsyncGenerator<unknown, void, void> {
  const limit = maxItemBytes();
  // The tokenizer bounds depth itself (no recursion: 100,000 nested arrays are a RangeError, not a stack overflow) and
  // any one string it packs; it gets text, so the UTF-8 decoding (split characters across chunks) is done here.
  const tokenize = jsonParser({ packValues: true, streamValues: false, maxDepth: MAX_JSON_DEPTH, maxPackedLength: limit });
  const decoder = new StringDecoder('utf8');
  let mode: 'start' | 'object' | 'array' | 'skip' | 'end' = 'start';
  let depth = 0; // containers open after the current token
  let base = 0; // the depth of the streamed array's elements' container
  let asm: Assembler | null = null;
  let size = 0;
  let key: string | null = null;
  let read = 0;
  const out: unknown[] = [];

  const take = (tok: Token) => {
    const opens = tok.name === 'startObject' || tok.name === 'startArray';
    const closes = tok.name === 'endObject' || tok.name === 'endArray';
    if (mode === 'start') {
      if (tok.name === 'startArray') [mode, base] = ['array', 1];
      else if (tok.name === 'startObject') [mode, asm, size] = ['object', new Assembler(), 0];
      else mode = 'end'; // a lone value holds no chat
    } else if (mode === 'object') {
      // A top-level object: kept (it may be one chat) until an array under `chats`/`conversations` turns up, then
      // dropped (its other keys are metadata) and that array streamed.
      if (depth === 1 && tok.name === 'keyValue') key = tok.value!;
      else if (depth === 1 && tok.name === 'startArray' && key !== null && STREAMED_KEYS.has(key)) {
        [mode, base, asm] = ['array', 2, null];
        depth++;
        return;
      }
      if ((size += sizeOf(tok)) > limit) throw itemTooLarge(0);
    } else if (mode === 'array') {
      if (depth === base && tok.name === 'endArray') {
        mode = base === 1 ? 'end' : 'skip';
      } else {
        asm ??= new Assembler();
        if ((size += sizeOf(tok)) > limit) throw itemTooLarge(read);
      }
    }
    if (asm) asm.consume(tok as never);
    if (opens) depth++;
    else if (closes) depth--;
    // An element of the streamed array is complete once its depth is back to the array's (a string or number at once).
    if (asm && mode === 'array' && depth === base) {
      out.push(asm.current);
      [asm, size] = [null, 0];
      read++;
    } else if (asm && mode === 'object' && depth === 0) {
      out.push(...importItems(asm.current)); // one chat, or none (an object that is no chat)
      [asm, size, mode] = [null, 0, 'end'];
    }
  };

  const feed = (input: string | typeof none) => {
    let result: unknown;
    try {
      result = (tokenize as (input: string | typeof none) => unknown)(input); // `none` flushes the end
    } catch (err) {
      if (err instanceof RangeError && /depth/i.test(err.message)) throw tooDeep();
      if (err instanceof RangeError) throw itemTooLarge(read);
      throw brokenJson(read);
    }
    if (isMany(result)) for (const tok of getManyValues(result) as Token[]) take(tok);
    else if (result !== none) take(result as Token);
  };

  let bom = true;
  for await (const chunk of chunks) {
    let text = decoder.write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (bom && text) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      bom = false;
    }
    feed(text);
    // Items are handed out after each chunk (a few KB of text), before the next one is read.
    while (out.length) yield out.shift();
  }
  const rest = decoder.end();
  if (rest) feed(rest);
  if (mode === 'start') return; // nothing but white space: no items (as an empty body always was)
  feed(none);
  while (out.length) yield out.shift();
  if (depth !== 0 || (mode !== 'end' && mode !== 'skip')) throw brokenJson(read);
}

const WS = new Uint8Array(256);
for (const c of ' \t\n\r') WS[c.charCodeAt(0)] = 1;

/**
 * How many conversations readItems will find (for the progress), counted byte by byte without building anything: the
 * elements of the top-level array or of the first array under `chats`/`conversations`; a top-level object without one
 * is one. Approximate on a file that is not JSON (readItems refuses it).
 */
export async function countItems(chunks: Chunks): Promise<number> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let top = 0; // the first byte: '[' or '{'
  let target = 0; // the depth inside the counted array, once it is found
  let commas = 0;
  let any = false;
  let capture: number[] | null = null; // a string at depth 1 (a key, when an object's)
  let lastString = '';
  let start = true;
  for await (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      if (inString && !capture) {
        // Most of a file is string contents: jump to the next quote (native search), then see whether it is escaped.
        if (escaped) {
          escaped = false;
          continue;
        }
        const j = chunk.indexOf(34, i);
        let k = (j < 0 ? chunk.length : j) - 1;
        while (k >= i && chunk[k] === 92) k--;
        const backslashes = (j < 0 ? chunk.length : j) - 1 - k;
        if (j < 0) {
          escaped = backslashes % 2 === 1;
          break;
        }
        i = j;
        if (backslashes % 2 === 0) inString = false;
        continue;
      }
      const c = chunk[i]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92) escaped = true;
        else if (c === 34) {
          inString = false;
          lastString = String.fromCharCode(...capture!);
          capture = null;
        } else if (capture!.length < 16) capture!.push(c);
        continue;
      }
      if (WS[c]) continue;
      if (start) {
        if (c === 0xef || c === 0xbb || c === 0xbf) continue; // a byte-order mark
        start = false;
        top = c;
        if (c === 91) target = 1;
      }
      if (depth === target && target && c !== 93) any = true;
      if (c === 34) {
        inString = true;
        capture = depth === 1 && top === 123 ? [] : null;
      } else if (c === 123 || c === 91) {
        if (c === 91 && depth === 1 && top === 123 && !target && STREAMED_KEYS.has(lastString)) target = 2;
        depth++;
      } else if (c === 125 || c === 93) {
        if (target && depth === target) return any ? commas + 1 : 0;
        depth--;
      } else if (c === 44 && target && depth === target) commas++;
    }
  }
  if (target) return any ? commas + 1 : 0;
  return top === 123 ? 1 : 0;
}
