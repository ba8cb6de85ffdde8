#!/usr/bin/env bash
# After a failed browser run, print what each failed test's page looked like (Playwright's
# error-context.md: the error and an accessibility snapshot of the page), so a CI log that
# keeps only text still says why a test failed. Usage: print-e2e-failures.sh <web app dir>.
# Long snapshots are cut.
cd "${1:?the web app directory}" || exit 0
for f in test-results/*/error-context.md; do
  [ -f "$f" ] || continue
  echo "===== $f"
  head -c 6000 "$f"
  echo
done
