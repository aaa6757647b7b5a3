// A static Connect app never signs JWTs; this stands in for atlassian-jwt in the fake-ap bundle.
export function encodeSymmetric() {
  throw new Error('JWT is not available in jira-sim');
}
export default { encodeSymmetric };
