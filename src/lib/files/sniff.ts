// What an image file is, from its first bytes (never its name): PNG, JPEG, GIF or WebP, the types a page may show
// inline. SVG (which can carry script) and everything else is not an image here.

export type ImageMime = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The image type the bytes start with, or null. Needs the first 12 bytes. */
export function sniffImage(head: Uint8Array): ImageMime | null {
  const b = Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, 12));
  if (b.length >= 8 && b.subarray(0, 8).equals(PNG)) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 6 && /^GIF8[79]a$/.test(b.subarray(0, 6).toString('latin1'))) return 'image/gif';
  if (b.length >= 12 && b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return null;
}

/** The URL a stored file has in the chat JSON (Open WebUI's file content path), and the id it names. */
export const fileContentUrl = (id: string): string => `/api/v1/files/${id}/content`;
const OWN_URL = /^\/api\/v1\/files\/([A-Za-z0-9_-]{16,64})\/content$/;
export const fileIdOfUrl = (url: unknown): string | null => (typeof url === 'string' ? OWN_URL.exec(url)?.[1] ?? null : null);
