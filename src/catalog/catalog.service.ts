import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { buildTree, type TreeNode } from '../common/tree';
import { ReferenceData } from '../database/reference-data';
import { Category } from './category.entity';
import { Region } from './region.entity';

type CatalogNode = TreeNode<{ code: string; name: string; parentCode: string | null }>;

/** Every category and region code with its parent's (null at the top): what intake and routing ask. */
export interface CatalogParents {
  categories: ReadonlyMap<string, string | null>;
  regions: ReadonlyMap<string, string | null>;
}

/** `code`, its parent, its parent's parent … up to the top; empty for an unknown code. */
export function ancestry(parents: ReadonlyMap<string, string | null>, code: string): string[] {
  const chain: string[] = [];
  for (let at: string | null | undefined = code; at != null && parents.has(at) && !chain.includes(at); at = parents.get(at)) {
    chain.push(at);
  }
  return chain;
}

@Injectable()
export class CatalogService {
  constructor(
    @InjectRepository(Category) private readonly categories: Repository<Category>,
    @InjectRepository(Region) private readonly regions: Repository<Region>,
    private readonly referenceData: ReferenceData,
  ) {}

  async categoryTree(): Promise<CatalogNode[]> {
    return toTree(await this.categories.find({ order: { code: 'ASC' } }));
  }

  async regionTree(): Promise<CatalogNode[]> {
    return toTree(await this.regions.find({ order: { code: 'ASC' } }));
  }

  /** This instance's copy of both trees' shape (ReferenceData). Inside a transaction pass its `em`. */
  parents(em?: EntityManager): Promise<CatalogParents> {
    return this.referenceData.get(
      'catalog',
      async (q) => {
        const [categories, regions] = [await q.find(Category), await q.find(Region)];
        return {
          categories: new Map(categories.map((c) => [c.code, c.parentCode])),
          regions: new Map(regions.map((r) => [r.code, r.parentCode])),
        };
      },
      em,
    );
  }

  async categoryExists(code: string, em?: EntityManager): Promise<boolean> {
    return (await this.parents(em)).categories.has(code);
  }

  async regionExists(code: string, em?: EntityManager): Promise<boolean> {
    return (await this.parents(em)).regions.has(code);
  }
}

function toTree(rows: (Category | Region)[]): CatalogNode[] {
  return buildTree(
    rows.map(({ code, name, parentCode }) => ({ code, name, parentCode })),
    (n) => n.code,
    (n) => n.parentCode,
  );
}
