// Which catalog messages the Shared Chats page hands its scripts: what they say themselves (toasts, selection counts,
// status lines, drops) and the Share Chat dialog they fetch, whose own messages do not come with it. What the server
// already wrote (notices, headers) stays out of the page.
export const DASHBOARD_SCRIPT_MESSAGES = [
  'dialog.', 'dashboard.toast', 'dashboard.selectedCount', 'dashboard.selectHint', 'dashboard.allMatchesSelected', 'dashboard.allOnPageSelected',
  'dashboard.loadMatchesFailed', 'dashboard.statusExpired', 'dashboard.note', 'dashboard.import', 'dashboard.nothingImported',
  'dashboard.alreadyInLibrary', 'dashboard.fileTooLarge', 'dashboard.notJson', 'dashboard.notAChat', 'dashboard.dragWithoutContent',
];
