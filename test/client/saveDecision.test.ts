/**
 * The live-policy save decision: every refusal, the conflict, the no-op, the write, and the order in
 * which driveSave asks for things (nothing is read, compared or confirmed after a refusal).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AnalyzeResult, CompareResult } from '../../shared/protocol';
import {
  confirmationText,
  decideSave,
  driveSave,
  editableText,
  listProblems,
  samePolicy,
  type SaveInputs,
  type SaveSteps,
} from '../../client/src/livePolicy/saveDecision';

const DEPLOYED =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}';
const EDITED = DEPLOYED.replace(
  '"Resource":"*"}',
  '"Resource":"*"},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/App"},"Action":"kms:Decrypt","Resource":"*"}',
);

function analysis(overrides: Partial<AnalyzeResult> = {}): AnalyzeResult {
  return {
    errors: 0,
    warnings: 0,
    infos: 0,
    problems: [],
    lockout: false,
    summary: { decrypt: '1 principal: account 111122223333 (IAM)', administer: 'account 111122223333', grant: 'account 111122223333' },
    ...overrides,
  };
}

const COMPARISON: CompareResult = {
  changes: [
    { question: 'decrypt', gained: ['role App (111122223333)'], lost: [], changed: [] },
    { question: 'administer', gained: [], lost: [], changed: [] },
    { question: 'grant', gained: [], lost: ['user bob'], changed: ['account 111122223333'] },
  ],
  summary: 'Who can decrypt?\n  + gains: role App',
};

const base: SaveInputs = { text: EDITED, openedWith: DEPLOYED };

describe('decideSave', () => {
  test('asks for the analysis first', () => {
    assert.deepEqual(decideSave(base), { kind: 'need', step: 'analysis' });
  });

  test('refuses a policy with errors, listing them with 1-based lines', () => {
    const d = decideSave({
      ...base,
      analysis: analysis({
        errors: 2,
        problems: [
          { code: 'KP201', severity: 'error', message: 'Unknown action kms:Decrpyt.', line: 4, character: 10 },
          { code: 'KP101', severity: 'warning', message: 'A warning.', line: 1, character: 0 },
          { code: 'KP002', severity: 'error', message: 'Missing Resource.', line: 9, character: 2 },
        ],
      }),
      deployedNow: DEPLOYED,
      comparison: COMPARISON,
      confirmed: true,
    });
    assert.deepEqual(d, {
      kind: 'refuse',
      why: 'errors',
      reason:
        'The policy has 2 errors; fix them before saving to KMS. Nothing was written. line 5: KP201 Unknown action kms:Decrpyt.; line 10: KP002 Missing Resource.',
    });
  });

  test('refuses a lockout even when everything else would allow the write', () => {
    const d = decideSave({
      ...base,
      analysis: analysis({ lockout: true }),
      deployedNow: DEPLOYED,
      comparison: COMPARISON,
      confirmed: true,
    });
    assert.equal(d.kind, 'refuse');
    assert.equal(d.kind === 'refuse' && d.why, 'lockout');
    assert.match(d.kind === 'refuse' ? d.reason : '', /nobody could change the key policy again/);
  });

  test('names a lockout before other errors, and lists the errors too', () => {
    const d = decideSave({
      ...base,
      analysis: analysis({
        lockout: true,
        errors: 1,
        problems: [{ code: 'KP601', severity: 'error', message: 'Nobody can call kms:PutKeyPolicy.', line: 0, character: 0 }],
      }),
    });
    assert.equal(d.kind === 'refuse' && d.why, 'lockout');
    assert.match(d.kind === 'refuse' ? d.reason : '', /\(lockout\)\. Nothing was written; .* line 1: KP601 Nobody can call kms:PutKeyPolicy\.$/);
  });

  test("treats the server's empty fallback answer as a failed analysis, never as a pass", () => {
    const failed = analysis({ summary: { decrypt: 'not analysed', administer: 'not analysed', grant: 'not analysed' } });
    const d = decideSave({ ...base, analysis: failed, deployedNow: DEPLOYED, comparison: COMPARISON, confirmed: true });
    assert.equal(d.kind === 'refuse' && d.why, 'analysisFailed');
  });

  test('refuses a malformed analysis', () => {
    const d = decideSave({ ...base, analysis: { errors: 0 } as unknown as AnalyzeResult });
    assert.equal(d.kind === 'refuse' && d.why, 'analysisFailed');
  });

  test('then asks for the deployed policy', () => {
    assert.deepEqual(decideSave({ ...base, analysis: analysis() }), { kind: 'need', step: 'deployed' });
  });

  test('reports a conflict when the deployed policy is no longer the one the edit started from', () => {
    const changed = DEPLOYED.replace('kms:*', 'kms:Describe*');
    const d = decideSave({ ...base, analysis: analysis(), deployedNow: changed, comparison: COMPARISON, confirmed: true });
    assert.equal(d.kind, 'conflict');
    assert.equal(d.kind === 'conflict' && d.deployed, changed);
  });

  test('does nothing when the edit equals the deployed policy up to formatting', () => {
    const d = decideSave({ text: editableText(DEPLOYED), openedWith: DEPLOYED, analysis: analysis(), deployedNow: DEPLOYED });
    assert.deepEqual(d, { kind: 'unchanged' });
  });

  test('asks for the comparison, then the confirmation', () => {
    assert.deepEqual(decideSave({ ...base, analysis: analysis(), deployedNow: DEPLOYED }), { kind: 'need', step: 'comparison' });
    assert.deepEqual(decideSave({ ...base, analysis: analysis(), deployedNow: DEPLOYED, comparison: COMPARISON }), {
      kind: 'need',
      step: 'confirmation',
    });
  });

  test('refuses when the user declines', () => {
    const d = decideSave({ ...base, analysis: analysis(), deployedNow: DEPLOYED, comparison: COMPARISON, confirmed: false });
    assert.deepEqual(d, {
      kind: 'refuse',
      why: 'declined',
      reason: 'Not saved: the change was not confirmed. Nothing was written to KMS.',
    });
  });

  test('writes only with no errors, no lockout, no concurrent change and a confirmation', () => {
    const d = decideSave({ ...base, analysis: analysis({ warnings: 3 }), deployedNow: DEPLOYED, comparison: COMPARISON, confirmed: true });
    assert.deepEqual(d, { kind: 'write' });
  });
});

/** Steps that record what was asked, answering with the given values. */
function recordingSteps(answers: { analysis: AnalyzeResult; deployed?: string; confirm?: boolean }): { steps: SaveSteps; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    steps: {
      analyse: async (text) => {
        calls.push(`analyse:${text.length}`);
        return answers.analysis;
      },
      readDeployed: async () => {
        calls.push('readDeployed');
        return answers.deployed ?? DEPLOYED;
      },
      compare: async (before, after) => {
        calls.push(`compare:${before === DEPLOYED}:${after === EDITED}`);
        return COMPARISON;
      },
      confirm: async (comparison) => {
        calls.push(`confirm:${comparison === COMPARISON}`);
        return answers.confirm ?? false;
      },
    },
  };
}

