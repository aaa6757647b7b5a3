// The simulated Jira page: fits the app's iframe to the height the app reports, and shows the
// flags the app raises (AP.flag / showFlag), as Jira does outside the iframe.
window.addEventListener('message', (event) => {
  if (event.origin !== window.location.origin) return;
  const data = event.data || {};
  if (data.type === 'jira-sim:resize' && typeof data.height === 'number') {
    const frame = document.getElementById('ticklist-panel');
    if (frame) frame.style.height = Math.max(60, Math.ceil(data.height)) + 'px';
  } else if (data.type === 'jira-sim:flag' && data.flag) {
    const box = document.createElement('div');
    box.className = 'sim-flag sim-flag--' + String(data.flag.type || 'info');
    box.setAttribute('role', 'status');
    box.setAttribute('data-testid', 'host-flag');
    const title = document.createElement('strong');
    title.textContent = String(data.flag.title || '');
    const body = document.createElement('div');
    body.textContent = String(data.flag.description || '');
    box.append(title, body);
    document.body.append(box);
    setTimeout(() => box.remove(), 8000);
  }
});

// Forge: the issue view's progress lozenge comes from the app's `status` function. Jira runs it
// on Atlassian's side; here the same file (deploy/forge/src/status.js) runs in the page, reading
// the summary through the simulator's REST as the viewing user.
(function forgeStatus() {
  const slot = document.querySelector('[data-forge-issue]');
  if (!slot) return;
  const user = document.currentScript?.dataset.user || '';
  const get = (id) => fetch(`/rest/api/3/issue/${encodeURIComponent(id)}/properties/ticklist.summary`, {
    headers: { Authorization: 'Basic ' + btoa(user + ':') },
  });
  const show = async () => {
    const { statusFor } = await import('/sim/forge-status.js');
    const { status } = await statusFor(get, { extension: { issue: { id: slot.dataset.forgeIssue } } });
    slot.textContent = status.value.label;
    slot.dataset.type = status.value.type;
  };
  // Once per issue view, as Jira asks: reload the page to see a later count.
  show();
})();
