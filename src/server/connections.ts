// The connection budget of one process: at most `perClient` sockets per client address, the oldest idle keep-alive
// sockets shed first when the process nears its file limit, and a reserve only /healthz and signed-in requests may use.
import fs from 'node:fs';
import type http from 'node:http';
import type net from 'node:net';
import { clientKey, normalizeAddress, trustedProxyHops } from '../lib/auth/client-address';

export interface ConnectionLimits { max: number; perClient: number; reserve: number }

/** The soft limit on open files (/proc/self/limits), or 1024 where it cannot be read. */
export function fileLimit(): number {
  try {
    const line = fs.readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    const soft = Number(line?.split(/\s{2,}/)[1]);
    return Number.isFinite(soft) && soft > 0 ? soft : 1024;
  } catch { return 1024; }
}

const envInt = (name: string): number | null => {
  const n = Number(process.env[name]);
  return Number.isInteger(n) && n > 0 ? n : null;
};

/**
 * MAX_CONNECTIONS (default: the file limit less 128 kept for the database, artifacts and the render pool) and
 * MAX_CONNECTIONS_PER_CLIENT (default an eighth of it, at least 8); a sixteenth (at least 4) is the reserve.
 */
export function connectionLimits(files = fileLimit()): ConnectionLimits {
  const max = envInt('MAX_CONNECTIONS') ?? Math.max(32, files - 128);
  const perClient = envInt('MAX_CONNECTIONS_PER_CLIENT') ?? Math.max(8, Math.floor(max / 8));
  return { max, perClient, reserve: Math.max(4, Math.floor(max / 16)) };
}

interface Tracked { key: string }

/**
 * Watches the server's sockets. Behind TRUST_PROXY every socket comes from the proxy, so the per-client cap is not
 * applied to sockets (the total budget and the reserve still are).
 */
export function guardConnections(server: http.Server, limits: ConnectionLimits = connectionLimits()) {
  const perAddress = trustedProxyHops(process.env.TRUST_PROXY) === 0;
  const open = new Map<net.Socket, Tracked>();
  const idle = new Set<net.Socket>(); // in the order they fell idle: the first is the oldest
  const byClient = new Map<string, number>();

  // Counted out at once: a destroyed socket's 'close' comes later, and the budget must see the room now.
  const forget = (socket: net.Socket) => {
    const t = open.get(socket);
    if (!t) return;
    open.delete(socket);
    idle.delete(socket);
    const n = (byClient.get(t.key) ?? 1) - 1;
    if (n > 0) byClient.set(t.key, n); else byClient.delete(t.key);
  };
  const shedIdle = (target: number, key?: string) => {
    for (const s of idle) {
      if (open.size <= target) return;
      if (key !== undefined && open.get(s)?.key !== key) continue;
      forget(s);
      s.destroy();
    }
  };

  server.on('connection', (socket: net.Socket) => {
    const key = perAddress ? clientKey(normalizeAddress(socket.remoteAddress ?? '') ?? 'unknown') : 'proxy';
    if (perAddress && (byClient.get(key) ?? 0) >= limits.perClient) {
      // This client is at its cap: its own oldest idle socket makes room, else the new one is refused.
      const before = open.size;
      shedIdle(open.size - 1, key);
      if (open.size === before) { socket.destroy(); return; }
    }
    if (open.size >= limits.max - limits.reserve) shedIdle(limits.max - limits.reserve - 1);
    if (open.size >= limits.max) { socket.destroy(); return; }
    open.set(socket, { key });
    byClient.set(key, (byClient.get(key) ?? 0) + 1);
    socket.once('close', () => forget(socket));
  });

  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const socket = req.socket;
    idle.delete(socket);
    res.once('finish', () => { if (open.has(socket) && !socket.destroyed) idle.add(socket); });
  });

  return {
    /** Open sockets past the shared budget: only requests that must get through (see entry.ts) are served. */
    inReserve: () => open.size > limits.max - limits.reserve,
    openCount: () => open.size,
    /**
     * Closes keep-alive sockets that served a response and wait for another. Unlike Node's closeIdleConnections, a
     * socket just accepted whose request has not arrived yet is not idle: it is answered (stopping must not reset it).
     */
    closeIdle: () => { for (const s of [...idle]) { forget(s); s.destroy(); } },
    limits,
  };
}
