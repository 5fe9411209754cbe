// Input checked against a zod schema; the first problem becomes a 422 whose detail is "field: reason" in every language.
import type { z } from 'zod';
import { HttpError, msg, type Message } from './http';
import type { Values } from './i18n/index';

// zod 4 uses a per-parse error map only where the schema gave no wording of its own: this marker tells the two apart.
const ZOD_DEFAULT = '\u0000';
const markDefault = () => ZOD_DEFAULT;

type Issue = z.core.$ZodIssue;

/** The issue's kind as a catalog key and its values: a bounded set, whatever the schema (api.json `invalid*`, `too*`). */
function reasonOf(issue: Issue): { key: string; values: Values } {
  switch (issue.code) {
    case 'invalid_type':
      return { key: 'api.invalidType', values: { expected: String(issue.expected) } };
    case 'too_small': {
      const minimum = Number(issue.minimum);
      if (issue.origin === 'string') return { key: 'api.tooShort', values: { minimum } };
      if (issue.origin === 'array' || issue.origin === 'set') return { key: 'api.tooFewItems', values: { minimum } };
      return { key: 'api.tooSmall', values: { minimum, inclusive: issue.inclusive === false ? 'no' : 'yes' } };
    }
    case 'too_big': {
      const maximum = Number(issue.maximum);
      if (issue.origin === 'string') return { key: 'api.tooLong', values: { maximum } };
      if (issue.origin === 'array' || issue.origin === 'set') return { key: 'api.tooManyItems', values: { maximum } };
      return { key: 'api.tooBig', values: { maximum, inclusive: issue.inclusive === false ? 'no' : 'yes' } };
    }
    case 'invalid_value':
      return { key: 'api.notOneOf', values: { options: issue.values.slice(0, 20).map(String).join(', ') } };
    case 'invalid_format':
      return { key: issue.format === 'email' ? 'api.invalidEmail' : 'api.invalidFormat', values: {} };
    default:
      return { key: 'api.invalidValue', values: {} };
  }
}

/**
 * An issue as a translatable detail naming its field (`body` for the whole input). In English the schema's own words
 * are kept exactly ("password: Use at least 8 characters."); other languages say the issue's kind in their words.
 */
export function issueMessage(issue: Issue): Message {
  const field = issue.path.map(String).join('.').slice(0, 100) || 'body';
  const { key, values } = reasonOf(issue);
  const message = msg(key, { ...values, field });
  if (issue.message !== ZOD_DEFAULT) message.english = `${field}: ${issue.message}`;
  return message;
}

/** The parsed input, or VALIDATION_ERROR (422) for its first problem. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input, { error: markDefault });
  if (result.success) return result.data;
  throw new HttpError('VALIDATION_ERROR', issueMessage(result.error.issues[0]!));
}
