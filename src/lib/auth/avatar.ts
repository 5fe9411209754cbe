// Generated avatars: initials on a colour picked from the user id, as a small SVG.
import { createHash } from 'node:crypto';
import { escapeHtml } from '../render/escape';

const COLORS = ['#6366f1', '#8b5cf6', '#ec4899', '#f43f5e', '#f97316', '#eab308', '#10b981', '#14b8a6', '#0ea5e9', '#3b82f6'];

export function initials(name: string): string {
  const parts = name.trim().split(/[\s._@-]+/u).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]!, parts[parts.length - 1]!] : parts.slice(0, 1);
  return letters.map((p) => [...p][0]!.toUpperCase()).join('').slice(0, 4) || '?';
}

export function initialsAvatar(name: string, id: string): string {
  const color = COLORS[createHash('sha256').update(id).digest()[0]! % COLORS.length];
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64"><rect width="64" height="64" rx="32" fill="${color}"/><text x="32" y="33" dominant-baseline="middle" text-anchor="middle" font-family="Inter, system-ui, sans-serif" font-size="26" font-weight="600" fill="#fff">${escapeHtml(initials(name))}</text></svg>`;
}
