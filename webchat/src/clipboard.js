// Copying the answer as plain text, and printing one card.

/**
 * Copy text: the async Clipboard API where the page may use it (https, or localhost), otherwise the old
 * select-and-execCommand way, which still works on a school intranet page served over plain http.
 * @returns {Promise<boolean>} whether the text reached the clipboard
 */
export async function copyText(text, returnFocusTo) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // permission refused: fall through to the fallback
    }
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.className = "sc-offscreen";
  document.body.append(area);
  area.select();
  let copied = false;
  try {
    copied = document.execCommand("copy");
  } catch {
    copied = false;
  }
  area.remove();
  if (returnFocusTo) returnFocusTo.focus();
  return copied;
}

/**
 * Print only this card: classes that the print stylesheet uses to hide the host page and the rest of the chat.
 * window.print() blocks until the print dialog closes, so the classes come off straight after it.
 */
export function printOnly(card) {
  const page = document.documentElement;
  const printed = [card, card.closest("li")].filter(Boolean);
  page.classList.add("senco-chat-printing");
  printed.forEach((node) => node.classList.add("sc-printing"));
  try {
    window.print();
  } finally {
    page.classList.remove("senco-chat-printing");
    printed.forEach((node) => node.classList.remove("sc-printing"));
  }
}
