// "Chat Recipe": the models, parameters and system prompt of a chat, as signed-in viewers see them.
import { buildRecipeHtml } from '../serve/html';
import type { ChatJson } from '../../chats/types';

export function recipeHtml(chat: ChatJson): string {
  return buildRecipeHtml({
    models: (chat.models ?? []).filter((m): m is string => typeof m === 'string'),
    params: (chat.params ?? {}) as Record<string, unknown>,
    system: typeof chat.system === 'string' ? chat.system : undefined,
  });
}
