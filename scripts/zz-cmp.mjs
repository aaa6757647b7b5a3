import fs from 'node:fs'; import zlib from 'node:zlib';
import { splitCold } from './cold-split.mjs';
import { splitCold as oldSplit } from './zz-old-cold.mjs';
const br=(b)=>zlib.brotliCompressSync(b,{params:{[zlib.constants.BROTLI_PARAM_QUALITY]:11}}).length;
const w = fs.readFileSync(process.argv[2]); const hot = new Set(Object.values(JSON.parse(fs.readFileSync('/tmp/scenes.json'))).flat());
for (const [n, f] of [['old', oldSplit], ['new', splitCold]]) { const r = f(w, hot); new WebAssembly.Module(r.primary); new WebAssembly.Module(r.secondary); console.log(n, r.primary.length, br(r.primary), r.secondary.length, br(r.secondary), JSON.stringify(r.stats)); }
