// The shapes of Open WebUI's chat JSON, which we keep whole: unknown fields pass through untouched.

export interface Message {
  id: string;
  parentId: string | null;
  childrenIds: string[];
  role: 'user' | 'assistant' | 'system' | string;
  content: string;
  timestamp?: number; // unix seconds
  model?: string;
  modelName?: string;
  [extra: string]: unknown;
}

export interface History {
  currentId: string | null;
  messages: Record<string, Message>;
}

/** The `chat` JSON column: Open WebUI's chat object. */
export interface ChatJson {
  id?: string;
  title?: string;
  models?: string[];
  params?: Record<string, unknown>;
  system?: string;
  history: History;
  messages?: Message[];
  tags?: unknown[];
  files?: unknown[];
  timestamp?: number; // ms
  [extra: string]: unknown;
}

/** A chat row as Open WebUI exports it (created_at/updated_at in unix seconds). */
export interface ChatRow {
  id: string;
  user_id: string;
  title: string;
  chat: ChatJson;
  created_at: number;
  updated_at: number;
  share_id: string | null;
  archived: boolean;
  pinned: boolean;
  meta: { tags?: string[]; [extra: string]: unknown };
  folder_id: string | null;
}
