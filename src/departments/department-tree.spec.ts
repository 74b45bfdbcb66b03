import { DepartmentTree } from './department-tree';

// A district with two street units (one deactivated), a bureau on its own.
const tree = new DepartmentTree([
  { id: 'district', code: 'qcq', name: '清城区', parentId: null, active: true },
  { id: 'streetA', code: 'qcq.fcjd', name: '凤城街道', parentId: 'district', active: true },
  { id: 'streetB', code: 'qcq.dljd', name: '东林街道', parentId: 'district', active: false },
  { id: 'communityA', code: 'qcq.fcjd.sq', name: '社区', parentId: 'streetA', active: true },
  { id: 'bureau', code: 'rsj', name: '市人社局', parentId: null, active: true },
]);

describe('the department tree', () => {
  it("gives a unit's subtree, itself first: what it sees and answers for", () => {
    expect(tree.subtree('district').sort()).toEqual(['communityA', 'district', 'streetA', 'streetB']);
    expect(tree.subtree('district')[0]).toBe('district');
    expect(tree.subtree('streetA')).toEqual(['streetA', 'communityA']);
    expect(tree.subtree('bureau')).toEqual(['bureau']);
  });

  it('gives the units above a unit, itself first', () => {
    expect(tree.ancestors('communityA')).toEqual(['communityA', 'streetA', 'district']);
    expect(tree.ancestors('bureau')).toEqual(['bureau']);
  });

  it('offers only active units to pass a case down to', () => {
    expect(tree.activeChildren('district')).toEqual(['streetA']);
    expect(tree.activeChildren('communityA')).toEqual([]);
  });

  it('survives a cycle in the data', () => {
    const cyclic = new DepartmentTree([
      { id: 'a', code: 'a', name: 'a', parentId: 'b', active: true },
      { id: 'b', code: 'b', name: 'b', parentId: 'a', active: true },
    ]);
    expect(cyclic.ancestors('a')).toEqual(['a', 'b']);
    expect(cyclic.subtree('a').sort()).toEqual(['a', 'b']);
  });
});
