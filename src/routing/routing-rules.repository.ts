import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { RoutingRule } from './routing-rule.entity';

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
  constructor(@InjectRepository(RoutingRule) private readonly rules: Repository<RoutingRule>) {}

  /** Every rule whose department is active: the rules that route (see `bestMatch`). */
  active(em?: EntityManager): Promise<RuleWithDepartment[]> {
    return (em ?? this.rules.manager).query(`${WITH_DEPARTMENT} WHERE d.active`);
  }

  list(): Promise<RuleWithDepartment[]> {
    return this.rules.query(`${WITH_DEPARTMENT} ORDER BY r.category_code, r.region_code NULLS LAST`);
  }

  async findWithDepartment(id: string): Promise<RuleWithDepartment | null> {
    const rows: RuleWithDepartment[] = await this.rules.query(`${WITH_DEPARTMENT} WHERE r.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Inserts a rule; null when one for the same category and region exists already. */
  async insert(rule: Pick<RoutingRule, 'categoryCode' | 'regionCode' | 'departmentId' | 'autoDispatch'>): Promise<string | null> {
    const rows: { id: string }[] = await this.rules.query(
      `INSERT INTO routing_rules (category_code, region_code, department_id, auto_dispatch) VALUES ($1, $2, $3, $4)
       ON CONFLICT ON CONSTRAINT routing_rules_unique_match DO NOTHING RETURNING id`,
      [rule.categoryCode, rule.regionCode, rule.departmentId, rule.autoDispatch],
    );
    return rows[0]?.id ?? null;
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.rules.delete({ id });
    return result.affected === 1;
  }
}
