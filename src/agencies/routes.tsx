import { Hono } from 'hono';
import type { AppEnv } from '../types';

export const agencyRoutes = new Hono<AppEnv>();
