/**
 * Terraform: aws_kms_key / aws_kms_replica_key / aws_kms_key_policy policies written as jsonencode, a heredoc,
 * data.aws_iam_policy_document (merging included), a local, file() / templatefile(); the key's account, Region and
 * partition from their data sources; roles of the configuration by address; everything else open. Positions are
 * the .tf file's.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, createPolicyService, isHostDocument, mayDeclareKeys, type PolicyService } from '../../../server/src/engine';
import { terraformService } from './terraformGrammar';

let service: PolicyService;
before(async () => {
  service = await terraformService();
});

const URI = 'file:///infra/main.tf';

/** The code and text under each diagnostic. */
function findings(text: string, s = service, hints = {}): string[] {
  const doc = s.parse(text, URI, hints);
  return s.validate(doc).map((d) => `${d.code} ${text.slice(doc.offsetAt(d.range.start), doc.offsetAt(d.range.end))}`);
}

const ROOT = `{
        Sid       = "Root"
        Effect    = "Allow"
        Principal = { AWS = "arn:\${data.aws_partition.current.partition}:iam::\${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      }`;

const encoded = (...statements: string[]): string => `data "aws_caller_identity" "current" {}
resource "aws_kms_key" "main" {
  description = "main"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      ${statements.join(',\n      ')}
    ]
  })
}
`;

test('jsonencode: the key by address, the root delegation recognised from data.aws_caller_identity', () => {
  const text = encoded(ROOT);
  const doc = service.parse(text, URI);
  assert.ok(isHostDocument(doc));
  assert.deepEqual(
    service.keys(doc).map((k) => [k.id, k.type, k.origin]),
    [['aws_kms_key.main', 'aws_kms_key', 'policy']],
  );
  assert.deepEqual(findings(text), []);
  assert.equal(service.keyReport(service.keys(doc)[0]!, 'decrypt')!.summary, '1 principal: IAM principals of «data.aws_caller_identity.current.account_id»');
});

test('jsonencode: a diagnostic on the HCL string, a role of the configuration by address, a plain value fix', () => {
  const text = encoded(
    ROOT,
    '{\n        Effect = "Allow"\n        Principal = { AWS = aws_iam_role.app.arn }\n        Action = ["kms:Decrytp"]\n        Resource = "*"\n      }',
  );
  assert.deepEqual(findings(text), ['KP201 "kms:Decrytp"']);
  const doc = service.parse(text, URI);
  const lint = service.lint(doc);
  const f = lint.findings[0]!;
  const action = service.codeActions(doc, f.at.offset, f.at.offset + f.at.length, URI, lint)[0]!;
  const edits = action.edit!.changes![URI]!.map((e) => ({
    offset: doc.offsetAt(e.range.start),
    length: doc.offsetAt(e.range.end) - doc.offsetAt(e.range.start),
    newText: e.newText,
  }));
  const fixed = applyEdits(text, edits);
  assert.equal(fixed, text.replace('"kms:Decrytp"', '"kms:Decrypt"'));
  assert.equal(
    service.keyReport(service.keys(service.parse(fixed, URI))[0]!, 'decrypt')!.summary,
    '2 principal classes: IAM principals of «data.aws_caller_identity.current.account_id», role aws_iam_role.app in this configuration',
  );
});

test('variables, module outputs, for expressions and conditionals are open, never invalid', () => {
  const text = encoded(
    ROOT,
    `{
        Effect    = "Allow"
        Principal = { AWS = var.admins }
        Action    = [for a in var.actions : "kms:\${a}"]
        Resource  = module.key.arn
        Condition = { StringEquals = { "aws:PrincipalOrgID" = var.org_id == "" ? null : var.org_id } }
      }`,
  );
  assert.deepEqual(findings(text), []);
  const key = service.keys(service.parse(text, URI))[0]!;
  assert.deepEqual(key.openValues, ['var.admins', '[for a in var.actions : kms:${a}]', 'module.key.arn', 'var.org_id == ? null : var.org_id']);
});

