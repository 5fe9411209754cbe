// The instance secret (HMAC key for unlock cookies, live tokens and clone intents): a file in DATA_DIR, written
// atomically, refused when empty or short, and combined with CHATSHARE_SECRET from the environment when that is set.
import fs from 'node:fs';
import path from 'node:path';
import { createHmac, randomBytes } from 'node:crypto';
import { config } from '../config';
import { usesPostgres } from '../db';
import { storedInstanceSecret } from '../settings/store';

/** A secret shorter than this (64 hex characters are written) is a damaged file, never a key to trust. */
export const MIN_SECRET_LENGTH = 32;

export class SecretError extends Error {}

const fileOf = () => path.join(config.dataDir, 'secret');

/**
 * Reads DATA_DIR/secret, or creates it: the random value goes to a temporary file that is then linked into place, so
 * a crash leaves no file or a whole one, never an empty one, and two processes starting together agree on one value
 * (link fails when the file exists; the loser reads the winner's).
 */
function readOrCreateFileSecret(): string {
  const file = fileOf();
  let value: string;
  try {
    value = fs.readFileSync(file, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    fs.mkdirSync(config.dataDir, { recursive: true });
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      const fd = fs.openSync(tmp, 'wx', 0o600);
      try { fs.writeFileSync(fd, randomBytes(32).toString('hex')); fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
      try { fs.linkSync(tmp, file); } catch (e) { if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; }
    } finally {
      fs.rmSync(tmp, { force: true });
    }
    value = fs.readFileSync(file, 'utf8').trim();
  }
  if (value.length < MIN_SECRET_LENGTH) {
    throw new SecretError(
      `chatshare: the instance secret ${file} is ${value.length ? `too short (${value.length} characters)` : 'empty'}; ` +
        `it needs at least ${MIN_SECRET_LENGTH}. It was probably cut short by a crash or a full disk. Delete the file to ` +
        'have a new one made (open password unlocks and live pages will ask again), or restore it from a backup.',
    );
  }
  return value;
}

/**
 * CHATSHARE_SECRET, or Open WebUI's name for it, WEBUI_SECRET_KEY (an instance moved over from Open WebUI keeps its
 * environment file), when set, must be long enough to add anything; a short one (Open WebUI's sample value
 * "t0p-s3cr3t") is a mistake worth stopping for.
 */
function envSecret(): string | null {
  const name = (process.env.CHATSHARE_SECRET ?? '').trim() ? 'CHATSHARE_SECRET' : 'WEBUI_SECRET_KEY';
  const raw = (process.env[name] ?? '').trim();
  if (!raw) return null;
  if (raw.length < MIN_SECRET_LENGTH) {
    throw new SecretError(`chatshare: ${name} is too short (${raw.length} characters); use at least ${MIN_SECRET_LENGTH} random characters (for example: openssl rand -hex 32).`);
  }
  return raw;
}

let secret: string | null = null;

/**
 * The key every share token is signed with. With CHATSHARE_SECRET set it is derived from both that and the file, so a
 * copy of DATA_DIR alone (a backup, a stolen disk) cannot forge unlock cookies; without it, the file alone.
 */
export function instanceSecret(): string {
  if (secret) return secret;
  // On PostgreSQL the nodes share no disk: the random half lives in the database, created once by whichever node asks
  // first (the others read the same row), so every node signs and checks tokens with the same key.
  const fromFile = usesPostgres() ? storedInstanceSecret(randomBytes(32).toString('hex')) : readOrCreateFileSecret();
  const fromEnv = envSecret();
  secret = fromEnv ? createHmac('sha256', fromEnv).update(`chatshare-instance\0${fromFile}`).digest('hex') : fromFile;
  return secret;
}

/** Called at start: a missing, empty or short secret stops the server with a clear message instead of later. */
export function checkInstanceSecret(): void {
  try {
    instanceSecret();
  } catch (err) {
    console.error(err instanceof SecretError ? err.message : `chatshare: cannot read or create the instance secret: ${(err as Error).message}`);
    process.exit(1);
  }
}
