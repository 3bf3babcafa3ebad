// Who may do what with the work funds, as one-line predicates the routes and the pages share.
import type { Role } from '../../db/schema';
import type { CurrentUser } from '../types';

/** Finance keeps the funds; leaders read them (and sign payments at their step). */
export const FUNDS_READ: Role[] = ['admin', 'finance', 'leader'];
export const FUNDS_WRITE: Role[] = ['admin', 'finance'];
/** Signing a step of the chain needs one of these roles and the step's duty (users.duties). */
export const SIGNERS: Role[] = ['finance', 'leader'];
/** Paying out and reversing are the 财务科's own acts. */
export const CASHIERS: Role[] = ['finance'];

export const canWriteFunds = (u: CurrentUser | null) => !!u && FUNDS_WRITE.includes(u.role);
export const canSign = (u: CurrentUser | null) => !!u && SIGNERS.includes(u.role);
export const canPay = (u: CurrentUser | null) => !!u && CASHIERS.includes(u.role);
