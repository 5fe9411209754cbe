// GET /api/config (no sign-in): the instance's public features, in the shape Open WebUI clients read.
import { endpoint } from '../../lib/api';
import { adminConfig } from '../../lib/settings/instance';
import { countUsers } from '../../lib/users/store';
import pkg from '../../../package.json';

export const GET = endpoint(() => {
  const c = adminConfig();
  const users = countUsers();
  return {
    status: true, name: 'chatshare', version: pkg.version, default_locale: 'en',
    // The first account can always be made (it becomes the admin), whatever ENABLE_SIGNUP says.
    onboarding: users === 0,
    features: { auth: true, enable_signup: users === 0 || c.ENABLE_SIGNUP, enable_community_sharing: c.ENABLE_COMMUNITY_SHARING },
  };
});
