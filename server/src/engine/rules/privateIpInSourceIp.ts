/**
 * KP414: a private, loopback or link-local range in an `aws:SourceIp` condition (Access Analyzer
 * PRIVATE_IP_ADDRESS / PRIVATE_NOTIPADDRESS). aws:SourceIp is the public address AWS sees; requests through
 * a VPC endpoint carry no aws:SourceIp at all (their private address is aws:VpcSourceIp).
 */
import type { PolicyRule } from './types';
import { readCidrBlock, privateBlockOf, readOperator } from '../catalog';

/** KP414 private-ip-in-source-ip. */
export const privateIpInSourceIp: PolicyRule = {
  code: 'KP414',
  name: 'private-ip-in-source-ip',
  severity: 'warning',
  summary: 'aws:SourceIp never holds a private address; a private range there never matches (or, negated, excludes nothing).',
  check(ctx) {
    for (const { clause, entry } of ctx.facts.conditions) {
      if (entry.key.value.toLowerCase() !== 'aws:sourceip') continue;
      const op = readOperator(clause.operator.value);
      if (!op || op.family !== 'IpAddress') continue;
      for (const v of entry.values) {
        if (typeof v.value !== 'string') continue;
        const block = readCidrBlock(v.value);
        const kind = block ? privateBlockOf(block) : undefined;
        if (!block || !kind) continue;
        const what = block.prefix === (block.version === 4 ? 32 : 128) ? 'address' : 'range';
        ctx.report({
          at: v,
          message: op.negated
            ? `"${v.value}" is a ${kind} ${what}, which aws:SourceIp never holds, so excluding it with ${clause.operator.value} excludes nothing. To allow only a VPC, use aws:SourceVpc, aws:SourceVpce or aws:VpcSourceIp.`
            : `"${v.value}" is a ${kind} ${what}, which aws:SourceIp never holds (it is the public address AWS sees), so this never matches. For calls from a VPC, use aws:VpcSourceIp with aws:SourceVpc or aws:SourceVpce.`,
        });
      }
    }
  },
};
