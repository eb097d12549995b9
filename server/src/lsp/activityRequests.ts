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
import type { ActivityKeyChoice, ActivityParams, ActivityResult, ActivityResultWithJoin, ActivityReport } from '../../../shared/protocol';
import { analyseTrailFiles } from '../trailFiles/analyseTrails';
import { expandTrailPaths } from '../trailFiles/trailFiles';
import {
  ActivityAggregator,
  activityReport,
  keyActivityOf,
  KEY_STATES,
  normaliseKeyArn,
  renderActivityJoinMarkdown,
  renderActivityMarkdown,
  type ActivityReportJson,
  type ActivityReportOptions,
  type KeyState,
  type PolicyDocument,
  grantsFromJson,
  InputError,
  readTime,
} from '../engine';
import type { ServerContext } from './serverContext';
import { runSafe } from './runSafe';

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
  if (text === undefined) return undefined;
  const t = readTime(text, Date.now());
  if (t === undefined) throw invalid(`${name} is not a time: ${text}`);
  return t;
}

async function policyOf(ctx: ServerContext, p: ActivityParams): Promise<PolicyDocument | undefined> {
  if (p.text === undefined && p.uri === undefined) return undefined;
  const service = await ctx.serviceFor(p.uri ?? '');
  if (p.text !== undefined) return service.parse(p.text, p.uri);
  const document = ctx.documents.get(p.uri!);
  if (!document) throw invalid(`No open document ${p.uri} and no text given.`);
  return ctx.models.parsed(document, service);
}

function reportOptions(p: ActivityParams): ActivityReportOptions {
  let grants;
  try {
    grants = p.grants ? grantsFromJson(p.grants, 'grants') : undefined;
  } catch (e) {
    if (e instanceof InputError) throw invalid(e.message);
    throw e;
  }
  const keyState = p.keyState && (KEY_STATES as readonly string[]).includes(p.keyState) ? (p.keyState as KeyState) : undefined;
  return {
    ...(grants ? { grants } : {}),
    ...(keyState ? { keyState } : {}),
    ...(p.keySpec ? { keySpec: p.keySpec } : {}),
    ...(p.keyUsage ? { keyUsage: p.keyUsage } : {}),
    ...(p.tighten ? { tighten: true } : {}),
    ...(p.truncated ? { truncated: true } : {}),
  };
}

/** kmsKeyPolicy/activity: the key's activity from the records sent or the trail files named. */
export async function analyseActivity(ctx: ServerContext, p: ActivityParams, token: CancellationToken): Promise<ActivityResult | Refusal> {
  const { connection } = ctx;
  const key = p.keyArn === undefined ? undefined : normaliseKeyArn(p.keyArn);
  if (p.keyArn !== undefined && key === undefined) return invalid(`Not a key ARN: ${p.keyArn}`);
  if (!p.records && !p.trailFiles) return invalid('Give the CloudTrail records or the trail files to analyse.');
  let since: number | undefined;
  let until: number | undefined;
  let options: ActivityReportOptions;
  let policy: PolicyDocument | undefined;
  try {
    since = time(p.since, 'since');
    until = time(p.until, 'until');
    options = reportOptions(p);
    policy = await policyOf(ctx, p);
  } catch (e) {
    if (e instanceof ResponseError) return e;
    throw e;
  }
  const window = { ...(since !== undefined ? { since } : {}), ...(until !== undefined ? { until } : {}) };
  const result = await runSafe(connection.console, 'activity', token, undefined, async (): Promise<ActivityResult | Refusal> => {
    let report: ActivityReportJson;
    if (p.trailFiles) {
      const abort = new AbortController();
      const onCancel = token.onCancellationRequested(() => abort.abort());
      // Client-initiated progress: the client cancels by cancelling the request.
      const progress = p.workDoneToken !== undefined ? connection.window.attachWorkDoneProgress(p.workDoneToken) : undefined;
      progress?.begin('Reading CloudTrail files', 0, undefined, false);
      try {
        let paths: string[];
        try {
          paths = p.trailFiles.map(trailPath);
        } catch (e) {
          if (e instanceof ResponseError) return e;
          throw e;
        }
        const { files, problems } = await expandTrailPaths(paths);
        if (files.length === 0) return invalid(`No trail files to read: ${problems.join('; ')}`);
        let lastReport = 0;
        const analysis = await analyseTrailFiles(
          { files, ...(key ? { key } : {}), ...(p.aliases ? { aliases: p.aliases } : {}), ...window, ...(policy ? { policy } : {}), ...options },
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
        if (analysis.kind === 'choose-key') return invalid(`The trail names ${analysis.keys.length} keys; give the key ARN. Keys: ${analysis.keys.map((k) => `${k.key} (${k.events} events)`).join(', ')}`, { keys: analysis.keys });
        if (analysis.kind === 'no-events') return invalid(`No KMS events naming a key in ${files.length} trail files (${analysis.summary.stats.records} records read).`);
        report = { ...analysis.report, problems: [...problems, ...analysis.report.problems], partial: analysis.report.partial || problems.length > 0 };
      } finally {
        onCancel.dispose();
        progress?.done();
      }
    } else {
      const aggregator = new ActivityAggregator({ ...(key ? { key } : {}), ...(p.aliases ? { aliases: p.aliases } : {}), ...window });
      for (const r of p.records ?? []) aggregator.add(r);
      const summary = aggregator.finish();
      const activity = keyActivityOf(summary);
      if (!activity) return invalid('Give the key ARN: the records name several keys, or none.');
      report = activityReport(summary, activity, policy, options);
    }
    const title = `Activity of ${report.aliases[0] ?? report.key.slice(report.key.lastIndexOf('/') + 1)}`;
    const answer: ActivityResultWithJoin = { report: report as unknown as ActivityReport, markdown: renderActivityMarkdown(report, title), joinMarkdown: renderActivityJoinMarkdown(report) };
    return answer;
  });
  if (result === undefined) return new ResponseError(ErrorCodes.InternalError, 'The activity analysis failed; see the server log.', undefined);
  // runSafe answers a cancelled request with a ResponseError of its own (no data).
  return result as ActivityResult | Refusal;
}