test('a heredoc: exact positions in the JSON, its syntax errors, and a fix over its text', () => {
  const text = `resource "aws_kms_key" "h" {
  policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root"}, "Action": "kms:*", "Resource": "*"},
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:role/app"}, "Action": "kms:Decrytp", "Resource": "*",}
      ]
    }
  EOF
}
`;
  assert.deepEqual(findings(text), ['KP201 "kms:Decrytp"', 'KP003 ,']);
  const doc = service.parse(text, URI);
  const lint = service.lint(doc);
  const f = lint.findings.find((x) => x.code === 'KP201')!;
  const [fix] = service.codeActions(doc, f.at.offset, f.at.offset, URI, lint);
  assert.equal(fix?.title, 'Change to kms:Decrypt');
});

test('a heredoc with a template directive is open', () => {
  const text = 'resource "aws_kms_key" "h" {\n  policy = <<EOF\n{"Statement": [%{ for s in var.s }${s},%{ endfor }]}\nEOF\n}\n';
  const doc = service.parse(text, URI);
  assert.deepEqual(
    service.keys(doc).map((k) => [k.origin, k.openLabel]),
    [['open', 'heredoc with a template directive']],
  );
});

const DOCUMENTS = `data "aws_caller_identity" "current" {}

locals {
  account = data.aws_caller_identity.current.account_id
}

data "aws_iam_policy_document" "base" {
  statement {
    sid       = "Root"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::\${local.account}:root"]
    }
  }
  statement {
    sid       = "Replaced"
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

data "aws_iam_policy_document" "key" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]
  statement {
    sid     = "Replaced"
    actions = ["kms:Encrypt", "kms:Decrpyt"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["logs.amazonaws.com"]
    }
    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:aws:logs:*:\${local.account}:*"]
    }
  }
  dynamic "statement" {
    for_each = var.extra
    content {
      actions = statement.value
    }
  }
}

resource "aws_kms_key" "doc" {
  policy = data.aws_iam_policy_document.key.json
}
`;

test('aws_iam_policy_document: Effect defaults to Allow, a Sid replaces the source statement with that Sid, a dynamic statement is open', () => {
  const doc = service.parse(DOCUMENTS, URI);
  const key = service.keys(doc)[0]!;
  const policy = JSON.parse(key.policy!.text) as { Statement: unknown[] };
  assert.deepEqual(policy.Statement.length, 3);
  assert.deepEqual((policy.Statement[1] as { Sid: string; Effect: string; Principal: unknown }).Sid, 'Replaced');
  assert.deepEqual((policy.Statement[1] as { Principal: unknown }).Principal, { Service: ['logs.amazonaws.com'] });
  assert.equal(policy.Statement[2], '«dynamic statement»');
  assert.deepEqual(findings(DOCUMENTS), ['KP201 "kms:Decrpyt"']);
  // The public statement of the base document was replaced: nothing is public.
  assert.equal(service.keyReport(key, 'decrypt')!.summary, '1 principal: IAM principals of «data.aws_caller_identity.current.account_id» (1 open value)');
});

test('condition blocks repeating a test and variable are open (the provider merged or overwrote them by version)', () => {
  const text = `data "aws_iam_policy_document" "d" {
  statement {
    actions = ["kms:Decrypt"]
    resources = ["*"]
    principals {
      type = "*"
      identifiers = ["*"]
    }
    condition {
      test = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values = ["o-1"]
    }
    condition {
      test = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values = ["o-2"]
    }
  }
}
resource "aws_kms_replica_key" "r" {
  primary_key_arn = "x"
  policy = data.aws_iam_policy_document.d.json
}
`;
  const key = service.keys(service.parse(text, URI))[0]!;
  assert.equal(key.id, 'aws_kms_replica_key.r');
  assert.deepEqual(key.openValues, ['condition blocks repeating StringEquals aws:PrincipalOrgID']);
  assert.ok(!findings(text).some((f) => f.startsWith('KP600')));
});

test('aws_kms_key_policy sets the policy of a key of the file, which then has no default policy of its own', () => {
  const text = `resource "aws_kms_key" "k" {\n  description = "x"\n}\nresource "aws_kms_key_policy" "p" {\n  key_id = aws_kms_key.k.id\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" }] })\n}\nresource "aws_kms_key" "other" {}\n`;
  assert.deepEqual(
    service.keys(service.parse(text, URI)).map((k) => [k.id, k.origin]),
    [
      ['aws_kms_key_policy.p', 'policy'],
      ['aws_kms_key.other', 'default'],
    ],
  );
});

