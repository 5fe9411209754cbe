// Which catalog messages the Share Chat dialog's and the Shared Chats page's scripts are handed (components/I18nData):
// only what the scripts write themselves. What the server already wrote (the public-sharing reason, the page's notices)
// stays out of the page, so a page holds a sentence only when it shows it. tests/unit/i18n-sharing.test.ts checks that
// every key the scripts ask for is here.

/** The dialog's script (share-dialog.ts, share-form.ts and the lib modules they call). */
export const DIALOG_SCRIPT_MESSAGES = [
  'dialog.branchLine', 'dialog.views', 'dialog.clones', 'dialog.cop', 'dialog.createLink', 'dialog.creating', 'dialog.saving', 'dialog.updateLink',
  'dialog.customLinkKeeps', 'dialog.customLinkRandom', 'dialog.customLinkReplaces', 'dialog.err', 'dialog.field', 'dialog.expiredNote',
  'dialog.revokedNote', 'dialog.moderatedNote', 'dialog.moderatedReason', 'dialog.expiry', 'dialog.kind', 'dialog.status', 'dialog.visibility', 'dialog.notice', 'dialog.password',
  'dialog.newPassword', 'dialog.allowDownload', 'dialog.allowIndexing', 'dialog.newLink', 'dialog.scan', 'dialog.part', 'dialog.audience', 'dialog.allBranches',
];

/** The Shared Chats page's scripts, and the dialog it fetches (whose messages do not come with the fragment). */
export const DASHBOARD_SCRIPT_MESSAGES = [
  ...DIALOG_SCRIPT_MESSAGES,
  'dashboard.toast', 'dashboard.selectedCount', 'dashboard.selectHint', 'dashboard.allMatchesSelected', 'dashboard.allOnPageSelected',
  'dashboard.loadMatchesFailed', 'dashboard.statusExpired', 'dashboard.note', 'dashboard.import', 'dashboard.nothingImported',
  'dashboard.alreadyInLibrary', 'dashboard.notAChat', 'dashboard.dragWithoutContent',
  'dashboard.bulkConfirm',
];