describe('driveSave', () => {
  test('a confirmed valid change: analyse, re-read, compare deployed with the edit, confirm, write', async () => {
    const { steps, calls } = recordingSteps({ analysis: analysis(), confirm: true });
    assert.deepEqual(await driveSave(EDITED, DEPLOYED, steps), { kind: 'write' });
    assert.deepEqual(calls, [`analyse:${EDITED.length}`, 'readDeployed', 'compare:true:true', 'confirm:true']);
  });

  test('errors stop the save before anything is read or asked', async () => {
    const { steps, calls } = recordingSteps({ analysis: analysis({ errors: 1 }), confirm: true });
    const d = await driveSave(EDITED, DEPLOYED, steps);
    assert.equal(d.kind === 'refuse' && d.why, 'errors');
    assert.deepEqual(calls, [`analyse:${EDITED.length}`]);
  });

  test('a lockout stops the save before the confirmation', async () => {
    const { steps, calls } = recordingSteps({ analysis: analysis({ lockout: true }), confirm: true });
    const d = await driveSave(EDITED, DEPLOYED, steps);
    assert.equal(d.kind === 'refuse' && d.why, 'lockout');
    assert.ok(!calls.some((c) => c.startsWith('confirm')));
  });

  test('a concurrent change ends in a conflict without comparing or asking', async () => {
    const changed = DEPLOYED.replace('kms:*', 'kms:Get*');
    const { steps, calls } = recordingSteps({ analysis: analysis(), deployed: changed, confirm: true });
    const d = await driveSave(EDITED, DEPLOYED, steps);
    assert.equal(d.kind, 'conflict');
    assert.deepEqual(calls, [`analyse:${EDITED.length}`, 'readDeployed']);
  });

  test('a declined confirmation is a refusal', async () => {
    const { steps } = recordingSteps({ analysis: analysis(), confirm: false });
    const d = await driveSave(EDITED, DEPLOYED, steps);
    assert.equal(d.kind === 'refuse' && d.why, 'declined');
  });

  test('a failing step rejects with its error (the caller reports it; nothing is written)', async () => {
    const { steps } = recordingSteps({ analysis: analysis() });
    const failing: SaveSteps = {
      ...steps,
      readDeployed: async () => {
        throw new Error('AccessDeniedException: not allowed');
      },
    };
    await assert.rejects(driveSave(EDITED, DEPLOYED, failing), { message: 'AccessDeniedException: not allowed' });
  });
});

