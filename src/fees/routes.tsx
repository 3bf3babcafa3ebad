import { Hono } from 'hono';
import type { AppEnv } from '../types';

export const feeRoutes = new Hono<AppEnv>();
