import { describe, expect, it } from 'vitest';
import type { CurrentUser } from '../types';
import { auditChanges, selfEditProblems } from './rules';

describe('auditChanges', () => {
  it('shows only the keys an update changed, without timestamps or secrets', () => {
    const before = { id: 1, name: '甲', level: '县', updatedAt: '2020-01-01', passwordHash: 'h1', active: true };
    const after = { id: 1, name: '乙', level: '县', updatedAt: '2020-02-02', passwordHash: 'h2', active: false };
    expect(auditChanges(before, after)).toEqual([
      { key: 'name', before: '甲', after: '乙' },
      { key: 'active', before: '是', after: '否' },
    ]);
  });

  it('shows every value of a create, and nothing for an event without values', () => {
    expect(auditChanges(null, { code: 'A', parentId: null, createdAt: 'x' })).toEqual([
      { key: 'code', after: 'A' }, { key: 'parentId', after: '—' },
    ]);
    expect(auditChanges(null, null)).toEqual([]);
  });
});

describe('selfEditProblems', () => {
  const me: CurrentUser = { id: 7, username: 'a', displayName: 'a', role: 'admin', centerId: 1, agencyId: null };
  const same = { display_name: 'x', role: 'admin' as const, center_id: 1, agency_id: undefined, duties: [], active: true };
  it('lets an admin edit others freely and their own name', () => {
    expect(selfEditProblems(me, 8, { ...same, role: 'staff', active: false, center_id: 2 })).toEqual({});
    expect(selfEditProblems(me, 7, same)).toEqual({});
  });
  it('refuses self-demotion, self-deactivation and moving oneself', () => {
    expect(Object.keys(selfEditProblems(me, 7, { ...same, role: 'staff', active: false, center_id: 2 })).sort()).toEqual(['active', 'center_id', 'role']);
  });
});
