// The widget: a launcher button and a non-modal dialog with the conversation, a text box and Send.
//
// Keyboard: the launcher opens the dialog and focus goes to the text box; Escape (anywhere in the dialog) or the
// Close button closes it and focus goes back to the launcher. New bot messages are announced through one polite
// live region. The conversation is redrawn from the tab's transcript after a reload.

import { cardAnnouncement, isAssessment, renderCard } from "./card.js";
import { Connection } from "./connection.js";
import { el, uid } from "./dom.js";
import { botAnnouncement, botItem, systemItem, userItem } from "./messages.js";
import { Store, isSessionId } from "./storage.js";

const MAX_MESSAGE_CHARS = 2000; // stops a pasted book; the server answers anything over its own limit (channels/limits.py)
const TYPING_TEXT = "The assistant is replying…";
const FOOTNOTE = "An automated assistant for schools in England. It can be wrong: check the sources it gives.";
const STATUS_TEXT = {
  connecting: "Connecting to the assistant…",
  online: "",
  offline: "Can't reach the assistant just now. Trying again…",
};

export class Widget {
  constructor(config) {
    this.config = config;
    this.store = new Store(config.server);
    this.items = []; // {kind: "user" | "bot" | "card" | "system", element, text?, buttons?}
    this.pinned = null; // the answer card of the latest turn, if it brought one
    this.connection = new Connection(config.server, () => this.store.sessionId(), {
      confirmed: (id) => this.confirmed(id),
      message: (message) => this.receive(message),
      error: (text) => {
        this.typing.hidden = true;
        this.add({ kind: "system", element: systemItem(text) }, text);
      },
      status: (state) => this.showStatus(state),
    });
    this.build();
  }

  build() {
    const panelId = uid("panel");
    const titleId = uid("title");
    const inputId = uid("input");
    this.launcher = el(
      "button",
      { className: "sc-launcher", attrs: { type: "button", "aria-expanded": "false", "aria-controls": panelId } },
      "SENCO qualification help",
    );
    this.launcher.addEventListener("click", () => (this.isOpen() ? this.close() : this.open()));

    this.log = el("ol", { className: "sc-log", attrs: { "aria-label": "Conversation", tabindex: "0" } });
    this.status = el("p", { className: "sc-status", attrs: { role: "status" } });
    this.typing = el("p", { className: "sc-typing", attrs: { "aria-hidden": "true", hidden: "" } }, TYPING_TEXT);
    this.input = el("input", {
      className: "sc-input",
      attrs: {
        id: inputId,
        type: "text",
        autocomplete: "off",
        maxlength: String(MAX_MESSAGE_CHARS),
        placeholder: "Type your answer",
      },
    });
    const form = el(
      "form",
      { className: "sc-form", attrs: { novalidate: "" } },
      el("label", { className: "sc-sr-only", attrs: { for: inputId } }, "Your message"),
      this.input,
      el("button", { className: "sc-button sc-send", attrs: { type: "submit" } }, "Send"),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submitTyped();
    });
    const closeButton = el("button", { className: "sc-close", attrs: { type: "button", "aria-label": "Close chat" } });
    closeButton.append(el("span", { attrs: { "aria-hidden": "true" } }, "✕"));
    closeButton.addEventListener("click", () => this.close());

