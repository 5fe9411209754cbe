// With WORKERS: the listening socket is the primary's, for the life of the process, so a connection made while no
// worker is alive waits in the kernel's backlog for a replacement instead of being refused (cluster.ts hands it out).
//
// Why not node:cluster's own sharing: its primary closes the port when its last worker leaves (round_robin_handle.js
// and shared_handle.js `remove()`), so with both workers dead connections were refused until a replacement listened,
// and the ones it had accepted and queued were reset; a connection it was handing to a worker as it died hung. Here
// the primary binds the socket but never listens on it itself (it never accepts, so it holds no connection), each
// worker receives a copy and listens on it as its own server: the kernel's queue outlives any worker, and the primary
// closes its copy on SIGTERM only once every worker has stopped listening (their drain, entry.ts).
import cluster from 'node:cluster';
import dns from 'node:dns/promises';
import net from 'node:net';
import { getSystemErrorName } from 'node:util';
import { runShutdownHooks } from '../lib/lifecycle';

/** A bound TCP socket (libuv's handle), not listening in this process; node:child_process can send it to a worker. */
export interface SocketHandle { close(): void; getsockname(out: object): number }

type CreateServerHandle = (address: string, port: number, addressType: number) => SocketHandle | number;
// The function node:cluster itself uses to bind a socket it then passes to workers (shared_handle.js). Absent (a
// future Node), workers fall back to node:cluster's sharing and the port closes while no worker is alive, as before.
const createServerHandle = (net as unknown as { _createServerHandle?: CreateServerHandle })._createServerHandle;

interface ListenMessage { chatshare?: 'listen' | 'listen-socket' | 'unlisten'; closed?: boolean }

/** Binds host:port for the workers; null when this Node cannot (see above). Throws what listen would (EADDRINUSE). */
export async function bindSharedSocket(host: string, port: number): Promise<SocketHandle | null> {
  if (typeof createServerHandle !== 'function') return null;
  const address = net.isIP(host) ? host : (await dns.lookup(host)).address;
  const handle = createServerHandle(address, port, net.isIP(address));
  // libuv keeps a bind's EADDRINUSE for the listen call (uv_tcp_bind's delayed_error), which here happens in a worker,
  // on a copy that does not carry it: that copy would listen on a random port. getsockname reports the kept error.
  const failed = typeof handle === 'number' ? handle : handle.getsockname({});
  if (failed) {
    if (typeof handle !== 'number') handle.close();
    const code = getSystemErrorName(failed);
    throw Object.assign(new Error(`listen ${code}: ${host}:${port}`), { code, errno: failed });
  }
  return handle as SocketHandle;
}

/**
 * The primary's side: hands its socket to each worker that asks (it is about to listen), and on `closeWhenDrained`
 * closes it once no worker listens any more. Workers that die stop counting as listening.
 */
export function serveSharedSocket(socket: SocketHandle | null) {
  const listening = new Set<number>();
  let closing = false;
  const closeIfDrained = () => {
    if (!closing || listening.size > 0 || !socket) return;
    socket.close();
    socket = null;
  };
  cluster.on('message', (worker, message: ListenMessage) => {
    if (message?.chatshare === 'listen') {
      // Stopping, with every other worker drained: one that was still warming up has nothing to answer, and ends.
      if (closing && !socket) {
        worker.send({ chatshare: 'listen-socket', closed: true }, undefined, () => {});
        return;
      }
      if (socket) listening.add(worker.id);
      // With a callback, a worker that died meanwhile is a failed send, not an 'error' event that ends the primary.
      worker.send({ chatshare: 'listen-socket' }, socket ? (socket as unknown as net.Server) : undefined, () => {});
    } else if (message?.chatshare === 'unlisten') {
      listening.delete(worker.id);
      closeIfDrained();
    }
  });
  cluster.on('exit', (worker) => { listening.delete(worker.id); closeIfDrained(); });
  return { closeWhenDrained: () => { closing = true; closeIfDrained(); } };
}

/** A worker's side: listens on the primary's socket (where the primary has none, on host:port through node:cluster). */
export function listenOnSharedSocket(server: net.Server, port: number, host: string): void {
  const onMessage = (message: ListenMessage, handle?: unknown) => {
    if (message?.chatshare !== 'listen-socket') return;
    process.off('message', onMessage);
    if (message.closed) void runShutdownHooks().finally(() => process.exit(0));
    else if (handle) server.listen(handle);
    else server.listen(port, host);
  };
  process.on('message', onMessage);
  process.send!({ chatshare: 'listen' } satisfies ListenMessage);
}

/** A worker's side, once its server stopped listening on SIGTERM: the primary closes the port after the last one. */
export function stoppedListening(): void {
  if (cluster.isWorker) process.send?.({ chatshare: 'unlisten' } satisfies ListenMessage);
}
