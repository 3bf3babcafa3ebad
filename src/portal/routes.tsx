// The agency portal: an auction agency's own transfers, fees, payments and agreement.
import { Hono } from 'hono';
import type { AppEnv } from '../types';

export const portalRoutes = new Hono<AppEnv>();
