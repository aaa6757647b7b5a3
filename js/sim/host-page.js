// The simulated Jira page: fits the app's iframe to the height the app reports.
window.addEventListener('message', (event) => {
  if (event.origin !== window.location.origin) return;
  const data = event.data || {};
  if (data.type !== 'jira-sim:resize' || typeof data.height !== 'number') return;
  const frame = document.getElementById('ticklist-panel');
  if (frame) frame.style.height = Math.max(60, Math.ceil(data.height)) + 'px';
});
