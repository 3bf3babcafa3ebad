import { Hono } from 'hono';
import type { AppEnv } from '../types';

export const announcementRoutes = new Hono<AppEnv>();
