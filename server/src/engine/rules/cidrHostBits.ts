/**
 * KP415: an IP range written with host bits set (`10.1.2.3/16`). AWS reads it as the network `10.1.0.0/16`,
 * which is wider than the address suggests (Access Analyzer IMPROVE_IP_RANGE).
 */
import type { PolicyRule } from './types';
import { readCidrBlock } from '../catalog';
import { replaceString } from '../fixes/edits';

/** KP415 cidr-host-bits. */
export const cidrHostBits: PolicyRule = {
  code: 'KP415',
  name: 'cidr-host-bits',
  severity: 'info',
  summary: 'An IP range with host bits set covers the whole network; write the network address.',
  check(ctx) {
    for (const { entry, operator } of ctx.facts.conditions) {
      if (operator.family !== 'IpAddress') continue;
      for (const v of entry.values) {
        if (typeof v.value !== 'string') continue;
        const block = readCidrBlock(v.value);
        if (!block || !block.hostBitsSet) continue;
        ctx.report({
          at: v,
          message: `"${v.value}" has host bits set beyond /${block.prefix}; it covers the whole network ${block.network}. Write "${block.network}", or a longer prefix if you meant fewer addresses.`,
          fixes: [{ title: `Change to "${block.network}"`, edits: [replaceString(v, block.network)], preferred: true }],
        });
      }
    }
  },
};
