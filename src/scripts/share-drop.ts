// Drops on the Shared Chats page: a chat from this sidebar opens its Share Chat dialog; a chat from another chatshare or
// Open WebUI (its JSON rides in the drag) or an export file is imported first, then the dialog opens for the new copy.
import { postImport, readExportFile, toast } from './library';
import { openShareDialogFor } from './share-dialog-loader';
import { parseChatDrag } from '../lib/chats/drag-payload';

async function importThenShare(body: unknown, what: string, reloadTo?: string): Promise<void> {
  toast(`Importing ${what}…`);
  const result = await postImport(body);
  if (!result) return;
  const first = result.imported[0];
  if (!first) return toast('Nothing could be imported from that.');
  const n = result.imported.length;
  if (await openShareDialogFor(first.id, { changed: true, reloadTo }) === 'opened') {
    toast(n === 1 ? `Imported “${first.title}”. Choose how to share it.` : `Imported ${n} chats. Sharing the first: “${first.title}”.`);
  }
}

/** Handles one drop on the page; `reloadTo` is the view to load once the dialog closes after a change. */
export async function handleDrop(data: DataTransfer, reloadTo?: string): Promise<void> {
  const file = data.files?.[0];
  if (file) {
    const body = await readExportFile(file);
    if (body !== null) await importThenShare(body, file.name, reloadTo);
    return;
  }
  const text = data.getData('application/json') || data.getData('text/plain');
  const drag = parseChatDrag(text);
  if (!drag) {
    if (text.trim()) toast('That is not a chat. Drag a chat from a sidebar, or drop an export file.');
    return;
  }
  // Our own chat (this server, this account): straight to its dialog. The server decides ownership, not the payload.
  const sameServer = !drag.origin || drag.origin === location.origin;
  if (sameServer && await openShareDialogFor(drag.id, { reloadTo, quietIfMissing: true }) !== 'missing') return;
  // Someone else's chat (another server, another account): its JSON must be in the drag, then it becomes ours.
  if (!drag.item) {
    toast('That chat arrived without its content. Drag it again (wait a moment after pressing on it).');
    return;
  }
  await importThenShare([drag.item], drag.title ? `“${drag.title}”` : 'the chat', reloadTo);
}
