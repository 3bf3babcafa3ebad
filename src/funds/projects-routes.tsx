import { Hono } from 'hono';
import type { AppEnv } from '../types';

export const projectRoutes = new Hono<AppEnv>();
