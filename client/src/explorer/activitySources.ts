/**
 * Which sources count a key's activity, in the order of `kmsKeyPolicy.aws.activitySources`: CloudTrail Lake
 * and Athena when their settings name a store or a table, CloudTrail LookupEvents otherwise. A setting that
 * cannot go into a query is reported and its source left out, never sent. Pure (no `vscode`): the store
 * passes a reader of the settings; unit tests check the choices in Node.
 */
import { ActivityQueryError, checkAthena, eventDataStoreId, type AthenaPartition } from '../../../shared/activityQuery';
import type { QuerySource } from '../aws';

/** One source to try. */
export type ActivitySourceChoice =
  | { readonly kind: 'query'; readonly source: QuerySource; readonly label: string; readonly name: string }
  | { readonly kind: 'lookup-events'; readonly label: string };

/** The sources to try, in order, and the settings that were left out (with why). */
export interface ActivitySources {
  readonly sources: readonly ActivitySourceChoice[];
  readonly problems: readonly string[];
}

const PARTITIONS: readonly AthenaPartition[] = ['timestamp', 'region', 'account'];

/** Reads the sources from the `kmsKeyPolicy.aws` settings (`get` returns a setting's value under that section). */
export function activitySourcesFrom(get: (name: string) => unknown): ActivitySources {
  const text = (name: string): string => {
    const v = get(name);
    return typeof v === 'string' ? v.trim() : '';
  };
  const order = get('activitySources');
  const names =
    Array.isArray(order) && order.length > 0 ? order.filter((x): x is string => typeof x === 'string') : ['cloudTrailLake', 'athena', 'lookupEvents'];
  const sources: ActivitySourceChoice[] = [];
  const problems: string[] = [];
  for (const name of [...new Set(names)]) {
    try {
      if (name === 'cloudTrailLake') {
        const store = text('cloudTrailLake.eventDataStore');
        if (store !== '') {
          const id = eventDataStoreId(store);
          sources.push({ kind: 'query', source: { kind: 'lake', eventDataStore: id }, label: `CloudTrail Lake (${id})`, name: id });
        }
      } else if (name === 'athena') {
        const database = text('athena.database');
        const table = text('athena.table');
        if (database !== '' && table !== '') {
          const target = checkAthena({ workgroup: text('athena.workgroup') || 'primary', database, table });
          const listed = get('athena.partitions');
          const partitions = (Array.isArray(listed) ? listed : []).filter((p): p is AthenaPartition => PARTITIONS.includes(p as AthenaPartition));
          const output = text('athena.outputLocation');
          if (output !== '' && !/^s3:\/\/[a-z0-9.-]{3,63}(\/.*)?$/.test(output)) throw new ActivityQueryError(`"${output}" is not an s3:// location.`);
          sources.push({
            kind: 'query',
            source: { kind: 'athena', ...target, partitions, ...(output !== '' ? { outputLocation: output } : {}) },
            label: `Athena (${target.workgroup}:${target.database}.${target.table})`,
            name: `${target.workgroup}:${target.database}.${target.table}`,
          });
        }
      } else if (name === 'lookupEvents') sources.push({ kind: 'lookup-events', label: 'CloudTrail LookupEvents' });
    } catch (e) {
      if (!(e instanceof ActivityQueryError)) throw e;
      problems.push(`${name === 'athena' ? 'Athena' : 'CloudTrail Lake'} is not used: ${e.message}`);
    }
  }
  return { sources, problems };
}
