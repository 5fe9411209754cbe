// Which environment turns the administrators' audience bypass off: Open WebUI's BYPASS_ADMIN_ACCESS_CONTROL (the name
// its docs give) or ENABLE_ADMIN_CHAT_ACCESS (the flag its shared-chat routes read); on when neither says false.
import { describe, expect, it } from 'vitest';
import { adminBypassFrom } from '../../src/lib/config';

describe('adminBypassFrom', () => {
  it('is on by default and off when either Open WebUI name says false', () => {
    expect(adminBypassFrom({})).toBe(true);
    expect(adminBypassFrom({ BYPASS_ADMIN_ACCESS_CONTROL: 'True' })).toBe(true);
    expect(adminBypassFrom({ BYPASS_ADMIN_ACCESS_CONTROL: '' })).toBe(true);
    expect(adminBypassFrom({ BYPASS_ADMIN_ACCESS_CONTROL: 'false' })).toBe(false);
    expect(adminBypassFrom({ BYPASS_ADMIN_ACCESS_CONTROL: ' FALSE ' })).toBe(false);
    expect(adminBypassFrom({ BYPASS_ADMIN_ACCESS_CONTROL: '0' })).toBe(false);
    expect(adminBypassFrom({ ENABLE_ADMIN_CHAT_ACCESS: 'False' })).toBe(false);
    expect(adminBypassFrom({ BYPASS_ADMIN_ACCESS_CONTROL: 'true', ENABLE_ADMIN_CHAT_ACCESS: 'off' })).toBe(false);
  });
});
