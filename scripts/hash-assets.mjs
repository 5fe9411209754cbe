// Build step after astro build and the domain build: each file under dist/client/styles and dist/client/scripts gets a
// copy named by its content hash, and dist/assets.json maps plain URL → hashed URL for src/lib/assets.ts (whose
// naming rule this uses, so the two cannot disagree). The plain names stay, for pages and artifacts written before.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { HASHED_DIRS, MANIFEST_FILE, hashedName, unhashedName } from '../dist/domain/assets.js';

const dist = path.resolve('dist');
const client = path.join(dist, 'client');
const manifest = {};
for (const dir of HASHED_DIRS) {
  let names;
  try { names = fs.readdirSync(path.join(client, dir)); } catch { continue; }
  for (const name of names.sort()) {
    const url = dir + name;
    if (unhashedName(url)) { fs.rmSync(path.join(client, url)); continue; } // a copy from an earlier build
    if (!/\.(css|js)$/.test(name)) continue;
    const body = fs.readFileSync(path.join(client, url));
    const hashed = hashedName(url, createHash('sha256').update(body).digest('hex'));
    fs.writeFileSync(path.join(client, hashed), body);
    manifest[url] = hashed;
  }
}
fs.writeFileSync(path.join(dist, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
