/**
 * `npm run corpus`: lints the corpus of real key policies and prints the false-positive rate per severity
 * beside what is still wrong. Exits 1 when a verdict is contradicted (the same conditions corpus.test.ts checks).
 */
import { judge, readCorpus, renderJudgement } from './judge';

const corpus = readCorpus(process.cwd());
const j = judge(corpus);
console.log(renderJudgement(j, corpus.entries.length));
process.exitCode = j.keptFalse.length + j.lostTrue.length + j.stillMissed.length + j.unjudged.length > 0 ? 1 : 0;