describe('confirmationText', () => {
  test('says who gains and loses per question, and remaining warnings', () => {
    const a = analysis({
      warnings: 1,
      problems: [{ code: 'KP301', severity: 'warning', message: 'Broad principal.', line: 2, character: 0 }],
    });
    const { message, detail } = confirmationText('alias/app-data', COMPARISON, a);
    assert.equal(message, 'Save the key policy of alias/app-data to KMS?');
    const lines = detail.split('\n');
    assert.equal(lines[0], 'Who can decrypt: gains role App (111122223333)');
    assert.equal(lines[1], 'Who can administer: no change');
    assert.equal(lines[2], 'Who can create grants: loses user bob; conditions or statements change for account 111122223333');
    assert.ok(lines.includes('1 warning remains. line 3: KP301 Broad principal.'));
  });

  test('says plainly when nobody gains or loses anything', () => {
    const none: CompareResult = {
      changes: (['decrypt', 'administer', 'grant'] as const).map((question) => ({ question, gained: [], lost: [], changed: [] })),
      summary: '',
    };
    const { detail } = confirmationText('k', none, analysis());
    assert.match(detail, /Nobody gains or loses access/);
  });
});

describe('text helpers', () => {
  test('samePolicy compares by JSON value, and unparsable texts only by text', () => {
    assert.equal(samePolicy(DEPLOYED, editableText(DEPLOYED)), true);
    assert.equal(samePolicy(DEPLOYED, EDITED), false);
    assert.equal(samePolicy('{', '{ '), false);
    assert.equal(samePolicy('{', '{'), true);
  });

  test('editableText pretty-prints one-line policies and keeps formatted ones as they are', () => {
    assert.equal(editableText('{"a":1}'), '{\n  "a": 1\n}\n');
    const formatted = '{\n    "a": 1\n}';
    assert.equal(editableText(formatted), formatted);
    assert.equal(editableText('not json'), 'not json');
  });

  test('listProblems shows five and counts the rest', () => {
    const problems = Array.from({ length: 7 }, (_, i) => ({
      code: `KP${i}`,
      severity: 'error' as const,
      message: 'm',
      line: i,
      character: 0,
    }));
    assert.equal(listProblems(problems), 'line 1: KP0 m; line 2: KP1 m; line 3: KP2 m; line 4: KP3 m; line 5: KP4 m; and 2 more.');
  });
});
