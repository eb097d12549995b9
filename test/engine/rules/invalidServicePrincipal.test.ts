import { allow, policyText, ruleTester, swap } from './ruleTester';

const SERVICE_SPELLINGS = policyText([
  allow({ Service: ['logs.AMAZONAWS.com', 'cloudtrail.amazonaws.com '] }, 'kms:Decrypt'),
  { Effect: 'Deny', NotPrincipal: { Service: 'Logs.amazonaws.com' }, Action: 'kms:*', Resource: '*' },
]);
const SERVICES = policyText([allow({ Service: ['CloudTrail.amazonaws.com', 'logs', 'arn:aws:iam::111122223333:root', 'ec2.amazonaws.com'] }, 'kms:Decrypt')]);

ruleTester('KP304', {
  valid: [
    {
      name: 'regional and plain service principals',
      text: [allow({ Service: ['logs.us-east-1.amazonaws.com', 'delivery.logs.amazonaws.com'] }, 'kms:Decrypt')],
    },
    { name: 'the China partition', text: [allow({ Service: 's3.amazonaws.com.cn' }, 'kms:Decrypt')] },
    {
      name: 'principals missing from the list are not errors: their first label is a service, or nothing listed is near',
      text: [allow({ Service: ['ec2.us-east-1.amazonaws.com', 'bedrock.amazonaws.com', 'pipes.amazonaws.com', 'aoss.amazonaws.com'] }, 'kms:Decrypt')],
    },
    {
      // A real principal (RDS Enhanced Monitoring, from a Terraform fixture) once reported as a misspelling of
      // monitoring.amazonaws.com; the label test keeps an unlisted one like it quiet too.
      name: 'a label more than a listed principal is another service, not a slip',
      text: [allow({ Service: ['monitoring.rds.amazonaws.com', 'ops.cloudtrail.amazonaws.com'] }, 'kms:Decrypt')],
    },
  ],
  invalid: [
    {
      name: 'malformed service principals: case and the missing domain are fixed',
      text: SERVICES,
      errors: [
        {
          at: '"CloudTrail.amazonaws.com"',
          message: /did you mean "cloudtrail.amazonaws.com"\?/,
          output: swap(SERVICES, '"CloudTrail.amazonaws.com"', '"cloudtrail.amazonaws.com"'),
        },
        {
          at: '"logs"',
          message: /^"logs" is not a service principal: .*; did you mean "logs\.amazonaws\.com"\?$/,
          output: swap(SERVICES, '"logs"', '"logs.amazonaws.com"'),
        },
        {
          at: '"arn:aws:iam::111122223333:root"',
          message: /^"arn:aws:iam::111122223333:root" is not a service principal: KMS expects a lowercase name .* and rejects the policy\.$/,
          fixes: [],
        },
      ],
    },
    {
      name: 'a capitalised domain, a trailing space, and NotPrincipal',
      text: SERVICE_SPELLINGS,
      errors: [
        {
          at: '"logs.AMAZONAWS.com"',
          message: /did you mean "logs\.amazonaws\.com"\?$/,
          output: swap(SERVICE_SPELLINGS, '"logs.AMAZONAWS.com"', '"logs.amazonaws.com"'),
        },
        {
          at: '"cloudtrail.amazonaws.com "',
          message: /did you mean "cloudtrail\.amazonaws\.com"\?$/,
          output: swap(SERVICE_SPELLINGS, '"cloudtrail.amazonaws.com "', '"cloudtrail.amazonaws.com"'),
        },
        { at: '"Logs.amazonaws.com"', pointer: '/Statement/1/NotPrincipal/Service', message: /did you mean "logs\.amazonaws\.com"\?$/ },
      ],
    },
    {
      // main suggested "logs.amazonaws.amazonaws.com".
      name: 'a principal missing only ".com" is mended, not given a second domain',
      text: [allow({ Service: ['logs.amazonaws', 'sns.amazonaws.'] }, 'kms:Decrypt')],
      errors: [
        { at: '"logs.amazonaws"', message: /^"logs\.amazonaws" is not a service principal: .*; did you mean "logs\.amazonaws\.com"\?$/ },
        { at: '"sns.amazonaws."', message: /did you mean "sns\.amazonaws\.com"\?$/ },
      ],
    },
    {
      // main said nothing about "logs.region.amazonaws.com" (well formed) and suggested nonsense for "<region>".
      name: 'documentation placeholders are named as such, and filled in from the Region when it is known',
      context: { region: 'eu-west-1' },
      text: [allow({ Service: ['logs.region.amazonaws.com', 'logs.<region>.amazonaws.com', 'logs.REGION.amazonaws.com'] }, 'kms:Decrypt')],
      errors: [
        {
          at: '"logs.region.amazonaws.com"',
          severity: 'warning',
          message:
            '"logs.region.amazonaws.com" still holds the documentation placeholder "region": write the key\'s Region there (e.g. "logs.eu-west-1.amazonaws.com"); KMS rejects a principal it cannot resolve.',
          fixes: [{ title: 'Change to "logs.eu-west-1.amazonaws.com"', preferred: true }],
        },
        {
          at: '"logs.<region>.amazonaws.com"',
          severity: 'warning',
          message: /^"logs\.<region>\.amazonaws\.com" still holds the documentation placeholder "<region>"/,
        },
        { at: '"logs.REGION.amazonaws.com"', severity: 'warning', message: /placeholder "REGION"/ },
      ],
    },
    {
      name: 'a placeholder without a known Region: no fix',
      text: [allow({ Service: 'logs.region-code.amazonaws.com' }, 'kms:Decrypt')],
      errors: [
        {
          at: '"logs.region-code.amazonaws.com"',
          severity: 'warning',
          message: /placeholder "region-code": write the key's Region there \(e\.g\. "logs\.us-east-1\.amazonaws\.com"\)/,
          fixes: [],
        },
      ],
    },
    {
      name: 'a well-formed slip from a listed principal is a warning with the listed one as a fix',
      text: [allow({ Service: 'cloudtrial.amazonaws.com' }, 'kms:Decrypt')],
      errors: [
        {
          at: '"cloudtrial.amazonaws.com"',
          severity: 'warning',
          message:
            '"cloudtrial.amazonaws.com" is not a known service principal; did you mean "cloudtrail.amazonaws.com"? KMS rejects a principal it cannot resolve.',
          fixes: ['Change to "cloudtrail.amazonaws.com"'],
        },
      ],
    },
  ],
});
