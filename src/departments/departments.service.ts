import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '../common/domain-error';
import { buildTree, type TreeNode } from '../common/tree';
import { ReferenceData } from '../database/reference-data';
import type { Department } from './department.entity';
import { type DepartmentNode, DepartmentTree } from './department-tree';
import { DepartmentsRepository } from './departments.repository';

export type DepartmentTreeNode = TreeNode<Pick<Department, 'id' | 'code' | 'name' | 'parentId'>>;

/**
 * The departments (承办单位). Reads come from this instance's copy of every department (ReferenceData:
 * current for any request that reported the reference version, as every staff request does).
 */
@Injectable()
export class DepartmentsService {
  constructor(
    private readonly departments: DepartmentsRepository,
    private readonly referenceData: ReferenceData,
  ) {}

  /** The active departments as a tree, for pickers. */
  async tree(): Promise<DepartmentTreeNode[]> {
    const active = [...(await this.hierarchy()).all()].filter((d) => d.active).sort((a, b) => a.code.localeCompare(b.code));
    return buildTree(
      active.map(({ id, code, name, parentId }) => ({ id, code, name, parentId })),
      (d) => d.id,
      (d) => d.parentId,
    );
  }

  async findById(id: string): Promise<DepartmentNode | null> {
    return (await this.hierarchy()).get(id) ?? null;
  }

  async findByIds(ids: string[]): Promise<DepartmentNode[]> {
    if (ids.length === 0) return [];
    const tree = await this.hierarchy();
    return ids.flatMap((id) => tree.get(id) ?? []);
  }

  /** The department tree as it is now. */
  hierarchy(): Promise<DepartmentTree> {
    // Frozen: shared by every request of this instance until the next change.
    return this.referenceData.get('departments', async () => new DepartmentTree((await this.departments.all()).map(({ id, code, name, parentId, active }) => Object.freeze({ id, code, name, parentId, active }))));
  }

  /** Every department, active or not, for the administrator. */
  all(): Promise<Department[]> {
    return this.departments.all();
  }

  async create(input: { code: string; name: string; parentId: string | null }): Promise<Department> {
    if (input.parentId) await this.require(input.parentId, 'parentId');
    const created = await this.departments.insert(input);
    if (!created) throw DomainError.conflict(ErrorCode.CODE_TAKEN, `The code ${input.code} is taken`);
    return created;
  }

  async update(id: string, changes: { name?: string; parentId?: string | null; active?: boolean }): Promise<Department> {
    if (changes.parentId) {
      await this.require(changes.parentId, 'parentId');
      // A unit cannot move under itself or one of its own units: the tree must stay a tree.
      if (await this.departments.isAtOrAbove(changes.parentId, id)) {
        throw DomainError.invalid(ErrorCode.DEPARTMENT_CYCLE, 'parentId may not be the department itself or one of its units');
      }
    }
    if (changes.active === false) {
      // 谁主管谁负责: every open case keeps an owner who can act. A department still holding cases is
      // deactivated once they are closed or have moved on (returned, or passed down to a unit).
      const open = await this.departments.openCasesOwned(id);
      if (open > 0) {
        throw DomainError.conflict(
          ErrorCode.DEPARTMENT_HOLDS_CASES,
          `This department still owns ${open} open case(s): they need an owner who can act, so it can be deactivated once none is left`,
        );
      }
    }
    const updated = await this.departments.update(id, changes);
    if (!updated) throw DomainError.notFound('Department');
    return updated;
  }

  private async require(id: string, field: string): Promise<void> {
    if (!(await this.departments.all()).some((d) => d.id === id)) {
      throw DomainError.invalid(ErrorCode.UNKNOWN_DEPARTMENT, `${field} is not a department`);
    }
  }
}
