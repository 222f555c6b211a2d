// The one way this widget makes elements. Text only ever goes in as text nodes: no innerHTML anywhere, so
// nothing a person types or the server sends can become markup.

/**
 * el("p", {className: "x", attrs: {"aria-label": "y"}}, "text", otherNode)
 * @param {string} tag
 * @param {{className?: string, attrs?: Record<string, string>, on?: Record<string, EventListener>}} [options]
 * @param {...(Node | string | null | undefined | false)} children
 */
export function el(tag, options = {}, ...children) {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  for (const [name, value] of Object.entries(options.attrs || {})) node.setAttribute(name, value);
  for (const [type, handler] of Object.entries(options.on || {})) node.addEventListener(type, handler);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

let counter = 0;

/** A unique id for aria-labelledby and friends. */
export function uid(name) {
  counter += 1;
  return `senco-chat-${name}-${counter}`;
}

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/g;

/** Trailing punctuation belongs to the sentence, not the address ("see https://x.org/a." ). */
function trimUrl(candidate) {
  let url = candidate.replace(/[.,;:!?]+$/, "");
  while (url.endsWith(")") && (url.match(/\(/g) || []).length < (url.match(/\)/g) || []).length) {
    url = url.slice(0, -1);
  }
  return url;
}

/** A safe external link: opens in a new tab without giving that page a handle on this one. */
export function externalLink(href, text) {
  return el("a", { attrs: { href, target: "_blank", rel: "noopener noreferrer" } }, text);
}

/** Text with every http(s) address made a real link; everything else stays plain text (newlines kept by CSS). */
export function textWithLinks(text) {
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = trimUrl(match[0]);
    fragment.append(document.createTextNode(text.slice(last, match.index)));
    fragment.append(externalLink(url, url));
    last = match.index + url.length;
  }
  fragment.append(document.createTextNode(text.slice(last)));
  return fragment;
}

/** Only http(s) addresses become links (a "javascript:" URL in a payload is shown as text). */
export function isHttpUrl(value) {
  return typeof value === "string" && /^https?:\/\//i.test(value);
}
