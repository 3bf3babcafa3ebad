import { describe, expect, it } from 'vitest';
import { buildTree, flattenTree, parentProblem, subtreeIds } from './rules';

const rows = [
  { id: 1, code: 'CITY', parent_id: 99 },
  { id: 3, code: 'B-COUNTY', parent_id: 1 },
  { id: 2, code: 'A-COUNTY', parent_id: 1 },
  { id: 4, code: 'TOWN', parent_id: 2 },
];

describe('center tree rules', () => {
  it('builds a tree whose root is the center whose parent is outside the rows', () => {
    const flat = flattenTree(buildTree(rows)).map((x) => `${x.depth}:${x.center.code}`);
    expect(flat).toEqual(['0:CITY', '1:A-COUNTY', '2:TOWN', '1:B-COUNTY']);
  });

  it('finds a center and everything below it', () => {
    expect([...subtreeIds(rows, 2)].sort()).toEqual([2, 4]);
    expect([...subtreeIds(rows, 1)].sort()).toEqual([1, 2, 3, 4]);
  });

  it('allows keeping the current parent, else only a parent in scope', () => {
    expect(parentProblem([1, 2], 99, 99)).toBeNull();
    expect(parentProblem([1, 2], null, null)).toBeNull();
    expect(parentProblem([1, 2], 1, 2)).toBeNull();
    expect(parentProblem([1, 2], 1, 7)).toBe('请选择您管辖范围内的上级中心');
    expect(parentProblem([1, 2], undefined, null)).toBe('请选择上级中心');
    expect(parentProblem([1, 2], 1, null)).toBe('请选择上级中心');
  });
});
