// 满意度调查: staff create, open and close a center's yearly survey; agencies answer it.
import { Hono } from 'hono';
import type { AppEnv } from '../types';

export const surveyRoutes = new Hono<AppEnv>();
