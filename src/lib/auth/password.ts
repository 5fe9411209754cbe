// Password hashing with argon2id (OWASP's recommended parameters); async, so never inside a transaction.
import { hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id; the const enum cannot be imported under verbatimModuleSyntax.
const ARGON2ID = 2;

const options = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 };

export const hashPassword = (password: string): Promise<string> => hash(password, options);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed hash is a failed check, not a crash
  }
}
