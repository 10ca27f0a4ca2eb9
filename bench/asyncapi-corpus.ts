/**
 * The AsyncAPI corpus (test/corpus/asyncapi/, issue 12 item 1), `node bin/run-ts.mjs bench/asyncapi-corpus.ts`:
 * how many valid documents generate, and the time to generate the whole corpus in one process
 * (every document on its own, as `npx generate <file>` would, with the process's one parser).
 * Peer: the official parser alone over the same documents (parse + validate, default rules).
 */
import { corpusDocuments, generateCorpus, officialErrors, officialParser } from '../test/asyncapi/corpus-support.js';

const documents = corpusDocuments();
const parser = officialParser();
const parseStarted = performance.now();
const verdicts = new Map<string, string[]>();
for (const path of documents) verdicts.set(path, await officialErrors(path, parser));
const parseMs = performance.now() - parseStarted;
const started = performance.now();
const generations = await generateCorpus(documents);
const ms = performance.now() - started;
const valid = generations.filter((g) => verdicts.get(g.path)!.every((e) => /^\d+:\d+ asyncapi2-(message|schema)-(examples|default)/.test(e)));
const generated = valid.filter((g) => g.files.size > 0 && !g.diagnostics.some((d) => d.severity === 'error'));
console.log('| measure | sockgen | peer in the same run | ratio | aim |\n|---|---|---|---|---|');
console.log(`| AsyncAPI corpus: valid documents generated | ${generated.length} / ${valid.length} | ${documents.length} documents | — | all |`);
console.log(`| generate the whole corpus, one process | ${(ms / 1000).toFixed(1)} s | ${(parseMs / 1000).toFixed(1)} s (official parser alone, default rules) | ${(ms / parseMs).toFixed(2)}× | report |`);
