// One-click copy for an answer (app.py, copy_button). Runs in the app page itself, not in an
// iframe, and loads nothing: the icon is inline SVG, the text comes in `data`.
const COPY_ICON = '<path d="M8 4h9a2 2 0 0 1 2 2v11h-2V6H8z"/><path d="M5 8h8a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2v-9a2 2 0 0 1 2-2zm0 2v9h8v-9z"/>';
const DONE_ICON = '<path d="M9.5 16.2 5.3 12l-1.4 1.4 5.6 5.6 11-11-1.4-1.4z"/>';
const CONFIRM_MS = 2500;

async function copyText(text, button) {
  // The Clipboard API needs a secure context (https or localhost); on a plain-http intranet
  // host fall back to copying a selected, off-screen textarea.
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch (error) {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.cssText = "position:fixed;top:0;left:-9999px;opacity:0";
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (ignored) {}
    area.remove();
    button.focus();
    return ok;
  }
}

export default function (component) {
  const { data, parentElement } = component;
  const button = parentElement.querySelector("button");
  const icon = button.querySelector("svg");
  const label = button.querySelector(".label");
  const status = parentElement.querySelector(".status");
  const show = (word, paths, announce) => {
    label.textContent = word;
    icon.innerHTML = paths;
    status.textContent = announce;
  };
  button.setAttribute("aria-label", data.label);
  if (!button.dataset.ready) show("Copy", COPY_ICON, "");
  button.dataset.ready = "1";
  button.onclick = async () => {
    const ok = await copyText(data.text, button);
    show(ok ? "Copied" : "Copy failed", ok ? DONE_ICON : COPY_ICON,
         ok ? "Copied the answer and its references" : "Could not copy: select the text instead");
    clearTimeout(button._reset);
    button._reset = setTimeout(() => show("Copy", COPY_ICON, ""), CONFIRM_MS);
  };
}
