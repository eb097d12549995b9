/** The Terraform grammar for the engine's tests, loaded once per test process from node_modules (as the CLI's fallback does). */
import { readFileSync } from 'node:fs';
import { createPolicyService, loadTerraformGrammar, type PolicySettings, type PolicyService, type TerraformGrammar } from '../../../server/src/engine';

let loading: Promise<TerraformGrammar> | undefined;

/** The grammar. */
export function grammar(): Promise<TerraformGrammar> {
  loading ??= loadTerraformGrammar(
    readFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm')),
    readFileSync(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm')),
  );
  return loading;
}

/** A policy service that reads Terraform files. */
export async function terraformService(settings: PolicySettings = {}): Promise<PolicyService> {
  return createPolicyService(settings, undefined, { terraform: await grammar() });
}
