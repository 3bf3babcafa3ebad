// Public pages without sign-in: published announcements and deal results (成交公示).
import { Hono } from 'hono';
import type { AppEnv } from '../types';

export const publicRoutes = new Hono<AppEnv>();
