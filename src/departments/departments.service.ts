import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { User } from '../users/user.entity';
import { buildTree, type TreeNode } from '../common/tree';
import { Department } from './department.entity';

export type DepartmentNode = TreeNode<Pick<Department, 'id' | 'code' | 'name' | 'parentId'>>;

@Injectable()
export class DepartmentsService {
  constructor(
    @InjectRepository(Department) private readonly departments: Repository<Department>,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}

  async tree(): Promise<DepartmentNode[]> {
    const rows = await this.departments.find({ where: { active: true }, order: { code: 'ASC' } });
    return buildTree(
      rows.map((d) => ({ id: d.id, code: d.code, name: d.name, parentId: d.parentId })),
      (d) => d.id,
      (d) => d.parentId,
    );
  }

  /** `em`: the caller's transaction, when it has one (never wait for a second pool connection inside one). */
  findById(id: string, em?: EntityManager): Promise<Department | null> {
    return (em ? em.getRepository(Department) : this.departments).findOneBy({ id });
  }

  findByIds(ids: string[], em?: EntityManager): Promise<Department[]> {
    return ids.length === 0 ? Promise.resolve([]) : (em ? em.getRepository(Department) : this.departments).findBy({ id: In(ids) });
  }

  /** The department's own staff (handlers and its dept_lead), active ones only. */
  staff(departmentId: string, em?: EntityManager): Promise<User[]> {
    return (em ? em.getRepository(User) : this.users).find({
      where: { departmentId, active: true },
      order: { role: 'ASC', username: 'ASC' },
    });
  }
}
