import { Hono } from 'hono';
import type { AppEnv } from '../types';

export const transferRoutes = new Hono<AppEnv>();
