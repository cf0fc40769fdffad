/** What every page body is made with: the engine, the addresses and the rounds of the data. */
import type { QueryEngine } from '../../core/sql/query-engine.ts';
import type { SlicedQuery } from '../../core/render/shared-query.ts';
import type { Urls } from './addresses.ts';

export interface Context {
  engine: QueryEngine;
  root: string;
  urls: Urls;
  /** Every round in the data, in order: a round keeps its colour on every chart. */
  rounds: string[];
  /** A page's query over one subject, answered with every other page's from one shared query (shared-query.ts). */
  sliced(q: SlicedQuery): string;
}
