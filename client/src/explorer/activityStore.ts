/**
 * The activity of live keys: CloudTrail events fetched with LookupEvents (filtered on the key ARN, paged, in
 * a cancellable progress notification, over a window of `kmsKeyPolicy.aws.activityDays`, 90 by default), the
 * key's policy, and the server's analysis of both. The events are kept per key so that a tightened policy can
 * be drafted, or the live who-can report set beside them, without fetching them again.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ActivityRequest, type ActivityParams, type ActivityResult } from '../../../shared/protocol';
import { AwsApiError, isAbortError, isDenied, QueryCancelledError, QueryFailedError, type AwsSession, type KmsKeySummary } from '../aws';
import type { ActivityState } from './activityModel';
import { activitySourcesFrom, type ActivitySourceChoice } from './activitySources';
import { grantForWhoCan, keyTitle } from './awsKeysModel';
import type { AwsConnection } from './awsKeysSession';

const DAY_MS = 86_400_000;
/** LookupEvents keeps 90 days; fetching stops after this many events (the report then says it is partial). */
export const MAX_EVENTS = 5000;

/** The window of the Activity row in days, from the settings (1–90). */
export function activityDays(): number {
  const days = vscode.workspace.getConfiguration('kmsKeyPolicy.aws').get<number>('activityDays', 90);
  return Number.isFinite(days) ? Math.min(90, Math.max(1, Math.round(days))) : 90;
}

/** A loaded key's inputs, kept for drafting a tightened policy again: the records, or the aggregate query's answer. */
interface Inputs {
  readonly data: Pick<ActivityParams, 'records' | 'aggregate'>;
  readonly since: Date;
  readonly params: Omit<ActivityParams, 'records' | 'aggregate' | 'text' | 'tighten'>;
}

/** What one source gave: the analysis inputs, or why it did not answer. */
type SourceResult = { readonly data: Inputs['data']; readonly params: Partial<ActivityParams> } | { readonly failed: string };

/** The loaded state, with the Markdown report. */
export type LoadedActivity = Extract<ActivityState, { status: 'loaded' }> & { readonly markdown: string };

/** A key's activity analysed with a given policy text, or why it could not be. */
export type JoinedActivity =
  { readonly status: 'joined'; readonly result: ActivityResult; readonly days: number } | { readonly status: 'unavailable'; readonly reason: string };

