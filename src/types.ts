import type { Db } from './db';
import type { Role } from '../db/schema';

export interface CurrentUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  centerId: number;
  agencyId: number | null;
}

export interface ScopeCenter { id: number; code: string; name: string; level: string }

/** What the signed-in user may see: their center and the centers below it, and the current center/year. */
export interface Scope {
  centers: ScopeCenter[];
  centerIds: number[];
  centerId: number;
  year: number;
}

export interface AppOptions {
  publicOrigin?: string;
  /** The OCDS prefix of the public feed's ocids (src/public/ocds.ts); a placeholder when unset. */
  ocdsPrefix?: string;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
}

export type AppEnv = {
  Variables: {
    db: Db;
    options: AppOptions;
    user: CurrentUser | null;
    scope: Scope | null;
    sessionHash: string | null;
    isDemo: boolean;
  };
};
