/**
 * The who-can matrix as HTML: a pure function of the model, so what the webview shows is tested as text in
 * test/client. A table with the grid role (rows, row headers, grid cells; one cell in the tab order, arrows move
 * between cells), each decision as an icon and a word (never colour alone), residual conditions in the cell's
 * hover and in the row's expanded details, the deciding statements as buttons that reveal them in the policy,
 * and role chains drawn as paths. Colours come from the theme's --vscode-* variables. The Content Security
 * Policy allows the one inline style and script carrying the nonce, and nothing remote.
 */
import type { CellDecision, MatrixCell, MatrixChain, MatrixGroup, MatrixModel, MatrixRow } from './matrixModel';
import { rowDecisions, rowSearchText } from './matrixModel';
import { MATRIX_SCRIPT } from './matrixScript';
import { MATRIX_STYLE } from './matrixStyle';

/** What the page needs from the webview that hosts it. */
export interface MatrixPage {
  /** A fresh random nonce per rendering. */
  readonly nonce: string;
  /** The webview's `cspSource` (allowed for styles; nothing is loaded from it today). */
  readonly cspSource: string;
}

/** HTML-escapes text for element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

const ICON: Readonly<Record<CellDecision, string>> = { allowed: '✓', conditional: '◐', denied: '✕' };
const WORD: Readonly<Record<CellDecision, string>> = { allowed: 'Allowed', conditional: 'Conditional', denied: 'Denied' };

/** The hover text of a cell: its reason, and the conditions under which it holds. */
export function cellTitle(cell: MatrixCell): string {
  const lines = [`${cell.action}: ${WORD[cell.decision]} — ${cell.reason}`];
  if (cell.tooComplex) lines.push('Conditions too complex to list.');
  if (cell.conditions.length > 0) lines.push(...(cell.conditions.length === 1 ? ['When:'] : ['When any of:']), ...cell.conditions.map((c) => `  ${c}`));
  if (cell.unless.length > 0) lines.push('Unless:', ...cell.unless.map((c) => `  ${c}`));
  if (cell.viaChain) lines.push('Only by assuming a role (see the row’s chains).');
  return lines.join('\n');
}

function cellHtml(cell: MatrixCell): string {
  const chain = cell.viaChain
    ? ` <span class="via" title="${cell.decision === 'denied' ? 'not directly, but by assuming roles (see the row’s chains)' : 'only through a role chain'}">↪ via role chain</span>`
    : '';
  return `<td role="gridcell" class="cell decision ${cell.decision}" tabindex="-1" title="${escapeHtml(cellTitle(cell))}" data-decision="${cell.decision}"><span class="icon" aria-hidden="true">${ICON[cell.decision]}</span> <span class="word">${WORD[cell.decision]}</span>${chain}</td>`;
}

/** A role chain drawn as boxes joined by arrows, ending at the actions. */
export function chainHtml(chain: MatrixChain): string {
  const words = [...chain.steps, chain.actions.join(', ')].join(' → ');
  const nodes = chain.steps.map(
    (step, i) =>
      `<li class="node${i === 0 ? ' start' : ''}" title="${escapeHtml(chain.arns[i] ?? step)}">${escapeHtml(step)}</li><li class="arrow" aria-hidden="true">→</li>`,
  );
  const end = `<li class="node action">${escapeHtml(chain.actions.join(', '))}</li>`;
  const conditional = chain.conditional ? '<span class="chain-note">(a trust policy or sts:AssumeRole allow on the way is conditional)</span>' : '';
  return `<ol class="chain" aria-label="Role chain: ${escapeHtml(words)}">${nodes.join('')}${end}</ol>${conditional}`;
}

