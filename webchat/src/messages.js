// One list item per message. Who said it is written out for screen readers ("You said", "Assistant"), because
// the bubbles' sides and colours are only visual.

import { el, isHttpUrl, externalLink, textWithLinks } from "./dom.js";

function speaker(text) {
  return el("span", { className: "sc-sr-only" }, text);
}

export function userItem(text) {
  // text typed by the person: a text node, never markup, never Markdown, never linked
  return el("li", { className: "sc-msg sc-msg-user" }, speaker("You said: "), el("p", { className: "sc-text" }, text));
}

export function systemItem(text) {
  return el("li", { className: "sc-msg sc-msg-system" }, el("p", { className: "sc-text" }, text));
}

/**
 * A bot message that is not an answer card: text (addresses made links), an image as a link, and any buttons.
 * @param {object} message {text?, buttons?, image?}
 * @param {(button: {title: string, payload: string}) => void} choose called when a button is pressed
 * @returns {{item: HTMLLIElement, buttons: HTMLElement | null}}
 */
export function botItem(message, choose) {
  const item = el("li", { className: "sc-msg sc-msg-bot" }, speaker("Assistant: "));
  if (typeof message.text === "string" && message.text) {
    item.append(el("p", { className: "sc-text" }, textWithLinks(message.text)));
  }
  if (isHttpUrl(message.image)) {
    item.append(el("p", { className: "sc-text" }, externalLink(message.image, "Open the image")));
  }
  const buttons = Array.isArray(message.buttons)
    ? message.buttons.filter((b) => b && typeof b.payload === "string" && b.payload)
    : [];
  let group = null;
  if (buttons.length) {
    group = el("div", { className: "sc-choices", attrs: { role: "group", "aria-label": "Choose an answer" } });
    for (const button of buttons) {
      const title = typeof button.title === "string" && button.title ? button.title : button.payload;
      const pick = () => choose({ title, payload: button.payload });
      group.append(el("button", { className: "sc-choice", attrs: { type: "button" }, on: { click: pick } }, title));
    }
    item.append(group);
  }
  return { item, buttons: group };
}

/** The announcement for a bot message (screen readers hear the text; buttons are mentioned, not read out). */
export function botAnnouncement(message) {
  const text = typeof message.text === "string" ? message.text : "";
  const count = Array.isArray(message.buttons) ? message.buttons.length : 0;
  return count ? `${text} (${count} choices below)` : text;
}
