/**
 * The custom requests the VS Code client's views use (declared in shared/protocol.ts): who-can reports,
 * request simulation, the analysis behind the workspace view and the save flow, and the who-can diff a save
 * confirmation shows. Wiring only: find the policy, read the input with the engine's readers (as the CLI
 * does), ask the engine. They run in the analysis worker (analysisJobs.ts), which gives them the policy
 * sources a job carries; the activity request (activityRequests.ts) reads its policy here too. Nothing here
 * imports the LSP library: the worker loads the engine only. Refusals are InputErrors, answered InvalidParams.
 */
import {
  actionPatternsFrom,
  findKey,
  type HostKey,
  hostAnalyze,
  isHostDocument,
  keyWhoCan,
  grantsFromJson,
  InputError,
  keyFactsFrom,
  keyStateFrom,
  namedLensSummary,
  policyCheck,
  renderDecision,
  requestFromJson,
  SimulationInputError,
  simulateJson,
  simulationRequest,
  whoCanAnswer,
  whoCanDiff,
  type AnalyzeParams,
  type AnalyzeResult,
  type CompareParams,
  type CompareResult,
  type PolicyDocument,
  type PolicyService,
  type PolicySource,
  type SimulateParams,
  type SimulateResult,
  type WhoCanOptions,
  type WhoCanNamedParams,
  type WhoCanNamedResult,
  type WhoCanParams,
  type WhoCanReport,
} from '../engine';
import { parseHints } from './hostReaders';

/** Where a request's policy comes from: the engine for a resource, and the open documents. */
export interface PolicySources {
  /** The engine configured for a resource. */
  serviceFor(uri: string): Promise<PolicyService>;
  /** An open document's parsed model, or undefined when no such document is open. */
  openDocument(uri: string, service: PolicyService): PolicyDocument | undefined;
}

/** The message of an error that means the engine refused the input (answered InvalidParams), else undefined. */
export function refusal(e: unknown): string | undefined {
  return e instanceof InputError || e instanceof SimulationInputError ? e.message : undefined;
}

/** The key facts a request states, as who-can options (each checked for form). */
export function sourceOptions(p: PolicySource): WhoCanOptions {
  const facts = keyFactsFrom({ account: p.account, region: p.region, keyArn: p.keyArn });
  return {
    ...(facts.account ? { account: facts.account } : {}),
    ...(facts.region ? { region: facts.region } : {}),
    ...(facts.keyArn ? { key: facts.keyArn } : {}),
  };
}

/** The document a request is about: the text sent, or an open document's current text. */
export async function policyOf(ctx: PolicySources, p: PolicySource): Promise<{ service: PolicyService; doc: PolicyDocument }> {
  const service = await ctx.serviceFor(p.uri ?? '');
  if (p.text !== undefined) return { service, doc: service.parse(p.text, p.uri, p.uri ? parseHints({ uri: p.uri }) : undefined) };
  const doc = p.uri ? ctx.openDocument(p.uri, service) : undefined;
  if (!doc) throw new InputError(`No open document ${p.uri ?? '(no uri)'} and no text given.`);
  return { service, doc };
}

/** kmsKeyPolicy/whoCan: a named question's report, or who can perform the given actions. */
export async function whoCan(ctx: PolicySources, p: WhoCanParams): Promise<WhoCanReport> {
  const { service, doc } = await policyOf(ctx, p);
  const options: WhoCanOptions = {
    ...sourceOptions(p),
    ...(p.grants ? { grants: grantsFromJson(p.grants, 'grants') } : {}),
    ...(p.keyState ? { keyState: keyStateFrom(p.keyState, 'keyState') } : {}),
  };
  const ask = { ...(p.question ? { question: p.question } : {}), ...(p.actions ? { actions: actionPatternsFrom(p.actions, 'actions') } : {}) };
  if (isHostDocument(doc)) return hostWhoCan(service, doc, p.key, ask, options);
  return whoCanAnswer(service, doc, ask, options);
}

