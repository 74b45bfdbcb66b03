import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { User } from '../users/user.entity';
import { DomainError } from '../common/domain-error';
import { ReferenceData } from '../database/reference-data';
import { buildTree, type TreeNode } from '../common/tree';
import { Department } from './department.entity';
import { DepartmentTree } from './department-tree';

export type DepartmentNode = TreeNode<Pick<Department, 'id' | 'code' | 'name' | 'parentId'>>;

@Injectable()
export class DepartmentsService {
  constructor(
    @InjectRepository(Department) private readonly departments: Repository<Department>,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly referenceData: ReferenceData,
  ) {}

  async tree(): Promise<DepartmentNode[]> {
    const rows = await this.departments.find({ where: { active: true }, order: { code: 'ASC' } });
    return buildTree(
      rows.map((d) => ({ id: d.id, code: d.code, name: d.name, parentId: d.parentId })),
      (d) => d.id,
      (d) => d.parentId,
    );
  }

  /**
   * From this instance's copy of every department, active or not (ReferenceData: current for any request
   * that reported the reference version, as every staff request does). `em`: the caller's transaction,
   * when it has one (never wait for a second pool connection inside one).
   */
  async findById(id: string, em?: EntityManager): Promise<Department | null> {
    return (await this.directory(em)).get(id) ?? null;
  }

  async findByIds(ids: string[], em?: EntityManager): Promise<Department[]> {
    if (ids.length === 0) return [];
    const directory = await this.directory(em);
    return ids.flatMap((id) => directory.get(id) ?? []);
  }

  /** The department tree as it is now (this instance's copy; see `findById`). */
  hierarchy(em?: EntityManager): Promise<DepartmentTree> {
    return this.referenceData.get('department-tree', async (q) => new DepartmentTree((await q.find(Department)).map((d) => Object.freeze(d))), em);
  }

  private directory(em?: EntityManager): Promise<ReadonlyMap<string, Department>> {
    // Frozen: shared by every request of this instance until the next change.
    return this.referenceData.get(
      'departments',
      async (q) => new Map((await q.find(Department)).map((d) => [d.id, Object.freeze(d)])),
      em,
    );
  }

  /** The department's own staff (handlers and its dept_lead), active ones only. */
  staff(departmentId: string, em?: EntityManager): Promise<User[]> {
    return (em ? em.getRepository(User) : this.users).find({
      where: { departmentId, active: true },
      order: { role: 'ASC', username: 'ASC' },
    });
  }

  /** Every department, active or not, for the administrator. */
  all(): Promise<Department[]> {
    return this.departments.find({ order: { code: 'ASC' } });
  }

  async create(input: { code: string; name: string; parentId: string | null }): Promise<Department> {
    if (input.parentId) await this.require(input.parentId, 'parentId');
    if (await this.departments.existsBy({ code: input.code })) throw DomainError.conflict('CODE_TAKEN', `The code ${input.code} is taken`);
    return this.departments.save(this.departments.create(input));
  }

  async update(id: string, changes: { name?: string; parentId?: string | null; active?: boolean }): Promise<Department> {
    if (!(await this.departments.existsBy({ id }))) throw DomainError.notFound('Department');
    if (changes.parentId) {
      await this.require(changes.parentId, 'parentId');
      // A unit cannot move under itself or one of its own units: the tree must stay a tree.
      const [{ cycle }] = await this.departments.query(
        `WITH RECURSIVE up AS (SELECT id, parent_id FROM departments WHERE id = $1
                               UNION ALL SELECT d.id, d.parent_id FROM departments d JOIN up ON d.id = up.parent_id)
         SELECT EXISTS (SELECT 1 FROM up WHERE id = $2) AS cycle`,
        [changes.parentId, id],
      );
      if (cycle) throw DomainError.invalid('DEPARTMENT_CYCLE', 'parentId may not be the department itself or one of its units');
    }
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    if (Object.keys(defined).length > 0) await this.departments.update({ id }, defined);
    return this.departments.findOneByOrFail({ id });
  }

  private async require(id: string, field: string): Promise<void> {
    if (!(await this.departments.existsBy({ id }))) throw DomainError.invalid('UNKNOWN_DEPARTMENT', `${field} is not a department`);
  }
}
