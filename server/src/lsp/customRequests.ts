/**
 * The custom requests the VS Code client's views use (declared in shared/protocol.ts): who-can reports,
 * request simulation, the analysis behind the workspace view and the save flow, and the who-can diff a
 * save confirmation shows. Input is read with the engine's input readers, as the CLI's is, so both front doors agree.
 * Registered by requests.ts, which loads this module (and with it the engine) on the first call.
 */
import { ResponseError, ErrorCodes } from 'vscode-languageserver/node';
import type {
  AnalyzeParams,
  AnalyzeResult,
  CompareParams,
  CompareResult,
  SimulateParams,
  SimulateResult,
  WhoCanParams,
  WhoCanReport,
  WhoCanQuestion,
} from '../../../shared/protocol';
import {
  QUESTIONS,
  SimulationInputError,
  classLabel,
  grantsFromJson,
  InputError,
  keyStateFrom,
  renderDecision,
  requestFromJson,
  simulateJson,
  whoCanJson,
  type PolicyDocument,
  type PolicyService,
  type WhoCanOptions,
} from '../engine';
import type { ServerContext } from './serverContext';

/** The document a request is about: an open document's current text, or the text sent. */
async function source(ctx: ServerContext, p: { uri?: string; text?: string; account?: string; region?: string; keyArn?: string }): Promise<{ service: PolicyService; doc: PolicyDocument; options: WhoCanOptions }> {
  const service = await ctx.serviceFor(p.uri ?? '');
  let doc: PolicyDocument;
  if (p.text !== undefined) doc = service.parse(p.text, p.uri);
  else {
    const document = p.uri ? ctx.documents.get(p.uri) : undefined;
    if (!document) throw new ResponseError(ErrorCodes.InvalidParams, `No open document ${p.uri ?? '(no uri)'} and no text given.`);
    doc = ctx.models.parsed(document, service);
  }
  const options: WhoCanOptions = { ...(p.account ? { account: p.account } : {}), ...(p.region ? { region: p.region } : {}), ...(p.keyArn ? { key: p.keyArn } : {}) };
  return { service, doc, options };
}

function invalid(e: unknown): never {
  if (e instanceof InputError || e instanceof SimulationInputError) throw new ResponseError(ErrorCodes.InvalidParams, e.message);
  throw e;
}

function questionKey(q: WhoCanQuestion): (typeof QUESTIONS)[number]['question'] {
  return q;
}

