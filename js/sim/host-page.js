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
