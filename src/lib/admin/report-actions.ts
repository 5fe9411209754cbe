// Admin → Reports form posts: dismiss a report, or revoke its link as moderation with the reason the owner will read.
import type { SessionUser } from '../auth/lucia';
import { HttpError } from '../http';
import { dismissReport, revokeFromReport } from '../reports/service';

export type ReportOutcome =
  | { kind: 'redirect'; done: 'dismissed' | 'revoked'; n?: number }
  | { kind: 'error'; reportId: string; field: 'reason' | null; error: HttpError; reason: string };

export function runReportAction(admin: SessionUser, form: FormData, requestUrl: URL): ReportOutcome {
  const action = String(form.get('action') ?? '');
  const id = String(form.get('report_id') ?? '');
  const reason = String(form.get('reason') ?? '');
  try {
    if (action === 'dismiss') {
      dismissReport(admin, id);
      return { kind: 'redirect', done: 'dismissed' };
    }
    if (action === 'revoke') {
      const { closed } = revokeFromReport(admin, id, { reason }, requestUrl);
      return { kind: 'redirect', done: 'revoked', n: closed };
    }
    throw new HttpError('BAD_REQUEST', 'action: unknown action.');
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    return { kind: 'error', reportId: id, field: err.code === 'VALIDATION_ERROR' && action === 'revoke' ? 'reason' : null, error: err, reason };
  }
}
