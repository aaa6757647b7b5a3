// Descriptor tests (node:test): the Forge manifest validates with Atlassian's @forge/manifest,
// the Connect descriptor has what Jira requires, both declare the same JQL extractions and
// validator, and the validator expression gives the right answer on summary fixtures.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, cpSync, rmSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import YAML from 'yaml';
import { validate } from '@forge/manifest';

const root = new URL('../..', import.meta.url).pathname;
const forgeDir = join(root, 'deploy/forge');
const connect = JSON.parse(readFileSync(join(root, 'deploy/connect/atlassian-connect.json'), 'utf8'));
const forge = YAML.parse(readFileSync(join(forgeDir, 'manifest.yml'), 'utf8'));

before(() => {
  // FULL validation checks that resource paths exist: stage the release build as
  // scripts/package-forge.sh does.
  assert.ok(existsSync(join(root, 'dist/index.html')), 'build the app first (scripts/build.sh)');
  assert.ok(existsSync(join(root, 'dist/settings/index.html')), 'build the settings pages first (scripts/build.sh)');
  for (const [from, to] of [['dist', 'static/ticklist'], ['dist/settings', 'static/ticklist-settings']]) {
    rmSync(join(forgeDir, to), { recursive: true, force: true });
    mkdirSync(join(forgeDir, to), { recursive: true });
    cpSync(join(root, from), join(forgeDir, to), { recursive: true });
  }
  rmSync(join(forgeDir, 'static/ticklist/settings'), { recursive: true, force: true });
});

test('the Forge manifest passes @forge/manifest FULL validation', async () => {
  const cwd = process.cwd();
  process.chdir(forgeDir);
  try {
    const result = await validate(false, join(forgeDir, 'manifest.yml'));
    assert.equal(result.success, true, JSON.stringify(result.errors, null, 2));
  } finally {
    process.chdir(cwd);
  }
});

test('the Forge manifest has one function, for the lozenge, and the narrowest grants', () => {
  // The lozenge's function and nothing else: no resolver, no trigger, no storage.
  assert.deepEqual(forge.modules.function, [{ key: 'status', handler: 'index.status' }]);
  assert.deepEqual(forge.modules['jira:issueContext'][0].dynamicProperties, { function: 'status' });
  assert.ok(existsSync(join(forgeDir, 'src/index.js')), 'the handler file exists');
  assert.equal(forge.permissions.storage, undefined, 'no Forge storage');
  assert.equal(forge.permissions.external, undefined, 'no egress');
  assert.deepEqual(forge.permissions.content.scripts, ['unsafe-eval']);
  // The simulator serves the Forge page with exactly that grant.
  const sim = readFileSync(join(root, 'crates/jira-sim/src/pages.rs'), 'utf8');
  assert.ok(sim.includes("script-src 'self' 'unsafe-eval';"));
  assert.equal(forge.permissions.content.styles, undefined, 'no unsafe-inline styles');
  assert.match(forge.resources[0].path, /^[^/]/, 'relative resource path');
});

test('the Connect descriptor is a static app with what Jira requires', () => {
  for (const field of ['key', 'name', 'baseUrl', 'authentication', 'modules']) assert.ok(connect[field], field);
  assert.match(connect.key, /^[a-zA-Z0-9-._]{1,64}$/);
  assert.equal(connect.authentication.type, 'none');
  assert.equal(connect.lifecycle, undefined, 'no lifecycle server');
  assert.match(connect.baseUrl, /^https:\/\//);
  assert.deepEqual([...connect.scopes].sort(), ['ADMIN', 'PROJECT_ADMIN', 'READ', 'WRITE']);
  for (const [kind, modules] of Object.entries(connect.modules)) {
    for (const m of modules) {
      assert.match(m.key, /^[a-z0-9-]+$/, `${kind} key`);
      assert.ok(m.name?.value, `${kind} ${m.key} name`);
      const url = m.url ?? m.target?.url;
      if (url) assert.match(url, /^\/(settings\/)?connect\.html\?/, `${kind} ${m.key} loads connect.html`);
    }
  }
});

test('both descriptors index the same summary paths under the same JQL aliases', () => {
  const c = connect.modules.jiraEntityProperties[0].keyConfigurations[0];
  const f = forge.modules['jira:entityProperty'][0];
  assert.equal(c.propertyKey, 'ticklist.summary');
  assert.equal(f.propertyKey, c.propertyKey);
  assert.deepEqual(
    f.values.map((v) => [v.path, v.type, v.searchAlias]),
    c.extractions.map((e) => [e.objectName, e.type, e.alias]),
  );
});

test('the issue-view status property key matches the status module', () => {
  const glance = connect.modules.jiraIssueContexts[0];
  // What the app writes and jira-sim reads: com.atlassian.jira.issue:<app key>:<module key>:status
  const sim = readFileSync(join(root, 'crates/jira-sim/src/pages.rs'), 'utf8');
  assert.ok(sim.includes(`com.atlassian.jira.issue:${connect.key}:${glance.key}:status`));
  assert.equal(forge.modules['jira:issueContext'][0].key, glance.key);
});

// Jira expressions use JavaScript's syntax for this subset (property access, ==, ||, +),
// so the exact expression text from the descriptors runs in a JS sandbox on fixtures.
function evaluate(expression, summary) {
  const issue = { properties: summary === undefined ? {} : { 'ticklist.summary': summary } };
  return runInNewContext(expression, { issue });
}

test('the workflow validator blocks open mandatory items and says why', () => {
  const v = connect.modules.jiraWorkflowValidators[0];
  const f = forge.modules['jira:workflowValidator'][0];
  assert.equal(f.expression, v.expression);
  assert.equal(f.errorMessage.expression, v.errorMessage.expression);
  // No checklist at all: allowed. (Jira returns null for a missing property.)
  assert.equal(evaluate(v.expression, undefined), true);
  assert.equal(evaluate(v.expression, null), true);
  assert.equal(evaluate(v.expression, { total: 3, mandatoryOpen: 0 }), true);
  assert.equal(evaluate(v.expression, { total: 3, mandatoryOpen: 2 }), false);
  assert.equal(
    evaluate(v.errorMessage.expression, { mandatoryOpen: 2 }),
    'Finish the checklist first: 2 mandatory item(s) still open.',
  );
});

test('settings pages load the settings bundle in both descriptors, the issue view does not', () => {
  const bundleOf = (resourceKey) => forge.resources.find((r) => r.key === resourceKey).path;
  for (const kind of ['jira:adminPage', 'jira:projectSettingsPage']) {
    assert.equal(bundleOf(forge.modules[kind][0].resource), 'static/ticklist-settings', kind);
  }
  for (const kind of ['jira:issuePanel', 'jira:issueContext']) {
    assert.equal(bundleOf(forge.modules[kind][0].resource), 'static/ticklist', kind);
  }
  assert.match(connect.modules.adminPages[0].url, /^\/settings\/connect\.html\?view=admin$/);
  assert.match(connect.modules.jiraProjectAdminTabPanels[0].url, /^\/settings\/connect\.html\?view=project-settings&/);
  assert.match(connect.modules.jiraIssueContents[0].target.url, /^\/connect\.html\?/);
});
