import { Injectable } from '@nestjs/common';
import { Db } from '../database/db';
import type { RoutingRule } from './routing-rule.entity';

export interface RuleWithDepartment extends RoutingRule {
  departmentCode: string;
  departmentName: string;
}

const WITH_DEPARTMENT = `
  SELECT r.id, r.category_code AS "categoryCode", r.region_code AS "regionCode", r.department_id AS "departmentId",
         r.auto_dispatch AS "autoDispatch", r.created_at AS "createdAt",
         d.code AS "departmentCode", d.name AS "departmentName"
    FROM routing_rules r JOIN departments d ON d.id = r.department_id`;

@Injectable()
export class RoutingRulesRepository {
  constructor(private readonly db: Db) {}

  /** Every rule whose department is active: the rules that route (see `bestMatch`). */
  active(): Promise<RuleWithDepartment[]> {
    return this.db.query<RuleWithDepartment>(`${WITH_DEPARTMENT} WHERE d.active`);
  }

  list(): Promise<RuleWithDepartment[]> {
    return this.db.query<RuleWithDepartment>(`${WITH_DEPARTMENT} ORDER BY r.category_code, r.region_code NULLS LAST`);
  }

  findWithDepartment(id: string): Promise<RuleWithDepartment | null> {
    return this.db.one<RuleWithDepartment>(`${WITH_DEPARTMENT} WHERE r.id = $1`, [id]);
  }

  /** Inserts a rule; null when one for the same category and region exists already. */
  async insert(rule: Pick<RoutingRule, 'categoryCode' | 'regionCode' | 'departmentId' | 'autoDispatch'>): Promise<string | null> {
    const rows = await this.db.query<{ id: string }>(
      `INSERT INTO routing_rules (category_code, region_code, department_id, auto_dispatch) VALUES ($1, $2, $3, $4)
       ON CONFLICT ON CONSTRAINT routing_rules_unique_match DO NOTHING RETURNING id`,
      [rule.categoryCode, rule.regionCode, rule.departmentId, rule.autoDispatch],
    );
    return rows[0]?.id ?? null;
  }

  async delete(id: string): Promise<boolean> {
    return (await this.db.query(`DELETE FROM routing_rules WHERE id = $1 RETURNING id`, [id])).length === 1;
  }
}
