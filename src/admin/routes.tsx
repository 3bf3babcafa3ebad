import { Hono } from 'hono';
import { allow } from '../auth/access';
import type { AppEnv } from '../types';
import { auditRoutes } from './audit-routes';
import { userRoutes } from './users-routes';
import { tokenRoutes } from './token-routes';
import { calendarRoutes } from '../calendar/routes';

export const adminRoutes = new Hono<AppEnv>();

adminRoutes.get('/', allow('admin'), (c) => c.redirect('/admin/users', 303));
adminRoutes.route('/users', userRoutes);
adminRoutes.route('/audit', auditRoutes);
adminRoutes.route('/tokens', tokenRoutes);
adminRoutes.route('/calendar', calendarRoutes);
