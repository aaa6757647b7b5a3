// The one Forge function: the jira:issueContext module's dynamic properties (the progress
// lozenge). See status.js; this file only connects it to Forge's API.
import api, { route } from '@forge/api';
import { makeStatus } from './handler.js';

export const status = makeStatus(api, route);
