// claude.ai's export (conversations.json): each conversation's chat_messages, with their content blocks (text,
// thinking, tool_use, tool_result), attachments (extracted text) and files, as an Open WebUI chat. Reasoning and tool
// traffic are collapsed; attachments are shown with their text; a file the export does not carry gets a visible note.
import { randomUUID } from 'node:crypto';
import { isObject } from '../tree';
import { anyTime, asText, chatFromTurns, collapsed, fence, note, str, type Label, type Turn } from './blocks';
import type { NewChat } from '../store';

export const isClaudeConversation = (item: Record<string, unknown>): boolean => Array.isArray(item.chat_messages);

function toolResultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((c) => (isObject(c) && c.type === 'text' && typeof c.text === 'string' ? c.text : asText(c))).join('\n\n');
  }
  return asText(content);
}

function blockText(block: Record<string, unknown>, label: Label): string {
  switch (block.type) {
    case 'text': {
      // Web citations follow the text they back, as numbered links.
      const urls = (Array.isArray(block.citations) ? block.citations.filter(isObject) : [])
        .map((c) => ({ url: str(c.url) ?? (isObject(c.details) ? str(c.details.url) : undefined), title: str(c.title) ?? '' }))
        .filter((c): c is { url: string; title: string } => !!c.url && /^https?:\/\//.test(c.url));
      const links = urls.map((c, i) => `[[${i + 1}]](${c.url}${c.title ? ` "${c.title.replace(/["\\]/g, '')}"` : ''})`).join(' ');
      const text = str(block.text) ?? '';
      // After a closing code fence the links go on their own line (on the fence's line they would unclose it).
      return links ? `${text}${/(^|\n)\s*(`{3,}|~{3,})[^\n]*$/.test(text) ? '\n\n' : ' '}${links}` : text;
    }
    case 'thinking': {
      const text = str(block.thinking) ?? '';
      return text.trim() ? collapsed(label('thinking'), text, 'reasoning') : '';
    }
    case 'tool_use': {
      const name = str(block.name) ?? 'tool';
      return collapsed(label('toolCall', { name }), fence(asText(block.input ?? {}), 'json'));
    }
    case 'tool_result': {
      const name = str(block.name) ?? 'tool';
      return collapsed(label(block.is_error === true ? 'toolError' : 'toolResult', { name }), fence(toolResultText(block.content)));
    }
    default: {
      // A block type this importer does not know (Claude adds some): kept, collapsed, as its JSON.
      const type = str(block.type) ?? '?';
      return collapsed(label('unknownBlock', { type }), fence(asText(block), 'json'));
    }
  }
}

function messageContent(m: Record<string, unknown>, label: Label): string {
  const parts: string[] = [];
  const blocks = Array.isArray(m.content) ? m.content.filter(isObject) : [];
  if (blocks.length) parts.push(...blocks.map((b) => blockText(b, label)));
  else if (typeof m.text === 'string') parts.push(m.text);
  for (const a of Array.isArray(m.attachments) ? m.attachments.filter(isObject) : []) {
    const name = str(a.file_name) || 'file';
    const text = str(a.extracted_content);
    parts.push(text?.trim() ? collapsed(label('attachment', { name }), fence(text)) : note(label('fileNotIncluded', { name })));
  }
  for (const f of Array.isArray(m.files) ? m.files.filter(isObject) : []) {
    parts.push(note(label('fileNotIncluded', { name: str(f.file_name) || str(f.file_uuid) || 'file' })));
  }
  return parts.filter((p) => p.trim()).join('\n\n');
}

export function fromClaude(conv: Record<string, unknown>, label: Label): NewChat | null {
  const turns: Turn[] = [];
  for (const m of (conv.chat_messages as unknown[]).filter(isObject)) {
    const content = messageContent(m, label);
    if (!content.trim()) continue;
    turns.push({
      id: str(m.uuid) || randomUUID(),
      parentId: str(m.parent_message_uuid) ?? null,
      role: m.sender === 'human' ? 'user' : 'assistant',
      content,
      timestamp: anyTime(m.created_at),
      model: 'claude', modelName: 'Claude',
    });
  }
  if (!turns.length) return null;
  const created = anyTime(conv.created_at);
  return chatFromTurns(turns, str(conv.name) ?? '', 'Claude conversation', created, anyTime(conv.updated_at) ?? created, ['claude']);
}
