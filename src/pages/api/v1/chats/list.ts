// Open WebUI's other path for the chat list: the very same handler as /api/v1/chats/.
export { GET } from './index';
