// Who the JSON API serves: the roles that read performance reports. Tokens are issued only to them.
import type { Role } from '../../db/schema';

export const API_ROLES: readonly Role[] = ['admin', 'finance', 'leader'];