function detailsHtml(row: MatrixRow, columns: number): string {
  const parts: string[] = [];
  if (row.note) parts.push(`<p class="note">${escapeHtml(row.note)}</p>`);
  parts.push(`<p class="arn">${escapeHtml(row.principal)}</p>`);
  for (const cell of row.cells) {
    const conditions =
      cell.conditions.length > 0 || cell.unless.length > 0
        ? `<ul class="conditions">${cell.conditions.map((c) => `<li>when ${escapeHtml(c)}</li>`).join('')}${cell.unless.map((c) => `<li>unless ${escapeHtml(c)}</li>`).join('')}</ul>`
        : cell.tooComplex
          ? '<p class="conditions">Conditions too complex to list.</p>'
          : '';
    const statements =
      cell.statements.length > 0
        ? `<ul class="statements">${cell.statements
            .map((s) =>
              s.keyPolicyIndex !== undefined
                ? `<li><button class="reveal" data-statement="${s.keyPolicyIndex}" title="Show this statement in the policy">${escapeHtml(s.label)}</button></li>`
                : `<li>${escapeHtml(s.label)}</li>`,
            )
            .join('')}</ul>`
        : '';
    parts.push(
      `<div class="action-detail"><h3><span class="icon" aria-hidden="true">${ICON[cell.decision]}</span> ${escapeHtml(cell.action)}: ${WORD[cell.decision]}</h3><p>${escapeHtml(cell.reason)}</p>${conditions}${statements}</div>`,
    );
  }
  if (row.chains.length > 0) parts.push(`<h3>Role chains</h3>${row.chains.map(chainHtml).join('')}`);
  return `<tr role="row" class="details" id="${row.id}-details" data-details-of="${row.id}" hidden><td role="gridcell" class="cell" tabindex="-1" colspan="${columns}">${parts.join('')}</td></tr>`;
}

function rowHtml(row: MatrixRow, group: MatrixGroup, columns: number): string {
  const chains = row.chains.length > 0 ? ` <span class="chain-count">${row.chains.length} role chain${row.chains.length === 1 ? '' : 's'}</span>` : '';
  const head = `<th role="rowheader" scope="row" class="cell name" tabindex="-1" title="${escapeHtml(row.principal)}"><span class="twisty" aria-hidden="true"></span><span class="label">${escapeHtml(row.name)}</span> <span class="kind">${escapeHtml(row.kind)}</span>${chains}</th>`;
  return (
    `<tr role="row" class="principal" id="${row.id}" data-group="${group.id}" aria-expanded="false" aria-controls="${row.id}-details" data-search="${escapeHtml(rowSearchText(row))}" data-decisions="${rowDecisions(row)}">` +
    head +
    row.cells.map(cellHtml).join('') +
    '</tr>' +
    detailsHtml(row, columns)
  );
}

function groupHtml(group: MatrixGroup, columns: number): string {
  const header = `<tr role="row" class="group" id="${group.id}" aria-expanded="true"><th role="rowheader" scope="rowgroup" class="cell" tabindex="-1" colspan="${columns}"><span class="twisty" aria-hidden="true"></span>${escapeHtml(group.label)} <span class="count" data-count-of="${group.id}">(${group.rows.length})</span></th></tr>`;
  return `<tbody role="rowgroup" data-group="${group.id}">${header}${group.rows.map((r) => rowHtml(r, group, columns)).join('')}</tbody>`;
}