/** Who can, about one key of a template or Terraform file (the first when none is named). */
function hostWhoCan(
  service: PolicyService,
  doc: PolicyDocument,
  keyId: string | undefined,
  ask: Parameters<typeof keyWhoCan>[2],
  options: WhoCanOptions,
): WhoCanReport {
  const key = keyOf(service, doc, keyId);
  return keyWhoCan(service, key, ask, options)!;
}

/** The key of a template or Terraform file a request is about (the first when none is named), with its policy written. */
function keyOf(service: PolicyService, doc: PolicyDocument, keyId: string | undefined): HostKey & { readonly policy: PolicyDocument } {
  const key = findKey(service.keys(doc), keyId);
  if (!key) throw new InputError(keyId === undefined ? 'The file declares no KMS key.' : `The file declares no KMS key "${keyId}".`);
  if (!key.policy) throw new InputError(`The policy of ${key.id} is not known until deployed («${key.openLabel ?? ''}»).`);
  return key as HostKey & { readonly policy: PolicyDocument };
}

/**
 * kmsKeyPolicy/whoCanNamed: who can, by name: the policy joined with the IAM files the client read (or fetched from
 * IAM), with the lens's one-line answer for the view's summary. The engine reads the files and refuses a malformed
 * one with an InputError naming the file.
 */
export async function whoCanNamed(ctx: PolicySources, p: WhoCanNamedParams): Promise<WhoCanNamedResult> {
  if (!Array.isArray(p.iam) || p.iam.length === 0) throw new InputError('Give the IAM data: "iam" is a list of { name, text } authorization-details files.');
  for (const [i, f] of [...p.iam, ...(p.organizations ?? [])].entries()) {
    if (typeof f !== 'object' || f === null || typeof f.name !== 'string' || typeof f.text !== 'string')
      throw new InputError(`IAM file ${i + 1} is not a { name, text } object of strings.`);
  }
  const { service, doc } = await policyOf(ctx, p);
  const { uri: _uri, text: _text, account: _account, region: _region, keyArn: _keyArn, key: keyId, ...named } = p;
  const result = isHostDocument(doc) ? hostWhoCanNamed(service, doc, keyId, named, sourceOptions(p)) : service.whoCanNamed(doc, named, sourceOptions(p));
  return { ...result, summary: namedLensSummary(result.answer) };
}

/** The named answer about one key of a template or Terraform file (the first when none is named). */
function hostWhoCanNamed(
  service: PolicyService,
  doc: PolicyDocument,
  keyId: string | undefined,
  named: Parameters<PolicyService['whoCanNamed']>[1],
  options: WhoCanOptions,
): ReturnType<PolicyService['whoCanNamed']> {
  const key = keyOf(service, doc, keyId);
  return service.whoCanNamed(key.policy, named, { ...key.options, ...options });
}

/** kmsKeyPolicy/simulate: one request evaluated against the policy. */
export async function simulate(ctx: PolicySources, p: SimulateParams): Promise<SimulateResult> {
  const { service, doc } = await policyOf(ctx, p);
  const account = sourceOptions(p).account;
  const request = simulationRequest({ ...requestFromJson(p.request, 'request'), ...(account ? { keyAccount: account } : {}) }, 'request');
  const decision = service.simulate(doc, request);
  return { ...simulateJson(decision), text: renderDecision(decision) };
}

/** kmsKeyPolicy/analyze: problems, the three questions' summaries and the lockout verdict. */
export async function analyze(ctx: PolicySources, p: AnalyzeParams): Promise<AnalyzeResult> {
  const { service, doc } = await policyOf(ctx, p);
  if (isHostDocument(doc)) return hostAnalyze(service.checks(doc, sourceOptions(p)));
  return policyCheck(service, doc, sourceOptions(p));
}

/** kmsKeyPolicy/compare: what changes in who-can terms between two versions of a policy. */
export async function compare(ctx: PolicySources, p: CompareParams): Promise<CompareResult> {
  if (typeof p.before !== 'string' || typeof p.after !== 'string')
    throw new InputError('Give the two versions to compare: "before" and "after" are policy texts.');
  const service = await ctx.serviceFor('');
  return whoCanDiff(service, service.parse(p.before), service.parse(p.after), sourceOptions({ ...(p.account !== undefined ? { account: p.account } : {}) }));
}