test("file() and templatefile(): read through the caller, the template's variables open; findings name the file", () => {
  const files: Record<string, string> = {
    'policy.json':
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:Decrypt", "Resource": "*"}]}',
    'key.json.tpl':
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::${account_id}:root"}, "Action": "kms:*", "Resource": "*"}, {"Effect": "Allow", "Principal": {"AWS": "${admin}"}, "Action": "kms:Decryptt", "Resource": "*"}]}',
  };
  const text = `resource "aws_kms_key" "a" {\n  policy = file("\${path.module}/policy.json")\n}\nresource "aws_kms_key" "b" {\n  policy = templatefile("key.json.tpl", { account_id = "1" })\n}\nresource "aws_kms_key" "c" {\n  policy = file("missing.json")\n}\n`;
  const hints = { readFile: (p: string) => files[p] };
  const doc = service.parse(text, URI, hints);
  assert.deepEqual(
    service.keys(doc).map((k) => [k.id, k.origin, k.file ?? k.openLabel]),
    [
      ['aws_kms_key.a', 'policy', 'policy.json'],
      ['aws_kms_key.b', 'policy', 'key.json.tpl'],
      ['aws_kms_key.c', 'open', 'file(missing.json) (not read)'],
    ],
  );
  const d = service.validate(doc);
  assert.deepEqual(
    d.map((x) => [x.code, text.slice(doc.offsetAt(x.range.start), doc.offsetAt(x.range.end)).split('(')[0], String(x.message).split(':')[0]]),
    [
      ['KP601', 'file', 'In policy.json'],
      ['KP201', 'templatefile', 'In key.json.tpl'],
    ],
  );
});

test('a policy document or local of another .tf file of the module is read there; findings sit on the reference and name the file', () => {
  const files = [
    {
      name: 'policy.tf',
      text: `data "aws_caller_identity" "me" {}\ndata "aws_iam_policy_document" "kp" {\n  statement {\n    sid       = "Root"\n    actions   = ["kms:*"]\n    resources = ["*"]\n    principals {\n      type        = "AWS"\n      identifiers = ["arn:aws:iam::\${data.aws_caller_identity.me.account_id}:root"]\n    }\n  }\n  statement {\n    sid       = "Public"\n    actions   = ["kms:Decrypt"]\n    resources = ["*"]\n    principals {\n      type        = "AWS"\n      identifiers = ["*"]\n    }\n  }\n}\n`,
    },
    {
      name: 'locals.tf',
      text: `locals {\n  key_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "kms:Decryptt", Resource = "*" }] })\n}\n`,
    },
  ];
  const text = `resource "aws_kms_key" "a" {\n  policy = data.aws_iam_policy_document.kp.json\n}\nresource "aws_kms_key" "b" {\n  policy = local.key_policy\n}\nresource "aws_kms_key" "c" {\n  policy = data.aws_iam_policy_document.nowhere.json\n}\n`;
  let asked = 0;
  const hints = { moduleFiles: () => (asked++, files) };
  const doc = service.parse(text, URI, hints);
  assert.deepEqual(
    service.keys(doc).map((k) => [k.id, k.origin, k.file ?? k.openLabel]),
    [
      ['aws_kms_key.a', 'policy', 'policy.tf'],
      ['aws_kms_key.b', 'policy', 'locals.tf'],
      ['aws_kms_key.c', 'open', 'data.aws_iam_policy_document.nowhere.json'],
    ],
  );
  assert.equal(asked, 1, 'the module is listed once per read');
  const d = service.validate(doc);
  assert.deepEqual(
    d.map((x) => [x.code, text.slice(doc.offsetAt(x.range.start), doc.offsetAt(x.range.end)), String(x.message).split(':')[0]]).sort(),
    [
      ['KP600', 'data.aws_iam_policy_document.kp.json', 'In policy.tf'],
      ['KP201', 'local.key_policy', 'In locals.tf'],
      // Its only action is misspelt: it grants nothing, so nobody could manage the key.
      ['KP601', 'local.key_policy', 'In locals.tf'],
    ].sort(),
  );
  // Without the module's files (a caller that gives none), the same references stay open: nothing is claimed.
  assert.deepEqual(findings(text), []);
});