function whoDidHtml(model: MatrixModel): string {
  const parts: string[] = [];
  const w = model.whoDid;
  if (w) {
    const able = w.rows.filter((r) => r.decision === 'allowed' || r.decision === 'conditional');
    const others = w.rows.filter((r) => !able.includes(r));
    const unused = able.filter((r) => r.calls === 0);
    const row = (r: (typeof w.rows)[number]): string =>
      `<tr><th scope="row" title="${escapeHtml(r.principal)}">${escapeHtml(r.name)}</th><td class="${r.decision ?? 'denied'}"><span class="icon" aria-hidden="true">${ICON[r.decision ?? 'denied']}</span> ${WORD[r.decision ?? 'denied']}</td><td>${r.calls === 0 ? 'not seen' : `${r.calls} call${r.calls === 1 ? '' : 's'}`}${r.denied > 0 ? `, ${r.denied} denied` : ''}</td><td>${escapeHtml(r.last ?? '—')}</td></tr>`;
    parts.push(
      `<section id="who-did" aria-labelledby="who-did-title"><h2 id="who-did-title">Who can vs who did (${escapeHtml(w.action)})</h2>`,
      `<table class="who-did"><thead><tr><th scope="col">Principal</th><th scope="col">Can</th><th scope="col">In the trail</th><th scope="col">Last call</th></tr></thead><tbody>${[...able, ...others].map(row).join('')}</tbody></table>`,
      `<p><strong>Unused named access:</strong> ${unused.length === 0 ? 'none' : unused.map((r) => escapeHtml(r.name)).join(', ')}</p></section>`,
    );
  }
  if (model.appendix)
    parts.push(`<section class="appendix"><h2>${escapeHtml(model.appendix.title)}</h2><pre>${escapeHtml(model.appendix.text)}</pre></section>`);
  return parts.join('');
}

/** The whole page. */
export function matrixHtml(model: MatrixModel, page: MatrixPage): string {
  const columns = model.actions.length + 1;
  const total = model.groups.reduce((n, g) => n + g.rows.length, 0);
  const csp = `default-src 'none'; style-src ${page.cspSource} 'nonce-${page.nonce}'; script-src 'nonce-${page.nonce}'; img-src ${page.cspSource} data:;`;
  const notes =
    model.notes.length > 0
      ? `<ul class="notes" aria-label="What the answer does not include">${model.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`
      : '';
  const kindWord = model.named ? 'principals' : 'principal classes';
  const legend = `<p class="legend"><span class="allowed"><span class="icon" aria-hidden="true">${ICON.allowed}</span> allowed</span> <span class="conditional"><span class="icon" aria-hidden="true">${ICON.conditional}</span> conditional (hover or expand for the conditions)</span> <span class="denied"><span class="icon" aria-hidden="true">${ICON.denied}</span> denied</span></p>`;
  const body =
    total === 0
      ? `<p class="empty">No ${kindWord} can perform ${escapeHtml(model.actions.join(', '))} on this key.</p>`
      : `<div class="scroll"><table role="grid" id="matrix" aria-label="${escapeHtml(model.title)}" aria-rowcount="-1">
<thead role="rowgroup"><tr role="row"><th role="columnheader" scope="col">${model.named ? 'Principal' : 'Principal class'}</th>${model.actions.map((a) => `<th role="columnheader" scope="col" title="${escapeHtml(a)}">${escapeHtml(a.replace(/^kms:/, ''))}</th>`).join('')}</tr></thead>
${model.groups.map((g) => groupHtml(g, columns)).join('\n')}
</table></div>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(model.title)}</title>
<style nonce="${page.nonce}">${MATRIX_STYLE}</style>
</head>
<body data-named="${model.named}">
<header>
<h1>${escapeHtml(model.title)}</h1>
<p class="summary">${escapeHtml(model.summary)}</p>
<div class="toolbar" role="toolbar" aria-label="Filter and actions">
<label>Filter <input type="search" id="filter" placeholder="name or ARN" aria-controls="matrix"></label>
<label>Decision <select id="decision" aria-controls="matrix"><option value="">any</option><option value="allowed">allowed</option><option value="conditional">conditional</option><option value="denied">denied</option></select></label>
<button id="expand-all" type="button">Expand all</button>
<button id="copy" type="button">Copy as Markdown</button>
<span id="shown" role="status" aria-live="polite" data-total="${total}" data-kind="${kindWord}">${total} of ${total} ${kindWord}</span>
</div>
${legend}
${notes}
</header>
<main>
${body}
${whoDidHtml(model)}
</main>
<script nonce="${page.nonce}">${MATRIX_SCRIPT}</script>
</body>
</html>`;
}
