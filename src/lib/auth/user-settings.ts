// Open WebUI's per-user settings object (`{ui: {...}, ...}`): stored as the client sends it, merged key by key on update.
import { z } from 'zod';
import { HttpError, msg } from '../http';
import { parseInput } from '../validation';
import { mergeUserSettings, userSettingsText } from './store';

export const MAX_SETTINGS_BYTES = 64 * 1024;

// Open WebUI's UserSettings model: `ui` is a dict, every other key is kept (extra="allow").
const settingsBody = z.object({ ui: z.record(z.string(), z.unknown()).optional() }).loose();

/** The stored settings, or null when the user never saved any (Open WebUI answers null too). */
export function readUserSettings(userId: string): Record<string, unknown> | null {
  const text = userSettingsText(userId);
  return text ? (JSON.parse(text) as Record<string, unknown>) : null;
}

/** Merges the body's top-level keys into the user's settings and answers the result; 422 past MAX_SETTINGS_BYTES. */
export function updateUserSettings(userId: string, body: unknown): Record<string, unknown> {
  const patch = parseInput(settingsBody, body);
  const merged = mergeUserSettings(userId, patch, MAX_SETTINGS_BYTES);
  if (!merged) throw new HttpError('VALIDATION_ERROR', msg('api.settingsTooLarge', { max: MAX_SETTINGS_BYTES / 1024 }));
  return merged;
}
