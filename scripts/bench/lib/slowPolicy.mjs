// A small key policy whose analysis takes seconds (issue 15): conditional Allows to "*" and conditional
// Denies of everything, all testing principal tags from one small pool, so every Deny cuts every Allow
// in many ways. 20 statements (4.7 KB) took over 10 s to lint before the simulator work of issue 15.
import { rng } from './policies.mjs';

/** The policy with `statements` statements (two Allows in every five), as compact JSON. */
export function slowPolicy(statements, seed = 7) {
  const r = rng(seed);
  const tag = () => `aws:PrincipalTag/t${Math.floor(r() * 24)}`;
  const value = () => ['x', 'y', 'z'][Math.floor(r() * 3)];
  const condition = (operators, tests) => {
    const block = {};
    for (let i = 0; i < tests; i++) (block[operators[Math.floor(r() * operators.length)]] ??= {})[tag()] = value();
    return block;
  };
  const statement = (i) =>
    i % 5 < 2
      ? {
          Effect: 'Allow',
          Principal: '*',
          Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
          Resource: '*',
          Condition: condition(['StringEquals'], 2 + Math.floor(r() * 2)),
        }
      : {
          Effect: 'Deny',
          Principal: '*',
          Action: ['kms:*'],
          Resource: '*',
          Condition: condition(['StringNotEquals', 'StringNotEqualsIfExists'], 3 + Math.floor(r() * 3)),
        };
  return JSON.stringify({ Version: '2012-10-17', Statement: Array.from({ length: statements }, (_, i) => statement(i)) });
}
