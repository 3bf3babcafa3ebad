import { Hono } from 'hono';
import type { AppEnv } from '../types';

export const revenueRoutes = new Hono<AppEnv>();
