#!/usr/bin/env bash
# Regenerates admin_2026-07.graphql (the Shopify Admin API schema, API version 2026-07) from the npm
# package @shopify/dev-mcp@1.16.0 (ISC, Shopify Inc.; notice in LICENSE.shopify-dev-mcp.txt).
# The package ships introspection JSON; graphql-js prints it as SDL. Descriptions are stripped to keep
# the file small: validation and the simulator need only the types.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent @shopify/dev-mcp@1.16.0 >/dev/null
tar xzf shopify-dev-mcp-1.16.0.tgz
cp package/LICENSE "$here/LICENSE.shopify-dev-mcp.txt"
npm init -y >/dev/null
npm install --silent --no-audit --no-fund graphql@16.11.0 >/dev/null
gunzip -c package/dist/data/admin_2026-07.json.gz > admin.json
cat > print.cjs <<'JS'
const fs = require('fs');
const { buildClientSchema, printSchema, visit, parse, print } = require('graphql');
const json = JSON.parse(fs.readFileSync('admin.json', 'utf8'));
const schema = buildClientSchema(json.data ?? json);
const stripped = visit(parse(printSchema(schema)), {
  enter(node) { if (node.description) return { ...node, description: undefined }; },
});
process.stdout.write(print(stripped) + '\n');
JS
node print.cjs > "$here/admin_2026-07.graphql"
echo "wrote $here/admin_2026-07.graphql ($(wc -c < "$here/admin_2026-07.graphql") bytes)"
