// A ChatGPT conversation (conversations.json, or conversations-NNN.json in newer exports: a `mapping` tree) as an
// Open WebUI chat. Hidden and system nodes are skipped; the nodes of one assistant turn (a code call, its output, a
// search and its results, reasoning, the answer) become one assistant message, as ChatGPT shows them.
import { visiblePath } from '../tree';
import { isObject } from '../tree';
import { toSeconds } from '../format';
import { str, type Label } from './blocks';
import { gptContent, gptRole, type ImageRef } from './chatgpt-nodes';
import type { ChatJson, Message } from '../types';
import type { NewChat, PendingImage } from '../store';

interface GptNode { parent?: unknown; children?: unknown; message?: unknown }

export function fromChatGpt(conv: Record<string, unknown>, label: Label): NewChat | null {
  // A Map, so node ids such as "constructor" name nodes and nothing else.
  const mapping = new Map<string, GptNode>(Object.entries(conv.mapping as object).filter((e): e is [string, GptNode] => isObject(e[1])));
  // Depth first from the roots along `children`, each node once (a seen-set, no recursion); a skipped node's place is
  // taken by its nearest kept ancestor on the way down, so the tree stays connected.
  const kept = new Map<string, Message>();
  const anchorOf = new Map<string, string | null>();
  // The node a kept message's content currently ends with: an assistant node whose parent is that node joins it.
  const tailOf = new Map<string, string>();
  const stack: Array<[string, string | null]> = [];
  const images: PendingImage[] = [];
  for (const [id, node] of mapping) {
    const p = typeof node.parent === 'string' ? node.parent : null;
    if (p === null || !mapping.has(p)) stack.push([id, null]);
  }
  stack.reverse();
  const unvisited = mapping.keys();
  // The last message the roots lead to: without a usable current_node, the chat opens there, not in a detached tree.
  let rootedLast: string | undefined;
  let detached = false;
  for (;;) {
    if (!stack.length) {
      detached = true;
      // A node no root leads to (linked only in a cycle, or to itself) starts a tree of its own, in export order.
      let next = unvisited.next();
      while (!next.done && anchorOf.has(next.value)) next = unvisited.next();
      if (next.done) break;
      stack.push([next.value, null]);
    }
    const [id, parentId] = stack.pop()!;
    if (anchorOf.has(id)) continue;
    const node = mapping.get(id)!;
    let anchor = parentId;
    const m = isObject(node.message) ? node.message : null;
    const role = m ? gptRole(m) : null;
    const refs: ImageRef[] = [];
    const content = m && role ? gptContent(m, label, refs) : '';
    const parent = typeof node.parent === 'string' ? node.parent : null;
    const joins = anchor !== null && parent !== null && tailOf.get(anchor) === parent;
    const host = anchor !== null ? kept.get(anchor) : undefined;
    if (m && role && content.trim()) {
      if (role === 'assistant' && joins && host?.role === 'assistant' && !host.childrenIds.length) {
        host.content = `${host.content}\n\n${content}`;
        for (const r of refs) images.push({ messageId: anchor!, ...r });
        tailOf.set(anchor!, id);
      } else {
        const meta = isObject(m.metadata) ? m.metadata : {};
        const model = str(meta.model_slug) ?? str(conv.default_model_slug);
        kept.set(id, {
          id, parentId, childrenIds: [], role, content,
          timestamp: toSeconds(m.create_time) ?? toSeconds(conv.create_time),
          ...(role === 'assistant' ? { model: model ?? 'chatgpt', modelName: model ?? 'ChatGPT' } : {}),
        });
        if (parentId !== null) kept.get(parentId)!.childrenIds.push(id);
        if (!detached) rootedLast = id;
        for (const r of refs) images.push({ messageId: id, ...r });
        tailOf.set(id, id);
        anchor = id;
      }
    } else if (joins) tailOf.set(anchor!, id); // a hidden node inside a turn: what follows it still joins
    anchorOf.set(id, anchor);
    const children = Array.isArray(node.children) ? node.children : [];
    for (let i = children.length - 1; i >= 0; i--) {
      const c = children[i];
      if (typeof c === 'string' && mapping.has(c) && !anchorOf.has(c)) stack.push([c, anchor]);
    }
  }
  if (!kept.size) return null;
  const messages = Object.fromEntries(kept);
  const current = str(conv.current_node);
  const currentId = (current !== undefined ? anchorOf.get(current) : undefined) ?? rootedLast ?? [...kept.keys()].pop()!;
  const history = { currentId, messages };
  const model = str(conv.default_model_slug);
  const title = str(conv.title)?.trim() || 'ChatGPT conversation';
  const created = toSeconds(conv.create_time);
  const chat: ChatJson = {
    id: '', title, models: model ? [model] : [], params: {}, history, messages: visiblePath(history), tags: [], files: [],
    timestamp: created ? created * 1000 : Date.now(),
  };
  return { title, chat, models: [], created_at: created, updated_at: toSeconds(conv.update_time) ?? created, ...(images.length ? { images } : {}) };
}
