// Key policies in templates and Terraform files. Inputs: a 300 KB CloudFormation YAML template holding 10 keys and
// a 300 KB Terraform file holding 10 keys (the rest ordinary resources), a 5 MB template, and 1,000 typical
// templates of about 20 KB with 2 keys each.
// - LSP didChange → publishDiagnostics on the 300 KB template and on the 300 KB .tf file, beside the floor: the
//   time the `yaml` package's parseDocument (tree-sitter's parse, for HCL) takes on the same text, in this
//   process. Targets: at most 2.5× the floor, and 30 ms median.
// - the 5 MB template: diagnostics after a change (responsiveness, no target).
// - CLI: `kms-policy lint` over the 1,000 templates, files per second (target 500).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SERVER_ENV, SERVER_NODE_FLAGS } from './lsp.mjs';
import { buildServer, startServer } from './lib/lspServer.mjs';

export const title = 'Key policies in templates and Terraform files';

const RUNS = 20;

const KEY_YAML = (i) => `  DataKey${i}:
    Type: AWS::KMS::Key
    Properties:
      Description: key ${i}
      EnableKeyRotation: true
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Sid: Root${i}
            Effect: Allow
            Principal:
              AWS: !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root"
            Action: "kms:*"
            Resource: "*"
          - Sid: Use
            Effect: Allow
            Principal:
              AWS: !GetAtt AppRole.Arn
            Action: [kms:Decrypt, kms:Encrypt, "kms:GenerateDataKey*"]
            Resource: "*"
            Condition:
              StringEquals:
                kms:ViaService: !Sub "s3.\${AWS::Region}.amazonaws.com"
`;
const OTHER_YAML = (i) => `  Bucket${i}:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "bucket-${i}-\${Env}"
      Tags:
        - Key: Name
          Value: bucket${i}
      VersioningConfiguration:
        Status: Enabled
`;
const KEY_TF = (i) => `resource "aws_kms_key" "key${i}" {
  description = "key ${i}"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Root${i}"
        Effect    = "Allow"
        Principal = { AWS = "arn:\${data.aws_partition.current.partition}:iam::\${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "Use"
        Effect    = "Allow"
        Principal = { AWS = aws_iam_role.app.arn }
        Action    = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*"]
        Resource  = "*"
      },
    ]
  })
}

`;
const OTHER_TF = (i) => `resource "aws_s3_bucket" "b${i}" {
  bucket = "bucket-${i}-\${var.env}"
  tags = {
    Name = "bucket${i}"
  }
}

`;

/** A template of about `size` bytes with `keys` keys spread through it. */
function template(size, keys, key, other, header) {
  const parts = [header];
  let length = header.length;
  let i = 0;
  const every = Math.max(1, Math.floor(size / keys / other(0).length));
  let placed = 0;
  while (length < size || placed < keys) {
    const part = placed < keys && i % every === every - 1 ? (placed++, key(i)) : other(i);
    parts.push(part);
    length += part.length;
    i++;
  }
  return parts.join('');
}

const yamlTemplate = (size, keys) =>
  template(
    size,
    keys,
    KEY_YAML,
    OTHER_YAML,
    'AWSTemplateFormatVersion: "2010-09-09"\nParameters:\n  Env:\n    Type: String\nResources:\n  AppRole:\n    Type: AWS::IAM::Role\n',
  );
const tfFile = (size, keys) => template(size, keys, KEY_TF, OTHER_TF, 'data "aws_caller_identity" "current" {}\ndata "aws_partition" "current" {}\n\n');

/** Median time from a didChange (a typed edit in one key's policy) to the diagnostics of that version (each change past the debounce window). */
async function changeLatency(s, uri, languageId, text, runs = RUNS) {
  const opened = s.diagnostics(uri, 1);
  await s.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  await opened;
  const times = [];
  for (let i = 0; i < runs; i++) {
    await new Promise((r) => setTimeout(r, 200));
    const version = i + 2;
    // An edit inside the first key's policy (a new Sid each time): that key is linted again, the others are not.
    const changed = text.replace('- Sid: Root', `- Sid: Edit${i}Root`).replace('Sid       = "Root', `Sid       = "Edit${i}Root`);
    const ready = s.diagnostics(uri, version);
    const t0 = process.hrtime.bigint();
    await s.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: changed }] });
    await ready;
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times;
}

