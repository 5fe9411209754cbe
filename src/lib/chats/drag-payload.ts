// The drag payload of a chat, as Open WebUI's sidebar sets it ({type: 'chat', id, item}) plus our origin and title.

export interface ChatDrag { type: 'chat'; id: string; origin?: string; title?: string; item?: unknown }

/** Reads dropped text as a chat drag; null for any other text (a dragged selection, a URL, a bigger-than-import blob). */
export function parseChatDrag(text: string, maxChars = 50 * 1024 * 1024): ChatDrag | null {
  if (!text || text.length > maxChars || !/^\s*\{/.test(text)) return null;
  let v: unknown;
  try { v = JSON.parse(text); } catch { return null; }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  const d = v as Record<string, unknown>;
  if (d.type !== 'chat' || typeof d.id !== 'string' || !d.id || d.id.length > 200) return null;
  return {
    type: 'chat', id: d.id,
    origin: typeof d.origin === 'string' ? d.origin : undefined,
    title: typeof d.title === 'string' ? d.title.slice(0, 500) : undefined,
    item: d.item && typeof d.item === 'object' && !Array.isArray(d.item) ? d.item : undefined,
  };
}
