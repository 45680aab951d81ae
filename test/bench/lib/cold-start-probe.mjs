// Runs in a fresh Node process: imports a Lambda bundle and answers one event,
// as a cold Lambda instance does, and writes the timings to the file named.
// Usage: node cold-start-probe.mjs <bundle.mjs> <export> <event.json> <out.json>
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, exportName, eventFile, outFile] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const context = { functionName: 'bench', awsRequestId: 'bench-request', getRemainingTimeInMillis: () => 10_000 };

const beforeImport = performance.now();
const module = await import(pathToFileURL(bundle).href);
const imported = performance.now();
const answer = await module[exportName](event, context);
const answered = performance.now();
writeFileSync(
  outFile,
  JSON.stringify({
    // performance.now() counts from the start of this process.
    processStartMs: beforeImport,
    importMs: imported - beforeImport,
    firstAnswerMs: answered - imported,
    totalSinceStartMs: answered,
    status: answer?.statusCode ?? null,
    answer: JSON.stringify(answer).slice(0, 300),
  }),
);
process.exit(0);
