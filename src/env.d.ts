/// <reference types="astro/client" />
declare namespace App {
  interface Locals {
    user: import('./lib/auth/lucia').SessionUser | null;
    /** The session token, when the request was authenticated by a session (cookie or Bearer). */
    sessionToken: string | null;
    /** Set by the share gate on /s/* routes that passed it. */
    share: import('./lib/shares/access').GatedShare | null;
    /** The language of this response (src/lib/i18n/locales.ts decides). */
    locale: import('./lib/i18n/locales').Locale;
    /** Translates a catalog key into `locale`. */
    t: import('./lib/i18n/index').Translate;
  }
}
