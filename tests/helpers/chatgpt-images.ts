// A ChatGPT export archive with images, as ChatGPT sends it: conversations.json whose messages name their images by
// asset pointer, and the image files beside it (file-XXXX-<name>, file_XXXX-… under user-…/), for the image import tests.
import fs from 'node:fs';
import { makeZip } from './zip';

export const PNG = fs.readFileSync('tests/fixtures/square.png');
export const JPEG = fs.readFileSync('tests/fixtures/photo.jpg');
/** A ".png" that is really HTML with script: never kept, never served as an image. */
export const FAKE_PNG = Buffer.from('<html><script>alert(document.cookie)</script><p>not an image</p></html>');

const image = (pointer: string) => ({ content_type: 'image_asset_pointer', asset_pointer: pointer, size_bytes: 900, width: 96, height: 64, metadata: { dalle: null } });

function node(id: string, parent: string | null, children: string[], role: 'user' | 'assistant' | null, parts: unknown[], t: number) {
  return {
    id, parent, children,
    message: role ? {
      id, author: { role, name: null, metadata: {} }, create_time: t,
      content: { content_type: parts.some((p) => typeof p !== 'string') ? 'multimodal_text' : 'text', parts },
      status: 'finished_successfully', metadata: {}, recipient: 'all',
    } : null,
  };
}

/** One conversation: a PNG and a JPEG named by two user messages, then one image missing from the archive and one fake. */
export function chatgptConversation(title = 'Pictures from the trip') {
  return {
    title, create_time: 1735689600, update_time: 1735689700, current_node: 'a3', default_model_slug: 'gpt-4o',
    mapping: {
      root: node('root', null, ['u1'], null, [], 0),
      u1: node('u1', 'root', ['a1'], 'user', [image('file-service://file-PngA1b2C3'), 'What is in this picture?'], 1735689601),
      a1: node('a1', 'u1', ['u2'], 'assistant', ['A yellow circle on red.'], 1735689602),
      u2: node('u2', 'a1', ['a2'], 'user', [image('sediment://file_00000000Jpg0000aa'), 'And this photo?'], 1735689603),
      a2: node('a2', 'u2', ['u3'], 'assistant', ['A blue gradient.'], 1735689604),
      u3: node('u3', 'a2', ['a3'], 'user', [image('file-service://file-Missing9z'), image('file-service://file-Fake5Html'), 'Two more.'], 1735689605),
      a3: node('a3', 'u3', [], 'assistant', ['I cannot see those.'], 1735689606),
    },
  };
}

export function chatgptImagesZip(title?: string): Buffer {
  return makeZip({
    'conversations.json': JSON.stringify([chatgptConversation(title)]),
    'chat.html': '<html></html>',
    'file-PngA1b2C3-square.png': PNG,
    'user-Ab12/file_00000000Jpg0000aa-photo.jpg': JPEG,
    'file-Fake5Html-evil.png': FAKE_PNG,
    'file-Unrelated1-other.png': PNG,
  });
}
