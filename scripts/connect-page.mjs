// trunk post-build hook: dist/connect.html is index.html plus Atlassian's all.js, which gives
// the page its AP bridge in Connect. index.html stays free of it for Forge's strict CSP.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR || join(new URL('..', import.meta.url).pathname, 'dist');
export const ALL_JS = '<script src="https://connect-cdn.atl-paas.net/all.js"></script>';
const html = readFileSync(join(dir, 'index.html'), 'utf8');
if (!html.includes('<head>')) throw new Error('index.html has no <head> to put all.js in');
writeFileSync(join(dir, 'connect.html'), html.replace('<head>', '<head>' + ALL_JS));
