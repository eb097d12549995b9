/**
 * `who-can` on a template or Terraform file: the answer for each KMS key it declares (or the one `--key` names),
 * under a header naming the key, in the words of the file (its own account reference, its roles by logical id
 * or address), with the values the file leaves open named after the table.
 */
import {
  InputError,
  SimulationInputError,
  whoCanJson,
  renderWhoCan,
  type HostKey,
  type PolicyDocument,
  type PolicyService,
  type WhoCanOptions,
  type WhoCanResult,
} from '../engine';

/** The who-can answer of each key, as text or JSON; throws InputError when `--key` names no key. */
export function templateWhoCan(
  service: PolicyService,
  doc: PolicyDocument,
  display: string,
  actions: readonly string[],
  options: WhoCanOptions,
  keyId: string | undefined,
  format: 'text' | 'json',
): string {
  const all = service.keys(doc);
  const keys = keyId === undefined ? all : all.filter((k) => k.id === keyId);
  if (keys.length === 0) {
    throw new InputError(
      keyId === undefined ? `${display} declares no KMS key` : `${display} declares no KMS key "${keyId}" (keys: ${all.map((k) => k.id).join(', ') || 'none'})`,
    );
  }
  const answers = keys.map((key) => ({ key, result: key.policy ? answer(service, key, actions, options) : undefined }));
  if (format === 'json') {
    const json = answers.map(({ key, result }) => ({
      resource: key.id,
      type: key.type,
      ...(result ? JSON.parse(key.relabel(JSON.stringify(whoCanJson(result)))) : { policy: `not known until deployed: ${key.openLabel ?? ''}` }),
      openValues: key.openValues,
    }));
    return `${JSON.stringify(json, null, 2)}\n`;
  }
  return answers
    .map(({ key, result }) => {
      const head = `${key.id} (${key.type}${key.origin === 'default' ? ', default key policy' : ''})`;
      if (!result) return `${head}\n\n  The policy is not known until deployed: «${key.openLabel ?? ''}».\n`;
      const open =
        key.openValues.length > 0
          ? `Note: values this file leaves open are counted as written, not as anyone in particular: ${key.openValues.map((o) => `«${o}»`).join(', ')}.\n`
          : '';
      const text = renderWhoCan(relabelled(result, key)).replace(
        '  Nobody.\n',
        open ? '  Nobody known: values this file leaves open may add to this answer.\n' : '  Nobody.\n',
      );
      return `${head}\n\n${text}${open}`;
    })
    .join('\n');
}

/** The answer in the file's words, before it is laid out (so the table's columns fit them). */
function relabelled(result: WhoCanResult, key: HostKey): WhoCanResult {
  return {
    ...result,
    key: {
      ...result.key,
      ...(result.key.account ? { account: key.relabel(result.key.account) } : {}),
      ...(result.key.arn ? { arn: key.relabel(result.key.arn) } : {}),
    },
    classes: result.classes.map((c) => ({ ...c, principal: key.relabel(c.principal) })),
    caveats: result.caveats.map((c) => key.relabel(c)),
  };
}

function answer(service: PolicyService, key: HostKey, actions: readonly string[], options: WhoCanOptions): ReturnType<PolicyService['whoCan']> {
  try {
    return service.whoCan(key.policy!, actions, { ...key.options, ...options });
  } catch (e) {
    if (e instanceof SimulationInputError) throw new InputError(e.message);
    throw e;
  }
}
