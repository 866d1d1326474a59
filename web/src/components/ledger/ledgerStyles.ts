// The ledger tree's styles: aspect rows as section headers, the keyboard-focused row outlined.
// Inlined (not a .css import) so the build needs no CSS minifier.
export const ledgerCss = `
.ledger-table .ledger-row-aspect > * {
  background: #f6f7f9;
}
.ledger-table .ledger-row-measure > * {
  color: rgba(0, 0, 0, 0.72);
  font-size: 13px;
}
.ledger-table .ledger-row-focused > * {
  background: #fff1f0 !important;
}
.ledger-table .ledger-row-focused > *:first-child {
  box-shadow: inset 3px 0 0 #b7272d;
}
.ledger-table .ledger-title {
  color: rgba(0, 0, 0, 0.88);
  font-weight: 500;
}
.ledger-table .ledger-title:hover {
  color: #b7272d;
}
.ledger-table .ledger-measure {
  display: inline-flex;
  gap: 6px;
  align-items: baseline;
}
.ledger-table:focus-visible {
  outline: 2px solid #b7272d;
  outline-offset: 2px;
}
.ledger-keys kbd {
  border: 1px solid #d9d9d9;
  border-bottom-width: 2px;
  border-radius: 4px;
  padding: 0 5px;
  font-size: 12px;
  background: #fafafa;
}
`;
