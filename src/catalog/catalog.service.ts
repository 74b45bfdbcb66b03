import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { buildTree, type TreeNode } from '../common/tree';
import { Category } from './category.entity';
import { Region } from './region.entity';

type CatalogNode = TreeNode<{ code: string; name: string; parentCode: string | null }>;

@Injectable()
export class CatalogService {
  constructor(
    @InjectRepository(Category) private readonly categories: Repository<Category>,
    @InjectRepository(Region) private readonly regions: Repository<Region>,
  ) {}

  async categoryTree(): Promise<CatalogNode[]> {
    return toTree(await this.categories.find({ order: { code: 'ASC' } }));
  }

  async regionTree(): Promise<CatalogNode[]> {
    return toTree(await this.regions.find({ order: { code: 'ASC' } }));
  }

  async categoryExists(code: string, em?: EntityManager): Promise<boolean> {
    return (em ? em.getRepository(Category) : this.categories).existsBy({ code });
  }

  async regionExists(code: string, em?: EntityManager): Promise<boolean> {
    return (em ? em.getRepository(Region) : this.regions).existsBy({ code });
  }
}

function toTree(rows: (Category | Region)[]): CatalogNode[] {
  return buildTree(
    rows.map(({ code, name, parentCode }) => ({ code, name, parentCode })),
    (n) => n.code,
    (n) => n.parentCode,
  );
}
