import { Hono } from 'hono';
import type { AppEnv } from '../types';

export const ledgerRoutes = new Hono<AppEnv>();