function lintRun(cli, dir) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, [cli, 'lint', '--format', 'json', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    child.stdout.on('data', (c) => out.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0 && code !== 1) return reject(new Error(`kms-policy exited ${code}`));
      resolve({ ms: Number(process.hrtime.bigint() - start) / 1e6, reports: JSON.parse(Buffer.concat(out).toString('utf8')) });
    });
  });
}

export async function run(ctx) {
  const yaml = ctx.require('yaml');
  const engine = await ctx.engine();
  const serverJs = await buildServer(ctx);
  const grammar = await engine.loadTerraformGrammar(
    fs.readFileSync(path.join(path.dirname(serverJs), 'web-tree-sitter.wasm')),
    fs.readFileSync(path.join(path.dirname(serverJs), 'tree-sitter-terraform.wasm')),
  );

  const cfn = yamlTemplate(300 * 1024, 10);
  const tf = tfFile(300 * 1024, 10);
  const huge = yamlTemplate(5 * 1024 * 1024, 40);
  console.log(
    `  template ${Math.round(cfn.length / 1024)} KB (10 keys), Terraform ${Math.round(tf.length / 1024)} KB (10 keys), large template ${(huge.length / 1048576).toFixed(1)} MB (40 keys)`,
  );

  const [yamlFloor] = ctx.timeInterleaved([() => yaml.parseDocument(cfn)], { warmupMs: 500, batch: 3, minRuns: 20, minMs: 2000 });
  const [hclFloor] = ctx.timeInterleaved([() => grammar.parse(tf).delete()], { warmupMs: 500, batch: 3, minRuns: 20, minMs: 2000 });
  ctx.record('iac.yaml-parseDocument-300kb.median (floor)', yamlFloor.median, 'ms');
  ctx.record('iac.tree-sitter-parse-300kb.median (floor)', hclFloor.median, 'ms');

  // As the VS Code client starts it; no account in the settings (the templates name their own).
  const s = await startServer(ctx, serverJs, SERVER_NODE_FLAGS, SERVER_ENV, {});
  try {
    const yamlTimes = await changeLatency(s, 'file:///bench/stack.yaml', 'yaml', cfn);
    const tfTimes = await changeLatency(s, 'file:///bench/main.tf', 'terraform', tf);
    const y = ctx.median(yamlTimes);
    const t = ctx.median(tfTimes);
    ctx.record('iac.lsp.change-to-diagnostics.cfn-yaml-300kb.median', y, 'ms', { op: '<=', value: 30 });
    ctx.record('iac.lsp.change-to-diagnostics.cfn-yaml-300kb / floor', y / yamlFloor.median, 'x', { op: '<=', value: 2.5 });
    ctx.record('iac.lsp.change-to-diagnostics.terraform-300kb.median', t, 'ms', { op: '<=', value: 30 });
    ctx.record('iac.lsp.change-to-diagnostics.terraform-300kb / floor', t / hclFloor.median, 'x', { op: '<=', value: 2.5 });
    const hugeTimes = await changeLatency(s, 'file:///bench/huge.yaml', 'yaml', huge, 5);
    ctx.record('iac.lsp.change-to-diagnostics.cfn-yaml-5mb.median', ctx.median(hugeTimes), 'ms');
  } finally {
    await s.stop();
  }

  const cli = await ctx.cli();
  const dir = ctx.tempDir('iac-cli');
  const FILES = 1000;
  let bytes = 0;
  for (let i = 0; i < FILES; i++) {
    // Each file's policies its own (Sids numbered per file): no file's lint is another's.
    const text = (i % 2 === 0 ? yamlTemplate(20 * 1024, 2) : tfFile(20 * 1024, 2)).replace(/Root(\d+)/g, `Root$1F${i}`);
    bytes += text.length;
    fs.writeFileSync(path.join(dir, i % 2 === 0 ? `stack-${i}.yaml` : `main-${i}.tf`), text);
  }
  console.log(`  CLI: ${FILES} files (half YAML templates, half Terraform), average ${Math.round(bytes / FILES / 1024)} KB, 2 distinct keys each`);
  const times = [];
  for (let r = 0; r < 3; r++) {
    const { ms, reports } = await lintRun(cli, dir);
    if (reports.length !== FILES) throw new Error(`expected ${FILES} reports, got ${reports.length}`);
    times.push(ms);
  }
  ctx.record('iac.cli.templates-per-second', FILES / (ctx.median(times) / 1000), 'files/s', { op: '>=', value: 500 });
}
