// Validates deploy/forge/manifest.yml with Atlassian's own @forge/manifest (FULL validation,
// which also checks that resource paths exist). Run after scripts/package-forge.sh.
import { validate } from '@forge/manifest';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'forge');
process.chdir(dir);
const result = await validate(false, join(dir, 'manifest.yml'));
if (!result.success) {
  console.error(JSON.stringify(result.errors, null, 2));
  process.exit(1);
}
console.log('manifest.yml is valid');
