// GET /api/v1/users/{id}/profile/image: Open WebUI's path for a user's picture; the same answer as /users/{id}/avatar.
export { GET } from '../avatar';
