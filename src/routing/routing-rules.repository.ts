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

  /**
   * The rule that routes a category in a region (属地管理): among rules for the category or one of its
   * ancestors, in the region, one of its ancestors, or anywhere, the most specific region wins (exact,
   * then its parent, …, then "anywhere"), then the deepest category. Rules of inactive departments
   * do not count.
   */
  async bestMatch(categoryCode: string, regionCode: string, em?: EntityManager): Promise<RuleWithDepartment | null> {
    const rows: RuleWithDepartment[] = await (em ?? this.rules.manager).query(
      `WITH RECURSIVE
         category_chain AS (
           SELECT code, parent_code, 0 AS up FROM categories WHERE code = $1
           UNION ALL
           SELECT c.code, c.parent_code, chain.up + 1 FROM categories c JOIN category_chain chain ON c.code = chain.parent_code),
         region_chain AS (
           SELECT code, parent_code, 0 AS up FROM regions WHERE code = $2
           UNION ALL
           SELECT r.code, r.parent_code, chain.up + 1 FROM regions r JOIN region_chain chain ON r.code = chain.parent_code)
       ${WITH_DEPARTMENT}
         JOIN category_chain cc ON cc.code = r.category_code
         LEFT JOIN region_chain rc ON rc.code = r.region_code
        WHERE d.active AND (r.region_code IS NULL OR rc.code IS NOT NULL)
        ORDER BY r.region_code IS NULL, rc.up, cc.up
        LIMIT 1`,
      [categoryCode, regionCode],
    );
    return rows[0] ?? null;
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
