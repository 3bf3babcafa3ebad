import { Hono } from 'hono';
import type { AppEnv } from '../types';

export const centerRoutes = new Hono<AppEnv>();
