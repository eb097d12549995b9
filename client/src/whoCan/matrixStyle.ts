/**
 * The who-can matrix's stylesheet: every colour a --vscode-* theme variable (so dark, light and high-contrast
 * themes all work), decisions told apart by icon and word as well as colour, a visible focus ring, the table
 * wrapping inside the panel rather than running off its edge, and role chains drawn as boxes and arrows.
 */

/** The stylesheet. */
export const MATRIX_STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 16px 24px; }
h1 { font-size: 1.4em; font-weight: 600; margin: 16px 0 4px; }
h3 { font-size: 1em; font-weight: 600; margin: 8px 0 2px; }
.summary { margin: 0 0 8px; }
.toolbar { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; margin: 8px 0; }
input, select { background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, var(--vscode-panel-border)); padding: 3px 6px; font: inherit; }
input { min-width: 16em; }
button { background: var(--vscode-button-secondaryBackground, var(--vscode-button-background)); color: var(--vscode-button-secondaryForeground, var(--vscode-button-foreground)); border: 1px solid var(--vscode-button-border, transparent); padding: 3px 10px; font: inherit; cursor: pointer; }
button:hover { background: var(--vscode-button-secondaryHoverBackground, var(--vscode-button-hoverBackground)); }
button.reveal { background: none; border: none; color: var(--vscode-textLink-foreground); padding: 0; text-align: left; text-decoration: underline; }
:focus-visible, .cell:focus { outline: 2px solid var(--vscode-focusBorder); outline-offset: -2px; }
.legend span { margin-right: 1.2em; }
.notes { color: var(--vscode-descriptionForeground); margin: 4px 0 12px; padding-left: 1.2em; }
table { border-collapse: collapse; width: 100%; table-layout: auto; }
th, td { border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-editorWidget-border)); padding: 4px 8px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
thead th { position: sticky; top: 0; background: var(--vscode-editor-background); font-weight: 600; border-bottom: 2px solid var(--vscode-panel-border, var(--vscode-editorWidget-border)); }
tr.group th { background: var(--vscode-sideBarSectionHeader-background, var(--vscode-editorWidget-background)); color: var(--vscode-sideBarSectionHeader-foreground, var(--vscode-foreground)); font-weight: 600; cursor: pointer; }
tr.principal th { font-weight: normal; cursor: pointer; min-width: 9em; }
tr.principal:hover, tr.principal:focus-within { background: var(--vscode-list-hoverBackground); }
.twisty::before { content: '▸'; display: inline-block; width: 1.1em; }
tr[aria-expanded="true"] > th > .twisty::before { content: '▾'; }
.kind, .chain-count, .count, .via, .arn, .chain-note { color: var(--vscode-descriptionForeground); font-size: 0.9em; }
.arn { font-family: var(--vscode-editor-font-family); }
.scroll { overflow-x: auto; }
.decision .icon, .decision .word { white-space: nowrap; }
.via { display: block; }
.allowed .icon { color: var(--vscode-testing-iconPassed, var(--vscode-charts-green)); }
.conditional .icon { color: var(--vscode-editorWarning-foreground, var(--vscode-charts-yellow)); }
.denied .icon { color: var(--vscode-errorForeground, var(--vscode-charts-red)); }
.decision.denied .word { color: var(--vscode-descriptionForeground); }
.icon { font-weight: bold; }
tr.details > td { background: var(--vscode-editorWidget-background, var(--vscode-editor-background)); padding: 4px 16px 10px 28px; }
.action-detail p { margin: 2px 0; }
.conditions, .statements { margin: 2px 0; padding-left: 1.4em; font-family: var(--vscode-editor-font-family); font-size: 0.95em; }
.statements { font-family: inherit; }
ol.chain { display: flex; flex-wrap: wrap; align-items: center; list-style: none; padding: 0; margin: 6px 0; gap: 4px; }
ol.chain .node { border: 1px solid var(--vscode-focusBorder); border-radius: 3px; padding: 1px 8px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
ol.chain .node.start { border-style: dashed; }
ol.chain .node.action { background: none; color: var(--vscode-foreground); font-family: var(--vscode-editor-font-family); }
ol.chain .arrow { color: var(--vscode-descriptionForeground); }
.empty { font-style: italic; }
h2 { font-size: 1.15em; font-weight: 600; margin: 20px 0 6px; }
table.who-did { width: auto; }
pre { white-space: pre-wrap; font-family: var(--vscode-editor-font-family); }
`;
