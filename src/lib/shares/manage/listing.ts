// The owner's list of shares (dashboard and management API): query parameters validated once, then one filtered query.
import { z } from 'zod';
import { parseInput } from '../../auth/users';

export const ORDER_COLUMNS = ['title', 'created_at', 'updated_at', 'share_id', 'is_public', 'has_password', 'views', 'clones', 'status', 'type'] as const;
export type OrderColumn = (typeof ORDER_COLUMNS)[number];

const bool = () => z.enum(['true', 'false'], { message: 'must be true or false' }).transform((v) => v === 'true');
const seconds = () => z.string().regex(/^\d{1,12}$/, 'must be a date in unix seconds').transform(Number);
const int = (min: number, max: number) => z.string().regex(/^\d{1,9}$/, 'must be a whole number').transform(Number)
  .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const filterSchema = z.object({
  query: z.string().max(200, 'is too long (200 characters at most)').optional(),
  start_date: seconds().optional(),
  end_date: seconds().optional(),
  is_public: bool().optional(),
  password: bool().optional(),
  status: z.enum(['active', 'expired', 'revoked', 'all'], { message: 'must be active, expired or revoked' }).optional(),
  type: z.enum(['snapshot', 'live', 'all'], { message: 'must be snapshot or live' }).optional(),
});
const pageSchema = filterSchema.extend({
  page: int(1, 1_000_000).default(1),
  page_size: int(1, 100).default(20),
  order_by: z.enum(ORDER_COLUMNS, { message: `must be one of ${ORDER_COLUMNS.join(', ')}` }).default('updated_at'),
  direction: z.enum(['asc', 'desc'], { message: 'must be asc or desc' }).default('desc'),
});

// The admin's moderation list: the same parameters plus the owner.
const adminPageSchema = pageSchema.extend({ user_id: z.string().max(100, 'is too long').optional() });

export type ShareFilters = z.output<typeof filterSchema>;
export type ShareListQuery = z.output<typeof pageSchema>;

/** Reads the known parameters (first value of each; empty values count as absent). Bad values are 422 naming them. */
function fromParams(params: URLSearchParams, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const k of keys) {
    const v = params.get(k);
    if (v !== null && v.trim() !== '') out[k] = v.trim();
  }
  return out;
}

export const parseShareFilters = (params: URLSearchParams): ShareFilters => parseInput(filterSchema, fromParams(params, Object.keys(filterSchema.shape)));
export const parseShareListQuery = (params: URLSearchParams): ShareListQuery => parseInput(pageSchema, fromParams(params, Object.keys(pageSchema.shape)));
export const parseAdminShareListQuery = (params: URLSearchParams) => parseInput(adminPageSchema, fromParams(params, Object.keys(adminPageSchema.shape)));