/** kmsKeyPolicy/whoCan: a named question's report, or who can perform the given actions. */
export async function whoCan(ctx: ServerContext, p: WhoCanParams): Promise<WhoCanReport> {
  const { service, doc, options: base } = await source(ctx, p);
  let options: WhoCanOptions = base;
  try {
    if (p.grants) options = { ...options, grants: grantsFromJson(p.grants, 'grants') };
    if (p.keyState) options = { ...options, keyState: keyStateFrom(p.keyState, 'keyState') };
  } catch (e) {
    invalid(e);
  }
  if (p.question) {
    const report = service.questionReport(doc, questionKey(p.question), options);
    const json = whoCanJson(report.result.direct);
    const escalated = report.result.escalation.map((c) => ({ principal: c.principal, kind: `${c.kind} (by escalation)`, decision: c.decision, conditions: [], statements: c.statements }));
    return { actions: json.actions, principals: [...json.principals, ...escalated], notes: json.caveats, markdown: report.markdown };
  }
  const result = service.whoCan(doc, p.actions ?? ['kms:Decrypt'], options);
  const json = whoCanJson(result);
  const markdown = [`# Who can ${json.actions.join(', ')}`, '', '| Who | Decision | Statements |', '|---|---|---|', ...result.classes.map((c) => `| ${classLabel(c)} | ${c.decision} | ${c.statements.map((s) => s.sid ?? `#${s.index + 1}`).join(', ')} |`), '', ...json.caveats.map((c) => `> ${c}`)].join('\n');
  return { actions: json.actions, principals: json.principals, notes: json.caveats, markdown };
}

/** kmsKeyPolicy/simulate: one request evaluated against the policy. */
export async function simulate(ctx: ServerContext, p: SimulateParams): Promise<SimulateResult> {
  const { service, doc, options } = await source(ctx, p);
  try {
    const request = { ...requestFromJson(p.request, 'request'), ...(options.account ? { keyAccount: options.account } : {}) };
    const decision = service.simulate(doc, request as Parameters<PolicyService['simulate']>[1]);
    return { ...simulateJson(decision), text: renderDecision(decision) };
  } catch (e) {
    return invalid(e);
  }
}

/**
 * kmsKeyPolicy/analyze: problems, the three questions' summaries and the lockout verdict. No safe fallback
 * here: an empty answer would read as "0 errors, no lockout" to the save flow.
 */
export async function analyze(ctx: ServerContext, p: AnalyzeParams): Promise<AnalyzeResult> {
  try {
    const { service, doc, options } = await source(ctx, p);
    const lint = service.lint(doc);
    const count = (s: string): number => lint.findings.filter((f) => f.severity === s).length;
    const problems = lint.findings
      .filter((f) => f.severity === 'error' || f.severity === 'warning')
      .map((f) => ({ code: f.code, severity: f.severity, message: f.message, ...doc.positionAt(f.at.offset) }));
    const usable = doc.policy !== undefined && count('error') === 0;
    const summary = Object.fromEntries(QUESTIONS.map((q) => [q.question, usable ? service.questionReport(doc, q.question, options).summary : 'not analysed (fix the errors first)'])) as AnalyzeResult['summary'];
    const lockout = doc.policy !== undefined && service.lockout(doc, options).status === 'locked';
    return { errors: count('error'), warnings: count('warning'), infos: count('info') + count('hint'), problems, lockout, summary };
  } catch (e) {
    if (e instanceof ResponseError) throw e;
    ctx.connection.console.error(`analyze failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    throw new ResponseError(ErrorCodes.InternalError, 'The policy could not be analysed; see the KMS Key Policy output.');
  }
}

/** kmsKeyPolicy/compare: what changes in who-can terms between two versions of a policy. */
export async function compare(ctx: ServerContext, p: CompareParams): Promise<CompareResult> {
  const service = await ctx.serviceFor('');
  const options: WhoCanOptions = p.account ? { account: p.account } : {};
  const before = service.parse(p.before);
  const after = service.parse(p.after);
  const changes = QUESTIONS.map((q) => {
    const rows = (doc: PolicyDocument): Map<string, string> => {
      const out = new Map<string, string>();
      if (!doc.policy) return out;
      const r = service.questionReport(doc, q.question, options).result;
      for (const c of [...r.direct.classes, ...r.escalation]) {
        if (c.decision === 'denied') continue;
        out.set(classLabel(c), JSON.stringify([c.decision, c.residual.any.length, c.statements.map((s) => s.sid ?? s.index)]));
      }
      return out;
    };
    const b = rows(before);
    const a = rows(after);
    return {
      question: q.question,
      gained: [...a.keys()].filter((k) => !b.has(k)),
      lost: [...b.keys()].filter((k) => !a.has(k)),
      changed: [...a.keys()].filter((k) => b.has(k) && b.get(k) !== a.get(k)),
    };
  });
  const lines: string[] = [];
  for (const c of changes) {
    const title = QUESTIONS.find((q) => q.question === c.question)!.title;
    if (c.gained.length + c.lost.length + c.changed.length === 0) {
      lines.push(`${title} No change.`);
      continue;
    }
    lines.push(title);
    for (const g of c.gained) lines.push(`  + gains: ${g}`);
    for (const l of c.lost) lines.push(`  − loses: ${l}`);
    for (const x of c.changed) lines.push(`  ~ changes conditions or statements: ${x}`);
  }
  return { changes, summary: lines.join('\n') };
}
