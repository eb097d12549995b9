/**
 * The who-can matrix's script, run inside the webview (plain ES2020, no modules, nothing remote). It keeps one
 * cell in the tab order and moves it with the arrow keys, Home and End (the grid pattern of WAI-ARIA), expands a
 * row or collapses a group on Enter, Space or a click, filters rows with the view's filter (rowMatches, the same
 * function test/client tests, embedded by its source), and asks the extension to copy the Markdown or reveal a
 * statement. The filter is kept in the webview's state, so it survives the panel being hidden and shown.
 */
import { rowMatches } from './matrixModel';

/** The script's source. */
export const MATRIX_SCRIPT = `(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const rowMatches = ${rowMatches.toString()};
  const grid = document.getElementById('matrix');
  const filter = document.getElementById('filter');
  const decision = document.getElementById('decision');
  const shown = document.getElementById('shown');
  let current = null;

  const rows = () => (grid ? Array.from(grid.querySelectorAll('tbody > tr')).filter((r) => !r.hidden) : []);
  const cellsOf = (row) => Array.from(row.children).filter((c) => c.classList.contains('cell'));
  const detailsOf = (row) => document.getElementById(row.id + '-details');
  const principalsOf = (groupId) => Array.from(grid.querySelectorAll('tr.principal[data-group="' + groupId + '"]'));

  function focusCell(cell, move) {
    if (!cell) return;
    if (current && current !== cell) current.tabIndex = -1;
    current = cell;
    cell.tabIndex = 0;
    if (move !== false) cell.focus();
  }

  function firstCell() {
    const first = rows()[0];
    return first ? cellsOf(first)[0] : undefined;
  }

  function update() {
    if (!grid) return;
    const q = filter.value;
    const d = decision.value;
    let count = 0;
    for (const group of grid.querySelectorAll('tr.group')) {
      const open = group.getAttribute('aria-expanded') === 'true';
      let matching = 0;
      for (const row of principalsOf(group.id)) {
        const match = rowMatches(row.dataset.search || '', row.dataset.decisions || '', q, d);
        if (match) matching++;
        row.hidden = !match || !open;
        const details = detailsOf(row);
        if (details) details.hidden = row.hidden || row.getAttribute('aria-expanded') !== 'true';
      }
      count += matching;
      group.hidden = matching === 0;
      const label = grid.querySelector('[data-count-of="' + group.id + '"]');
      if (label) label.textContent = '(' + matching + ')';
    }
    shown.textContent = count + ' of ' + shown.dataset.total + ' ' + shown.dataset.kind;
    if (!current || current.closest('tr').hidden) focusCell(firstCell(), false);
    vscode.setState({ filter: q, decision: d });
  }

  function toggle(row, open) {
    const expanded = open === undefined ? row.getAttribute('aria-expanded') !== 'true' : open;
    row.setAttribute('aria-expanded', String(expanded));
    update();
  }

  function onKey(event) {
    const cell = event.target.closest ? event.target.closest('.cell') : null;
    if (!cell || event.target !== cell) return;
    const row = cell.closest('tr');
    const all = rows();
    const r = all.indexOf(row);
    const c = cellsOf(row).indexOf(cell);
    const at = (i, col) => {
      const target = all[Math.max(0, Math.min(all.length - 1, i))];
      const cells = cellsOf(target);
      return cells[Math.min(col, cells.length - 1)];
    };
    let next;
    switch (event.key) {
      case 'ArrowRight': next = cellsOf(row)[Math.min(c + 1, cellsOf(row).length - 1)]; break;
      case 'ArrowLeft': next = cellsOf(row)[Math.max(c - 1, 0)]; break;
      case 'ArrowDown': next = at(r + 1, c); break;
      case 'ArrowUp': next = at(r - 1, c); break;
      case 'Home': next = event.ctrlKey ? at(0, 0) : cellsOf(row)[0]; break;
      case 'End': next = event.ctrlKey ? at(all.length - 1, 99) : cellsOf(row)[cellsOf(row).length - 1]; break;
      case 'Enter':
      case ' ':
        if (row.classList.contains('principal') || row.classList.contains('group')) {
          event.preventDefault();
          toggle(row);
          focusCell(cell);
        }
        return;
      default: return;
    }
    event.preventDefault();
    focusCell(next);
  }

  if (grid) {
    grid.addEventListener('keydown', onKey);
    grid.addEventListener('click', (event) => {
      const button = event.target.closest('button.reveal');
      if (button) {
        vscode.postMessage({ type: 'reveal', statement: Number(button.dataset.statement) });
        return;
      }
      const cell = event.target.closest('.cell');
      if (!cell) return;
      focusCell(cell);
      const row = cell.closest('tr');
      if (cell.tagName === 'TH' && (row.classList.contains('principal') || row.classList.contains('group'))) toggle(row);
    });
  }
  filter.addEventListener('input', update);
  decision.addEventListener('change', update);
  document.getElementById('copy').addEventListener('click', () => vscode.postMessage({ type: 'copy' }));
  document.getElementById('expand-all').addEventListener('click', (event) => {
    if (!grid) return;
    const open = event.target.textContent === 'Expand all';
    for (const row of grid.querySelectorAll('tr.principal, tr.group')) row.setAttribute('aria-expanded', String(open || row.classList.contains('group')));
    event.target.textContent = open ? 'Collapse all' : 'Expand all';
    update();
  });
  const state = vscode.getState();
  if (state) {
    filter.value = state.filter || '';
    decision.value = state.decision || '';
  }
  update();
})();`;
