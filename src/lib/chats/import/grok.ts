// Grok's export (prod-grok-backend.json: {conversations: [{conversation, responses: [{response}]}]}) as Open WebUI
// chats. Responses are put in time order and hang under their parent_response_id when they name one (regenerated
// answers become branches). Thinking traces and web results are collapsed; images and files get a visible note.
import { randomUUID } from 'node:crypto';
import { isObject } from '../tree';
import { anyTime, asText, chatFromTurns, collapsed, note, str, type Label, type Turn } from './blocks';
import type { NewChat } from '../store';

export const isGrokConversation = (item: Record<string, unknown>): boolean => isObject(item.conversation) && Array.isArray(item.responses);

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function responseContent(r: Record<string, unknown>, label: Label): string {
  const parts: string[] = [];
  const thinking = str(r.thinking_trace);
  if (thinking?.trim()) parts.push(collapsed(label('thinking'), thinking, 'reasoning'));
  const results = list(r.web_search_results).filter(isObject);
  if (results.length) {
    parts.push(collapsed(label('searchResults'), results.map((w) => {
      const url = str(w.url) ?? '';
      return `- ${url ? `[${(str(w.title) || url).replace(/[[\]]/g, '')}](${url})` : asText(w.title ?? w)}${str(w.preview) ? `: ${str(w.preview)}` : ''}`;
    }).join('\n')));
  }
  parts.push(str(r.message) ?? '');
  for (const url of list(r.generated_image_urls)) parts.push(note(label('imageNotIncludedNamed', { name: asText(url) })));
  for (const f of [...list(r.file_attachments), ...list(r.image_attachments)]) {
    parts.push(note(label('fileNotIncluded', { name: isObject(f) ? str(f.file_name) ?? str(f.name) ?? asText(f) : asText(f) })));
  }
  return parts.filter((p) => p.trim()).join('\n\n');
}

export function fromGrok(item: Record<string, unknown>, label: Label): NewChat | null {
  const conv = item.conversation as Record<string, unknown>;
  const responses = (item.responses as unknown[])
    .map((r) => (isObject(r) && isObject(r.response) ? r.response : isObject(r) ? r : null))
    .filter((r): r is Record<string, unknown> => !!r)
    .map((r, i) => ({ r, i, at: anyTime(r.create_time) ?? 0 }))
    .sort((a, b) => a.at - b.at || a.i - b.i);
  const turns: Turn[] = [];
  for (const { r, at } of responses) {
    const content = responseContent(r, label);
    if (!content.trim()) continue;
    const model = str(r.model) || 'grok';
    turns.push({
      id: str(r._id) || str(r.id) || randomUUID(),
      parentId: str(r.parent_response_id) ?? null,
      role: String(r.sender).toLowerCase() === 'human' || String(r.sender).toLowerCase() === 'user' ? 'user' : 'assistant',
      content, timestamp: at || undefined, model, modelName: model,
    });
  }
  if (!turns.length) return null;
  const created = anyTime(conv.create_time);
  const models = [...new Set(turns.filter((t) => t.role === 'assistant').map((t) => t.model!))];
  return chatFromTurns(turns, str(conv.title) ?? '', 'Grok conversation', created, anyTime(conv.modify_time) ?? turns.at(-1)?.timestamp ?? created, models);
}
