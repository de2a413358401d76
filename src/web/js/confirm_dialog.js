// A confirmation with a required reason (the breaker's halt and reset): resolves to the reason, or null when
// cancelled. The confirm button stays disabled while the reason is blank.

export function confirmWithReason(title, text) {
  const dialog = document.getElementById('confirm-dialog');
  const reason = document.getElementById('confirm-reason');
  const ok = document.getElementById('confirm-ok');
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-text').textContent = text;
  document.getElementById('confirm-error').textContent = '';
  reason.value = '';
  ok.disabled = true;
  reason.oninput = () => { ok.disabled = reason.value.trim() === ''; };
  return new Promise((resolve) => {
    dialog.onclose = () => resolve(dialog.returnValue === 'ok' && reason.value.trim() ? reason.value.trim() : null);
    dialog.returnValue = '';
    dialog.showModal();
    reason.focus();
  });
}
