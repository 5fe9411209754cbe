// npm run make-admin -- you@example.com: makes an existing account an admin, straight in DATA_DIR's database. For an
// instance whose admins are gone (or locked out); the running server picks the change up on the next request.
import { nowSeconds } from '../src/lib/db';
import { promoteByEmail } from '../src/lib/users/store';

const email = process.argv[2];
if (!email) {
  console.error('usage: npm run make-admin -- <email of an existing account>');
  process.exit(2);
}
if (!promoteByEmail(email, nowSeconds())) {
  console.error(`chatshare: no account has the email ${email}`);
  process.exit(1);
}
console.log(`chatshare: ${email} is now an admin`);