/** Activity per key ARN. */
export class ActivityStore implements vscode.Disposable {
  private readonly states = new Map<string, ActivityState | LoadedActivity>();
  private readonly inputs = new Map<string, Inputs>();
  private readonly running = new Map<string, { controller: AbortController; done: Promise<ActivityState> }>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the key ARN whenever a key's activity state changes. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly client: Pick<LanguageClient, 'sendRequest'>,
    private readonly connection: AwsConnection,
  ) {}

  dispose(): void {
    for (const r of this.running.values()) r.controller.abort();
    this.changed.dispose();
  }

  /** The state of a key's activity. */
  state(arn: string): ActivityState | LoadedActivity {
    return this.states.get(arn) ?? { status: 'idle' };
  }

  private set(arn: string, state: ActivityState | LoadedActivity): void {
    this.states.set(arn, state);
    this.changed.fire(arn);
  }

  /** Forgets every key (after the profile or endpoint changed). */
  clear(): void {
    for (const r of this.running.values()) r.controller.abort();
    const arns = [...this.states.keys()];
    this.states.clear();
    this.inputs.clear();
    for (const arn of arns) this.changed.fire(arn);
  }

  /** Reads a key's activity (again); a read already running for the key is reused unless `force`. */
  load(region: string, key: KmsKeySummary, force = false): Promise<ActivityState> {
    const running = this.running.get(key.arn);
    if (running && !force) return running.done;
    running?.controller.abort();
    const controller = new AbortController();
    const done = this.read(region, key, controller).finally(() => {
      if (this.running.get(key.arn)?.controller === controller) this.running.delete(key.arn);
    });
    this.running.set(key.arn, { controller, done });
    return done;
  }

  private async read(region: string, key: KmsKeySummary, controller: AbortController): Promise<ActivityState> {
    const days = activityDays();
    const label = keyTitle(key);
    this.set(key.arn, { status: 'loading', events: 0 });
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Reading the activity of ${label}`, cancellable: true },
        async (progress, token) => {
          const onCancel = token.onCancellationRequested(() => controller.abort());
          try {
            const session = this.connection.require();
            const since = new Date(Date.now() - days * DAY_MS);
            const until = new Date();
            const { sources, problems } = activitySourcesFrom((name) => vscode.workspace.getConfiguration('kmsKeyPolicy.aws').get(name));
            if (sources.length === 0)
              throw new Error(
                `No activity source to use${problems.length > 0 ? `: ${problems.join(' ')}` : ': kmsKeyPolicy.aws.activitySources names none that is configured.'}`,
              );
            const skipped: { kind: string; reason: string }[] = problems.map((reason) => ({ kind: reason.startsWith('Athena') ? 'athena' : 'lake', reason }));
            let got: Exclude<SourceResult, { failed: string }> | undefined;
            for (let i = 0; i < sources.length && got === undefined; i++) {
              const source = sources[i]!;
              const result = await this.readSource(session, source, key.arn, { since, until, signal: controller.signal }, (message) => {
                progress.report({ message });
                this.set(key.arn, { status: 'loading', events: 0, message: `${source.label}: ${message}` });
              });
              if ('failed' in result) {
                skipped.push({ kind: source.kind === 'query' ? source.source.kind : 'lookup-events', reason: result.failed });
                const next = sources[i + 1];
                progress.report({ message: `${source.label} did not answer: ${result.failed}${next ? `; trying ${next.label}` : ''}` });
              } else got = result;
            }
            if (got === undefined) throw new Error(`No activity source answered: ${skipped.map((x) => x.reason).join('; ')}`);
            progress.report({ message: 'reading the key policy' });
            let policy: string | undefined;
            try {
              policy = await session.getKeyPolicy(region, key.id, { signal: controller.signal });
            } catch (error) {
              if (controller.signal.aborted || isAbortError(error)) throw error;
              policy = undefined;
            }
            const sourceFacts = got.params.source!;
            const params: Inputs['params'] = {
              ...got.params,
              source: { ...sourceFacts, ...(skipped.length > 0 ? { skipped } : {}) },
              tightenOnlyComplete: true,
              keyArn: key.arn,
              since: since.toISOString(),
              until: until.toISOString(),
              ...(!isDenied(key.aliases) && key.aliases.length > 0 ? { aliases: key.aliases } : {}),
              ...(!isDenied(key.grants) ? { grants: key.grants.map(grantForWhoCan).filter((g) => g !== undefined) } : {}),
              ...(!isDenied(key.details) ? { keyState: key.details.state, keySpec: key.details.spec, keyUsage: key.details.usage } : {}),
            };
            this.inputs.set(key.arn, { data: got.data, since, params });
            progress.report({ message: 'analysing' });
            const answer = await this.client.sendRequest(ActivityRequest, { ...params, ...got.data, ...(policy !== undefined ? { text: policy } : {}) }, token);
            return policy === undefined
              ? { ...answer, markdown: `> The key policy could not be read, so who can vs who did is not shown.\n\n${answer.markdown}` }
              : answer;
          } finally {
            onCancel.dispose();
          }
        },
      );
      const state: LoadedActivity = { status: 'loaded', report: result.report, days, loadedAt: new Date(), markdown: result.markdown };
      this.set(key.arn, state);
      return state;
    } catch (error) {
      const state: ActivityState =
        controller.signal.aborted || isAbortError(error)
          ? { status: 'cancelled' }
          : {
              status: 'failed',
              error: error instanceof AwsApiError ? `${error.name}: ${error.message}` : error instanceof Error ? error.message : String(error),
            };
      this.set(key.arn, state);
      return state;
    }
  }

  /**
   * The key's activity analysed with `policyText` (the policy a who-can answer was computed from): the events
   * read for the Activity row, read first (with their own cancellable progress) when they are not loaded.
   * Never throws: when CloudTrail cannot be read, or the reading or the analysis is cancelled or fails, says why.
   */
  async join(region: string, key: KmsKeySummary, policyText: string): Promise<JoinedActivity> {
    let state = this.state(key.arn);
    if (state.status !== 'loaded' || !this.inputs.has(key.arn)) state = await this.load(region, key);
    if (state.status === 'failed') return { status: 'unavailable', reason: `CloudTrail could not be read: ${state.error}` };
    if (state.status !== 'loaded') return { status: 'unavailable', reason: 'reading CloudTrail was cancelled' };
    const inputs = this.inputs.get(key.arn);
    if (!inputs) return { status: 'unavailable', reason: 'the events were forgotten (the AWS connection changed); run the report again' };
    try {
      const result = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Setting the activity of ${keyTitle(key)} beside who can`,
          cancellable: true,
        },
        (_p, token) => this.client.sendRequest(ActivityRequest, { ...inputs.params, ...inputs.data, text: policyText }, token),
      );
      return { status: 'joined', result, days: state.days };
    } catch (error) {
      if ((error as { code?: number }).code === -32800) return { status: 'unavailable', reason: 'the analysis was cancelled' };
      return { status: 'unavailable', reason: `the analysis failed: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  /**
   * Drafts a tightened policy from the key's loaded activity and `policyText` (the text the user sees).
   * Undefined when the key's activity was not read.
   */
  async tighten(arn: string, policyText: string, token?: vscode.CancellationToken): Promise<ActivityResult | undefined> {
    const inputs = this.inputs.get(arn);
    if (!inputs) return undefined;
    return this.client.sendRequest(ActivityRequest, { ...inputs.params, ...inputs.data, text: policyText, tighten: true }, token);
  }

  /**
   * Reads one source: the aggregate query (its progress reported, stopped on AWS's side when cancelled), or
   * LookupEvents (paged up to MAX_EVENTS). A query that fails gives its reason, so the next source is tried.
   */
  private async readSource(
    session: AwsSession,
    choice: ActivitySourceChoice,
    arn: string,
    window: { since: Date; until: Date; signal: AbortSignal },
    report: (message: string) => void,
  ): Promise<SourceResult> {
    if (choice.kind === 'query') {
      try {
        report('starting the query');
        const answer = await session.queryKeyActivity(choice.source, arn, {
          ...window,
          onProgress: (state, ms) => report(`query ${state.toLowerCase()} · ${Math.round(ms / 1000)} s (cancel stops it)`),
        });
        return {
          data: { aggregate: { dialect: answer.source, columns: answer.columns, rows: answer.rows } },
          params: {
            source: {
              kind: answer.source,
              name: choice.name,
              queryId: answer.queryId,
              ...(answer.bytesScanned !== undefined ? { bytesScanned: answer.bytesScanned } : {}),
              ...(answer.costUsd !== undefined ? { costUsd: answer.costUsd } : {}),
            },
          },
        };
      } catch (error) {
        if (error instanceof QueryCancelledError) throw Object.assign(new Error(error.message), { name: 'AbortError' });
        if (error instanceof QueryFailedError) return { failed: error.reason };
        throw error;
      }
    }
    let last = 0;
    const { events, truncated } = await session.lookupKeyEvents(arn, {
      since: window.since,
      signal: window.signal,
      maxEvents: MAX_EVENTS,
      onProgress: (n) => {
        if (Date.now() - last > 250) {
          last = Date.now();
          report(`${n} events`);
        }
      },
    });
    const records = events.map((e) => e.record).filter((r): r is Readonly<Record<string, unknown>> => r !== undefined);
    return { data: { records }, params: { source: { kind: 'lookup-events', name: arn.split(':')[3] ?? '' }, ...(truncated ? { truncated } : {}) } };
  }
}
