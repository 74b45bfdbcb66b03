import type { ReactNode } from 'react';
import type { CaseQuery, CaseVerb } from '../../shared/types';
import { CaseActionBar } from '../actions/ActionBar';
import { useCaseList, type CaseListState } from '../useCaseList';
import { CaseTable, type CaseColumn } from './CaseTable';

interface Props {
  query: CaseQuery;
  columns?: CaseColumn[];
  /** The quick actions offered on each row, when the server lists them in the case's `allowedActions`. */
  actions?: CaseVerb[];
  emptyText?: string;
  height?: number | string;
  /** Extra content above the table, given the live list (e.g. a count). */
  header?: (list: CaseListState) => ReactNode;
}

/** A live queue: the list for `query`, kept current by `/live`, with quick actions on each row. */
export function CaseQueue({ query, columns, actions, emptyText, height, header }: Props) {
  const list = useCaseList(query);
  return (
    <>
      {header?.(list)}
      <CaseTable
        list={list}
        columns={columns}
        height={height}
        emptyText={emptyText}
        actions={actions ? (c) => <CaseActionBar c={c} only={actions} size="small" onChanged={list.upsert} onStale={() => list.recheck(c.id)} /> : undefined}
      />
    </>
  );
}