    this.panel = el(
      "section",
      { className: "sc-panel", attrs: { id: panelId, role: "dialog", "aria-labelledby": titleId, hidden: "" } },
      el("header", { className: "sc-header" }, el("h2", { attrs: { id: titleId } }, this.config.title), closeButton),
      this.status,
      this.log,
      this.typing,
      form,
      el("p", { className: "sc-footnote" }, FOOTNOTE),
    );
    this.panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        this.close();
      }
    });
    this.live = el("div", { className: "sc-sr-only", attrs: { "aria-live": "polite", "aria-atomic": "false" } });
    this.root = el("div", { className: "senco-chat" }, this.live, this.panel, this.launcher);
  }

  mount() {
    document.body.append(this.root);
    for (const entry of this.store.transcript()) this.draw(entry, false);
    if (this.store.get("open", false)) this.open({ focus: false });
  }

  isOpen() {
    return !this.panel.hidden;
  }

  open({ focus = true } = {}) {
    this.panel.hidden = false;
    this.launcher.setAttribute("aria-expanded", "true");
    this.root.classList.add("sc-open");
    this.store.set("open", true);
    this.connection.start();
    if (!this.items.length && !this.store.get("greeted", false) && this.config.initPayload) {
      this.store.set("greeted", true);
      this.connection.send(this.config.initPayload); // not shown: the assistant's greeting is the first bubble
    }
    this.scrollToEnd();
    if (focus) this.input.focus();
  }

  close() {
    this.panel.hidden = true;
    this.launcher.setAttribute("aria-expanded", "false");
    this.root.classList.remove("sc-open");
    this.store.set("open", false);
    this.launcher.focus();
  }

  confirmed(id) {
    if (isSessionId(id) && id !== this.store.sessionId()) {
      // the server did not accept our id and made a new one: this is a new conversation
      this.store.reset(id);
      for (const item of this.items) item.element.remove();
      this.items = [];
    }
  }

  showStatus(state) {
    this.status.textContent = STATUS_TEXT[state] || "";
    this.status.classList.toggle("sc-status-visible", Boolean(this.status.textContent));
  }

  submitTyped() {
    const text = this.input.value.trim();
    if (!text) return;
    this.input.value = "";
    this.say(text, text);
  }

  /** What the person chose: `shown` goes in the conversation, `sent` to the assistant (a button's payload). */
  say(shown, sent) {
    const entry = { from: "user", text: shown };
    this.store.append(entry);
    this.draw(entry, false);
    this.typing.hidden = false;
    this.connection.send(sent);
  }

  receive(message) {
    const entry = { from: "bot", message };
    this.store.append(entry);
    this.typing.hidden = true;
    this.draw(entry, true);
  }

  /** Draw one transcript entry; used for live messages and, after a reload, for the whole transcript. */
  draw(entry, announce) {
    if (entry.from === "user") {
      this.pinned = null;
      this.retireButtons();
      this.add({ kind: "user", element: userItem(entry.text) });
      return;
    }
    const message = entry.message || {};
    if (isAssessment(message)) {
      this.drawCard(message.custom, announce);
    } else if (message.text || message.buttons || message.image) {
      const { item, buttons } = botItem(message, (button) => this.choose(button));
      this.add({ kind: "bot", element: item, text: message.text || "", buttons }, announce && botAnnouncement(message));
    }
    // other payloads (custom types this widget does not know) are not shown
  }

  drawCard(payload, announce) {
    // the answer's text came just before: fold it into the card instead of showing it twice
    const previous = this.items[this.items.length - 1];
    let text = "";
    if (previous && previous.kind === "bot" && !previous.buttons && previous.text) {
      text = previous.text;
      previous.element.remove();
      this.items.pop();
    }
    const item = el("li", { className: "sc-msg sc-msg-bot sc-msg-card" });
    item.append(renderCard(payload, text, (said) => this.announce(said), this.config.server));
    this.add({ kind: "card", element: item }, announce && cardAnnouncement(payload));
    this.pinned = item; // keep the card's top in view while the rest of this turn arrives
    this.scrollToEnd();
  }

  choose(button) {
    this.say(button.title, button.payload);
    this.input.focus();
  }

  /** Buttons answer the latest question only: once the person has replied, older ones go. */
  retireButtons() {
    for (const item of this.items) {
      if (item.buttons) {
        item.buttons.remove();
        item.buttons = null;
      }
    }
  }

  add(item, announcement) {
    this.items.push(item);
    this.log.append(item.element);
    if (announcement) this.announce(announcement);
    this.scrollToEnd();
  }

  announce(text) {
    this.live.append(el("p", {}, text));
    while (this.live.childNodes.length > 5) this.live.firstChild.remove();
  }

  /** Show the newest message, or, in the turn that brought an answer card, the top of that card. */
  scrollToEnd() {
    if (this.pinned && this.pinned.isConnected) {
      this.log.scrollTop = this.pinned.offsetTop - this.log.offsetTop - 8;
    } else {
      this.log.scrollTop = this.log.scrollHeight;
    }
  }
}
