/**
 * Searchable pickers over the reference trees — departments (TreeSelect), categories and regions
 * (Cascader) — and `QuickSelect` for the short fixed lists (诉求类型, 缓急程度), all made for typing:
 * Enter takes the first search match, a digit picks a short list's option at once, and Backspace or
 * Delete on a picker with nothing typed clears it (its × shows on hover and is no tab stop: staff.css).
 */
import { Cascader, Select, TreeSelect, type CascaderProps, type SelectProps, type TreeSelectProps } from 'antd';
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
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

/** Backspace or Delete with nothing typed empties a single-value picker: the keyboard's way to do what its × does. */
const isClearKey = (e: KeyboardEvent) => (e.key === 'Backspace' || e.key === 'Delete') && !e.ctrlKey && !e.metaKey && !e.altKey;

export function DepartmentPicker({ roots, exclude = [], ...props }: DepartmentPickerProps) {
  const ref = useReference();
  const [search, setSearch] = useState('');
  const single = !props.multiple && !props.treeCheckable;
  return (
    <TreeSelect
      showSearch={{ treeNodeFilterProp: 'title', searchValue: search, onSearch: setSearch }}
      treeDefaultExpandAll
      allowClear
      placeholder="搜索或选择单位"
      loading={!ref}
      treeData={departmentOptions(roots ?? ref?.departments ?? [], new Set(exclude))}
      popupMatchSelectWidth={false}
      {...props}
      onBlur={(e) => {
        setSearch('');
        props.onBlur?.(e);
      }}
      onChange={(value, ...rest) => {
        setSearch('');
        props.onChange?.(value, ...rest);
      }}
      onKeyDown={(e) => {
        if (single && isClearKey(e) && !search && props.value) props.onChange?.(undefined, [], {} as never);
        props.onKeyDown?.(e);
      }}
    />
  );
}

export interface CascaderOption {
  value: string;
  label: string;
  children?: CascaderOption[];
}

function catalogOptions(nodes: CatalogNode[]): CascaderOption[] {
  return nodes.map((n) => ({ value: n.code, label: n.name, children: n.children.length ? catalogOptions(n.children) : undefined }));
}

/** A search matches a path when one of its names (or codes) contains what was typed. */
const matches = (input: string, path: CascaderOption[]) => path.some((o) => o.label.includes(input) || o.value.includes(input));

/**
 * The first path the Cascader lists for a search: depth first, a parent before its children, leaves
 * only unless any level may be chosen — the order antd's search list shows.
 */
export function firstMatch(options: CascaderOption[], input: string, anyLevel: boolean): CascaderOption[] | null {
  for (const option of options) {
    const found = (function walk(path: CascaderOption[]): CascaderOption[] | null {
      const node = path[path.length - 1];
      if ((anyLevel || !node.children?.length) && matches(input, path)) return path;
      for (const child of node.children ?? []) {
        const hit = walk([...path, child]);
        if (hit) return hit;
      }
      return null;
    })([option]);
    if (found) return found;
  }
  return null;
}

type CatalogPickerProps = Omit<CascaderProps<CascaderOption>, 'options' | 'multiple' | 'onChange' | 'value'> & {
  kind: 'categories' | 'regions';
  value?: string[];
  onChange?(value: string[] | undefined, selected: CascaderOption[]): void;
};

/**
 * A Cascader with search (`供水` finds 水务 / 供水); any level may be chosen for regions, leaves for
 * categories. Enter takes the first match at once (antd's own list needs an ArrowDown first); after an
 * ArrowUp/ArrowDown, Enter takes the option moved to, as before.
 */
export function CatalogPicker({ kind, value, onChange, onKeyDown, onBlur, ...props }: CatalogPickerProps) {
  const ref = useReference();
  const tree = kind === 'categories' ? ref?.categories : ref?.regions;
  const options = useMemo(() => catalogOptions(tree ?? []), [tree]);
  const anyLevel = props.changeOnSelect ?? kind === 'regions';
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState(false);
  // Whether the user moved through the list since typing: then Enter is antd's to handle.
  const moved = useRef(false);

  const change = (next: string[] | undefined, selected: CascaderOption[]) => {
    setSearch('');
    onChange?.(next, selected);
  };

  return (
    <Cascader<CascaderOption>
      options={options}
      value={value}
      showSearch={{
        filter: matches,
        searchValue: search,
        onSearch: (text) => {
          moved.current = false;
          setSearch(text);
        },
      }}
      open={open}
      onOpenChange={setOpen}
      changeOnSelect={anyLevel}
      expandTrigger="hover"
      placeholder={kind === 'categories' ? '输入关键字搜索分类，如“供水”' : '输入关键字搜索区划，如“清城”'}
      {...props}
      onChange={(next, selected) => change(next as string[] | undefined, (selected ?? []) as CascaderOption[])}
      onBlur={(e) => {
        setSearch('');
        onBlur?.(e);
      }}
      onKeyDown={(e) => {
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') moved.current = true;
        else if (e.key === 'Enter' && search && !moved.current) {
          const path = firstMatch(options, search, anyLevel);
          if (path) {
            e.preventDefault();
            change(
              path.map((o) => o.value),
              path,
            );
            setOpen(false);
          }
        } else if (isClearKey(e) && !search && !open && value?.length && props.allowClear !== false) change(undefined, []);
        onKeyDown?.(e);
      }}
    />
  );
}

export interface QuickOption<V extends string> {
  value: V;
  label: string;
}

type QuickSelectProps<V extends string> = Omit<SelectProps<V>, 'options' | 'showSearch' | 'onChange'> & {
  options: QuickOption<V>[];
  onChange?(value: V): void;
};

/**
 * A short fixed list made for typing: each option shows its number, and typing that digit picks it at
 * once; typing the start of a name (咨 → 咨询) narrows the list and Enter takes the first left.
 */
export function QuickSelect<V extends string>({ options, onChange, onBlur, ...props }: QuickSelectProps<V>) {
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState(false);
  const numbered = useMemo(() => options.map((o, i) => ({ ...o, key: String(i + 1), search: `${i + 1} ${o.label}` })), [options]);
  return (
    <Select<V, (typeof numbered)[number]>
      options={numbered}
      optionRender={(o) => (
        <span>
          <kbd className="option-key">{o.data.key}</kbd>
          {o.data.label}
        </span>
      )}
      showSearch={{
        optionFilterProp: 'search',
        searchValue: search,
        onSearch: (text) => {
          const picked = numbered.find((o) => o.key === text.trim());
          if (picked) {
            setSearch('');
            setOpen(false);
            onChange?.(picked.value);
          } else setSearch(text);
        },
      }}
      open={open}
      onOpenChange={setOpen}
      {...props}
      onChange={(v) => {
        setSearch('');
        onChange?.(v);
      }}
      onBlur={(e) => {
        setSearch('');
        onBlur?.(e);
      }}
    />
  );
}
