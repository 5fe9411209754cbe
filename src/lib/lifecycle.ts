// Shutdown hooks shared by the server entry and the Astro bundle (two module graphs, one process): kept on globalThis.

type Hook = () => void | Promise<void>;
const KEY = Symbol.for('chatshare.shutdownHooks');
const hooks = ((globalThis as Record<symbol, unknown>)[KEY] ??= []) as Hook[];

/** Runs at graceful shutdown, after in-flight requests finished, in reverse order of registration. */
export function onShutdown(hook: Hook): void {
  hooks.push(hook);
}

export async function runShutdownHooks(): Promise<void> {
  for (const hook of hooks.splice(0).reverse()) {
    try { await hook(); } catch (err) { console.error('chatshare: shutdown hook failed', err); }
  }
}
