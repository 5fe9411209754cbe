// POST /api/v1/admin/reports/{id}/dismiss: closes a report without acting on its link (admins only).
import { endpoint } from '../../../../../../lib/api';
import { requireAdmin } from '../../../../../../lib/auth/permissions';
import { dismissReport } from '../../../../../../lib/reports/service';

export const POST = endpoint((ctx) => dismissReport(requireAdmin(ctx), ctx.params.id ?? ''));
