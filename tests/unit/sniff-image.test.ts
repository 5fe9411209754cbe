// Kept images are typed by their first bytes, never by their name: PNG, JPEG, GIF and WebP only; SVG and HTML never.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { fileIdOfUrl, sniffImage } from '../../src/lib/files/sniff';

describe('sniffImage', () => {
  it('knows the four image types by their magic bytes', () => {
    expect(sniffImage(fs.readFileSync('tests/fixtures/square.png'))).toBe('image/png');
    expect(sniffImage(fs.readFileSync('tests/fixtures/photo.jpg'))).toBe('image/jpeg');
    expect(sniffImage(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00', 'latin1'))).toBe('image/gif');
    expect(sniffImage(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe('image/webp');
  });

  it('refuses SVG, HTML, a truncated header and a RIFF that is not WebP', () => {
    expect(sniffImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBeNull();
    expect(sniffImage(Buffer.from('<html><script>alert(1)</script></html>'))).toBeNull();
    expect(sniffImage(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toBeNull();
    expect(sniffImage(Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt ', 'latin1'))).toBeNull();
  });
});

describe('fileIdOfUrl', () => {
  it('reads only our own file URLs', () => {
    expect(fileIdOfUrl('/api/v1/files/AbCdEfGhIjKlMnOpQrStUv/content')).toBe('AbCdEfGhIjKlMnOpQrStUv');
    for (const url of ['https://evil.example/api/v1/files/AbCdEfGhIjKlMnOpQrStUv/content', '/api/v1/files/../x/content', 'data:image/png;base64,AAAA', '/api/v1/files/short/content', 42]) {
      expect(fileIdOfUrl(url)).toBeNull();
    }
  });
});
