import { Hono } from 'hono';
import type { AppEnv } from '../types';

export const monitoringRoutes = new Hono<AppEnv>();
