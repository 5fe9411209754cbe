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
    // Open WebUI's sign-in page shows its email and password fields only with enable_login_form; API keys are always on
    // (enable_api_key older clients read, enable_api_keys newer ones); no websocket (live pages poll).
    features: {
      auth: true, enable_signup: users === 0 || c.ENABLE_SIGNUP, enable_community_sharing: c.ENABLE_COMMUNITY_SHARING,
      enable_login_form: true, enable_api_key: true, enable_api_keys: true, enable_websocket: false,
    },
  };
});