test('a policy that is a variable or a module output is open', () => {
  const text = 'resource "aws_kms_key" "v" {\n  policy = var.key_policy\n}\nresource "aws_kms_key" "m" {\n  policy = module.policy.json\n}\n';
  const doc = service.parse(text, URI);
  assert.deepEqual(
    service.keys(doc).map((k) => k.openLabel),
    ['var.key_policy', 'module.policy.json'],
  );
  assert.deepEqual(service.validate(doc), []);
});

test('a file that is not valid HCL: the key blocks are read; their own errors are kept, errors elsewhere left to Terraform', () => {
  const pub = '{ Effect = "Allow", Principal = { AWS = "*" }, Action = "kms:Decrypt", Resource = "*" }';
  const broken = `${encoded(ROOT, pub)}\nresource "aws_s3_bucket" "b" {\n  bucket = "x"\n  tags = {\n}\n`;
  let doc = service.parse(broken, URI);
  assert.ok(isHostDocument(doc) && doc.host.problems.length === 0);
  assert.ok(findings(broken).some((f) => f.startsWith('KP600')));
  const inKey = encoded(ROOT, pub).replace('description = "main"', 'description = "main\n  oops = [');
  doc = service.parse(inKey, URI);
  assert.ok(isHostDocument(doc) && doc.host.problems.length > 0);
  assert.deepEqual(
    service.keys(doc).map((k) => k.id),
    ['aws_kms_key.main'],
  );
});

test('without the grammar (not loaded by the front door) a .tf file declares no keys and says why', () => {
  const plain = createPolicyService();
  const doc = plain.parse(encoded(ROOT), URI);
  assert.ok(isHostDocument(doc));
  assert.deepEqual(
    doc.host.problems.map((p) => p.message),
    ['The Terraform grammar is not loaded; the key policies of this file are not read.'],
  );
});

test('a plan (terraform show -json): keys by address, the policy string read with positions in the plan, unknown policies open', () => {
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:Decrytp', Resource: '*' }],
  });
  const plan = {
    format_version: '1.2',
    planned_values: {
      root_module: {
        resources: [{ address: 'aws_kms_key.a', mode: 'managed', type: 'aws_kms_key', name: 'a', values: { policy } }],
        child_modules: [
          {
            address: 'module.m',
            resources: [{ address: 'module.m.aws_kms_key.b', mode: 'managed', type: 'aws_kms_key', name: 'b', values: {} }],
          },
        ],
      },
    },
    resource_changes: [{ address: 'module.m.aws_kms_key.b', change: { actions: ['create'], after_unknown: { policy: true } } }],
  };
  const text = JSON.stringify(plan, null, 2);
  const doc = service.parse(text, 'file:///plan.json');
  assert.deepEqual(
    service.keys(doc).map((k) => [k.id, k.origin]),
    [
      ['aws_kms_key.a', 'policy'],
      ['module.m.aws_kms_key.b', 'open'],
    ],
  );
  assert.deepEqual(
    service.validate(doc).map((d) => [d.code, text.slice(doc.offsetAt(d.range.start), doc.offsetAt(d.range.end))]),
    [
      ['KP601', '\\"Statement\\"'],
      ['KP603', '\\"Statement\\"'],
      ['KP201', '\\"kms:Decrytp\\"'],
    ],
  );
});

test('a local holding jsonencode({...}) is read as the policy it encodes', () => {
  const text = `locals {\n  key_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "kms:Decrypt", Resource = "*" }] })\n}\nresource "aws_kms_key" "b" {\n  policy = local.key_policy\n}\n`;
  const doc = service.parse(text, URI);
  assert.deepEqual(
    service.keys(doc).map((k) => [k.id, k.origin]),
    [['aws_kms_key.b', 'policy']],
  );
  assert.ok(findings(text).some((f) => f.startsWith('KP600 ')));
});

test('every key resource type of a Terraform file tells the front doors the file may declare keys', () => {
  for (const type of ['aws_kms_key', 'aws_kms_replica_key', 'aws_kms_external_key', 'aws_kms_replica_external_key', 'aws_kms_key_policy'])
    assert.ok(mayDeclareKeys(`resource "${type}" "k" {}\n`), type);
  assert.ok(mayDeclareKeys('Resources:\n  K:\n    Type: AWS::KMS::ReplicaKey\n'));
  assert.ok(!mayDeclareKeys('resource "aws_kms_alias" "a" {}\n'));
});
