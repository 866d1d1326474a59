#!/usr/bin/env bash
# Visual check of the generated documents (issue 6): builds a small demo in a temp data folder,
# generates the plan, public notice, report and supervision notice with the CLI, converts them to
# PDF with LibreOffice and to PNG pages with pdftoppm, so a person can look at the layout.
# Needs `apt-get install libreoffice-writer-nogui poppler-utils`; not part of CI.
#   scripts/render-documents.sh [OUT_DIR]   (default: ./document-previews)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-document-previews}")
command -v soffice >/dev/null || { echo "soffice not found: apt-get install libreoffice-writer-nogui" >&2; exit 1; }
command -v pdftoppm >/dev/null || { echo "pdftoppm not found: apt-get install poppler-utils" >&2; exit 1; }
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
mkdir -p "$out"
export RECTIFY_DATA_DIR="$data" RECTIFY_DEMO=off
node bin/rectify.js demo --units 2 --problems 12 --measures 3 --seed 1 >/dev/null
inspection=$(node -e "
  const D = require('better-sqlite3');
  const db = new D(process.argv[1], { readonly: true });
  console.log(db.prepare('select id from inspections order by id desc limit 1').get().id);
" "$data/rectify.sqlite")
for kind in plan notice report supervision; do
  node bin/rectify.js report --inspection "$inspection" --kind "$kind" --out "$out/$kind.docx" >/dev/null
  soffice --headless --convert-to pdf --outdir "$out" "$out/$kind.docx" >/dev/null 2>&1
  pdftoppm -r 60 -png "$out/$kind.pdf" "$out/$kind-page"
done
ls "$out"
