/**
 * Who-can answers for people: a one-line summary (code lenses, the workspace view) and a Markdown report
 * (the "Who can…?" document): every principal class, its residual conditions, and the statements that decide it.
 */
import { describeResidual, type ConditionJson } from '../simulate/residual/describe';
import { tooComplex, TOO_COMPLEX, type NamedAnalysisResult, type PrincipalClass, type StatementRef } from '../simulate';

/** A short name for a class: "IAM principals of 111122223333", "role App", "everyone". */
export function classLabel(c: PrincipalClass): string {
  switch (c.kind) {
    case 'account':
      return `IAM principals of ${c.principal}`;
    case 'external-account':
      return `account ${c.principal} (its IAM principals)`;
    case 'everyone':
      return 'everyone';
    case 'service':
      return c.principal;
    default: {
      const m = /:(?:role|user|assumed-role|federated-user)\/(?:.*\/)?([^/]+)$/.exec(c.principal);
      const kind = /:role\//.test(c.principal) ? 'role' : /:user\//.test(c.principal) ? 'user' : /assumed-role/.test(c.principal) ? 'session' : '';
      return m ? `${kind} ${m[1]}`.trim() : c.principal;
    }
  }
}

function conditionText(c: ConditionJson): string {
  return `\`${c.operator}\` \`${c.key}\` ${c.values.map((v) => `\`${v}\``).join(' or ')}`;
}

function conditionsMarkdown(c: PrincipalClass): string {
  if (c.decision === 'allow') return 'always';
  if (tooComplex(c)) return `_${TOO_COMPLEX}_`;
  const { any, unless } = describeResidual(c.residual);
  const alt = any.map((x) => (x.length === 0 ? 'always' : x.map(conditionText).join(' and ')));
  let text = alt.length > 0 ? alt.join('<br>**or** ') : c.decision === 'denied' ? 'always' : '—';
  if (unless.length > 0) text += `<br>**unless** ${unless.map((x) => x.map(conditionText).join(' and ')).join(' **or** ')}`;
  return text;
}

function statementsMarkdown(refs: readonly StatementRef[]): string {
  return refs.map((r) => `${r.effect === 'Deny' ? '⛔' : '✅'} ${r.sid !== undefined && r.sid !== '' ? r.sid : `statement ${r.index + 1}`}`).join('<br>');
}

const DECISION: Record<PrincipalClass['decision'], string> = { allow: '**allowed**', conditional: 'when…', denied: '**denied**' };
const NEEDS: Record<string, string> = {
  none: '—',
  iam: 'an IAM allow in its account',
  'iam-if-external': 'an IAM allow when from another account',
};

/** " (conditional)" for a conditional row, saying so when its conditions are too complex to list. */
function decisionNote(c: PrincipalClass): string {
  if (c.decision !== 'conditional') return '';
  return tooComplex(c) ? ` (conditional, ${TOO_COMPLEX})` : ' (conditional)';
}

/** "3 principals: role Admin, IAM principals of 111122223333, everyone (conditional)". */
export function summaryLine(r: NamedAnalysisResult): string {
  const able = r.direct.classes.filter((c) => c.decision !== 'denied');
  const extra = r.escalation.filter((e) => !able.some((a) => a.principal === e.principal && a.kind === e.kind));
  const all = [...able, ...extra];
  if (all.length === 0) return r.direct.blockedByKeyState.length > 0 ? 'nobody (the key state refuses it)' : 'nobody';
  const names = all.map((c) => `${classLabel(c)}${decisionNote(c)}${extra.includes(c) ? ' (by escalation)' : ''}`);
  const shown = names.slice(0, 3).join(', ');
  return `${all.length} principal${all.length === 1 ? '' : ' classes'}: ${shown}${names.length > 3 ? `, +${names.length - 3} more` : ''}`;
}

function table(classes: readonly PrincipalClass[]): string[] {
  if (classes.length === 0) return ['_Nobody._'];
  return [
    '| Who | Kind | Decision | Conditions | Also needs | Statements |',
    '|---|---|---|---|---|---|',
    ...classes.map(
      (c) =>
        `| ${classLabel(c)}<br><sub>${c.principal}</sub> | ${c.kind} | ${DECISION[c.decision]} | ${conditionsMarkdown(c)} | ${NEEDS[c.requires] ?? c.requires} | ${statementsMarkdown(c.statements)} |`,
    ),
  ];
}

/** The full report as Markdown. */
export function whoCanMarkdown(r: NamedAnalysisResult, source: string): string {
  const d = r.direct;
  const lines = [
    `# ${r.title}`,
    '',
    `Policy: \`${source}\`${d.key.account ? ` · key account ${d.key.account}` : ''}`,
    '',
    `Actions: ${d.actions.map((a) => `\`${a}\``).join(', ')}`,
    '',
  ];
  lines.push(`**Answer:** ${summaryLine(r)}.`, '', '## Directly', '', ...table(d.classes), '');
  if (r.name === 'decrypt') {
    lines.push(
      '## By escalation',
      '',
      'Principals that can give themselves the right: by rewriting the policy (`kms:PutKeyPolicy`), creating a grant (`kms:CreateGrant`) or replicating the key with a policy of their own (`kms:ReplicateKey`).',
      '',
      ...table(r.escalation),
      '',
    );
  }
  if (d.blockedByKeyState.length > 0) lines.push(`> The key state refuses ${d.blockedByKeyState.join(', ')} whatever the policy says.`, '');
  for (const c of d.caveats) lines.push(`> ${c}`, '');
  return lines.join('\n');
}
