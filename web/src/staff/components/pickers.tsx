/** Searchable pickers over the reference trees: departments (TreeSelect), categories and regions (Cascader). */
import { Cascader, TreeSelect, type CascaderProps, type TreeSelectProps } from 'antd';
import type { CatalogNode, DepartmentNode } from '../../shared/types';
import { useReference } from '../reference';

interface TreeOption {
  value: string;
  title: string;
  label: string;
  disabled?: boolean;
  children: TreeOption[];
}

function departmentOptions(nodes: DepartmentNode[], exclude: ReadonlySet<string>): TreeOption[] {
  return nodes.map((d) => ({
    value: d.id,
    title: d.name,
    label: d.name,
    disabled: exclude.has(d.id),
    children: departmentOptions(d.children, exclude),
  }));
}

type DepartmentPickerProps = Omit<TreeSelectProps, 'treeData'> & {
  /** Only these trees (e.g. one's own child units); the whole city by default. */
  roots?: DepartmentNode[];
  exclude?: string[];
};

export function DepartmentPicker({ roots, exclude = [], ...props }: DepartmentPickerProps) {
  const ref = useReference();
  return (
    <TreeSelect
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      allowClear
      placeholder="搜索或选择单位"
      loading={!ref}
      treeData={departmentOptions(roots ?? ref?.departments ?? [], new Set(exclude))}
      popupMatchSelectWidth={false}
      {...props}
    />
  );
}

interface CascaderOption {
  value: string;
  label: string;
  children?: CascaderOption[];
}

function catalogOptions(nodes: CatalogNode[]): CascaderOption[] {
  return nodes.map((n) => ({ value: n.code, label: n.name, children: n.children.length ? catalogOptions(n.children) : undefined }));
}

type CatalogPickerProps = Omit<CascaderProps<CascaderOption>, 'options' | 'multiple'> & { kind: 'categories' | 'regions' };

/** A Cascader with search (`供水` finds 水务 / 供水); any level may be chosen for regions, leaves for categories. */
export function CatalogPicker({ kind, ...props }: CatalogPickerProps) {
  const ref = useReference();
  return (
    <Cascader<CascaderOption>
      options={catalogOptions((kind === 'categories' ? ref?.categories : ref?.regions) ?? [])}
      showSearch={{ filter: (input, path) => path.some((o) => o.label.includes(input) || o.value.includes(input)) }}
      changeOnSelect={kind === 'regions'}
      expandTrigger="hover"
      placeholder={kind === 'categories' ? '输入关键字搜索分类，如“供水”' : '输入关键字搜索区划，如“清城”'}
      {...props}
    />
  );
}
