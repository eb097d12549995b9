/**
 * The offline activity analysis shared by the CLI and the language server: stream trail files into the
 * engine's aggregator, pick the key, and build the report (with who can vs who did when a policy is given).
 */
import {
  ActivityAggregator,
  activityReport,
  keyActivityOf,
  RECORD_MEMBERS,
  type ActivityReportJson,
  type ActivityReportOptions,
  type ActivitySummary,
  type PolicyDocument,
  type RecordMembers,
} from '../engine';
import { readTrailFiles, type TrailReadOptions, type TrailReadResult } from './trailFiles';

/** What to analyse. */
export interface TrailAnalysisInput extends ActivityReportOptions {
  readonly files: readonly string[];
  /** The key ARN; without it the trail must name exactly one key. */
  readonly key?: string;
  readonly aliases?: readonly string[];
  /** Epoch ms. */
  readonly since?: number;
  readonly until?: number;
  /** The key policy (parsed); without it only the activity is reported. */
  readonly policy?: PolicyDocument;
  /** How files are named in messages. */
  readonly display?: (file: string) => string;
}

/** The outcome: a report, or the keys to choose from. */
export type TrailAnalysis =
  | { readonly kind: 'report'; readonly report: ActivityReportJson; readonly read: TrailReadResult }
  | {
      readonly kind: 'choose-key';
      readonly keys: readonly { readonly key: string; readonly events: number }[];
      readonly read: TrailReadResult;
    }
  | { readonly kind: 'no-events'; readonly summary: ActivitySummary; readonly read: TrailReadResult };

/** Streams the files and analyses them. */
export async function analyseTrailFiles(input: TrailAnalysisInput, options: TrailReadOptions = {}): Promise<TrailAnalysis> {
  const aggregator = new ActivityAggregator({
    ...(input.key !== undefined ? { key: input.key } : {}),
    ...(input.aliases ? { aliases: input.aliases } : {}),
    ...(input.since !== undefined ? { since: input.since } : {}),
    ...(input.until !== undefined ? { until: input.until } : {}),
  });
  const sink = {
    record: (r: unknown) => aggregator.add(r),
    memberNames: RECORD_MEMBERS,
    members: (r: RecordMembers) => aggregator.addMembers(r),
    skip: (reason: string) => aggregator.skip(reason),
    wants: (text: string) => aggregator.mayConcern(text),
  };
  const read = await readTrailFiles(input.files, sink, options, input.display);
  const summary = aggregator.finish();
  const activity = keyActivityOf(summary);
  if (!activity) {
    const keys = summary.keys.filter((k) => k.keyKnown).map((k) => ({ key: k.key, events: k.events }));
    if (keys.length === 0) return { kind: 'no-events', summary, read };
    return { kind: 'choose-key', keys, read };
  }
  const report = activityReport(summary, activity, input.policy, { ...input, problems: read.problems });
  return { kind: 'report', report, read };
}
