/**
 * kmsKeyPolicy/activity: a key's activity from CloudTrail, for the client's AWS Keys view (records it
 * fetched with LookupEvents) and for trail files in the workspace (which the server streams from disk).
 * The analysis is the engine's; this file only gathers the inputs, reports progress (LSP work-done
 * progress), honours cancellation, and turns bad input into InvalidParams errors. Registered by
 * requests.ts, which loads this module (and with it the engine) on the first call.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import {
  ActivityAggregator,
  activityReport,
  AggregateRowsError,
  readAggregateRows,
  summaryFromAggregates,
  grantsFromJson,
  keyActivityOf,
  keyFactsFrom,
  keyStateFrom,
  normaliseKeyArn,
  windowTimeFrom,
  renderActivityJoinMarkdown,
  renderActivityMarkdown,
  type ActivityKeyChoice,
  type ActivityParams,
  type ActivityReportJson,
  type ActivityReportOptions,
  type ActivityResult,
  type PolicyDocument,
} from '../engine';
import { analyseTrailFiles } from '../trailFiles/analyseTrails';
import { expandTrailPaths } from '../trailFiles/trailFiles';
import { policyOf } from './customRequests';
import type { ServerContext } from './serverContext';

type Refusal = ResponseError<ActivityKeyChoice | undefined>;

function invalid(message: string, data?: ActivityKeyChoice): Refusal {
  return new ResponseError(ErrorCodes.InvalidParams, message, data);
}

/** A trail file argument as a path: file URIs and absolute paths only (the client names workspace files). */
function trailPath(text: string): string {
  if (text.startsWith('file:')) return fileURLToPath(text);
  if (path.isAbsolute(text)) return text;
  throw invalid(`Trail files must be file URIs or absolute paths: ${text}`);
}

function time(text: string | undefined, name: string): number | undefined {
  return text === undefined ? undefined : windowTimeFrom(text, name, Date.now());
}

function reportOptions(p: ActivityParams): ActivityReportOptions {
  const grants = p.grants ? grantsFromJson(p.grants, 'grants') : undefined;
  const keyState = p.keyState ? keyStateFrom(p.keyState, 'keyState') : undefined;
  const { keySpec, keyUsage } = keyFactsFrom({ keySpec: p.keySpec, keyUsage: p.keyUsage });
  return {
    ...(grants ? { grants } : {}),
    ...(keyState ? { keyState } : {}),
    ...(keySpec ? { keySpec } : {}),
    ...(keyUsage ? { keyUsage } : {}),
    ...(p.tighten ? { tighten: true } : {}),
    ...(p.truncated ? { truncated: true } : {}),
    ...(p.tightenOnlyComplete ? { tightenOnlyComplete: true } : {}),
    ...(p.source ? { source: p.source } : {}),
  };
}

/** The report of the trail files named, reading them with progress; cancelling the request aborts the reading. */
async function fromTrailFiles(
  ctx: ServerContext,
  p: ActivityParams & { trailFiles: readonly string[] },
  token: CancellationToken,
  inputs: Omit<Parameters<typeof analyseTrailFiles>[0], 'files'>,
): Promise<ActivityReportJson | Refusal> {
  const paths = p.trailFiles.map(trailPath);
  const abort = new AbortController();
  const onCancel = token.onCancellationRequested(() => abort.abort());
  // Client-initiated progress: the client cancels by cancelling the request.
  const progress = p.workDoneToken !== undefined ? ctx.connection.window.attachWorkDoneProgress(p.workDoneToken) : undefined;
  progress?.begin('Reading CloudTrail files', 0, undefined, false);
  try {
    const { files, problems } = await expandTrailPaths(paths);
    if (files.length === 0) return invalid(`No trail files to read: ${problems.join('; ')}`);
    let lastReport = 0;
    const analysis = await analyseTrailFiles(
      { files, ...inputs },
      {
        signal: abort.signal,
        onProgress: (x) => {
          const now = Date.now();
          if (now - lastReport < 200) return;
          lastReport = now;
          const fraction = (x.fileIndex + (x.fileBytes > 0 ? x.bytesRead / x.fileBytes : 1)) / x.files;
          progress?.report(Math.min(99, Math.round(fraction * 100)), `${x.records.toLocaleString('en-US')} records · ${path.basename(x.file)}`);
        },
      },
    );
    if (analysis.kind === 'choose-key')
      return invalid(
        `The trail names ${analysis.keys.length} keys; give the key ARN. Keys: ${analysis.keys.map((k) => `${k.key} (${k.events} events)`).join(', ')}`,
        { keys: analysis.keys },
      );
    if (analysis.kind === 'no-events')
      return invalid(`No KMS events naming a key in ${files.length} trail files (${analysis.summary.stats.records} records read).`);
    return {
      ...analysis.report,
      problems: [...problems, ...analysis.report.problems],
      partial: analysis.report.partial || problems.length > 0,
    };
  } finally {
    onCancel.dispose();
    progress?.done();
  }
}

/** kmsKeyPolicy/activity: the key's activity from the records sent or the trail files named. */
export async function analyseActivity(ctx: ServerContext, p: ActivityParams, token: CancellationToken): Promise<ActivityResult | Refusal> {
  const key = p.keyArn === undefined ? undefined : normaliseKeyArn(p.keyArn);
  if (p.keyArn !== undefined && key === undefined) return invalid(`Not a key ARN: ${p.keyArn}`);
  if (!p.records && !p.trailFiles && !p.aggregate) return invalid('Give the CloudTrail records, the trail files or the aggregate query answer to analyse.');
  const since = time(p.since, 'since');
  const until = time(p.until, 'until');
  const options = reportOptions(p);
  const policy: PolicyDocument | undefined = p.text === undefined && p.uri === undefined ? undefined : (await policyOf(ctx, p)).doc;
  const window = { ...(since !== undefined ? { since } : {}), ...(until !== undefined ? { until } : {}) };
  const scope = { ...(key ? { key } : {}), ...(p.aliases ? { aliases: p.aliases } : {}), ...window };
  let report: ActivityReportJson;
  if (p.trailFiles) {
    const read = await fromTrailFiles(ctx, { ...p, trailFiles: p.trailFiles }, token, {
      ...scope,
      ...(policy ? { policy } : {}),
      ...options,
    });
    if (read instanceof ResponseError) return read;
    report = read;
  } else if (p.aggregate) {
    if (!key) return invalid('Give the key ARN the aggregate query was run for.');
    let rows;
    try {
      rows = readAggregateRows(p.aggregate.columns, p.aggregate.rows, p.aggregate.dialect);
    } catch (e) {
      if (e instanceof AggregateRowsError) return invalid(e.message);
      throw e;
    }
    const summary = summaryFromAggregates(rows, { key, ...window });
    report = activityReport(summary, keyActivityOf(summary)!, policy, options);
  } else {
    const aggregator = new ActivityAggregator(scope);
    for (const r of p.records ?? []) aggregator.add(r);
    const summary = aggregator.finish();
    const activity = keyActivityOf(summary);
    if (!activity) return invalid('Give the key ARN: the records name several keys, or none.');
    report = activityReport(summary, activity, policy, options);
  }
  const title = `Activity of ${report.aliases[0] ?? report.key.slice(report.key.lastIndexOf('/') + 1)}`;
  return { report, markdown: renderActivityMarkdown(report, title), joinMarkdown: renderActivityJoinMarkdown(report) };
}
