// Entry point of senco-chat.js: read the script tag, add the stylesheet beside it, put the widget on the page.

import { readConfig } from "./config.js";
import { Widget } from "./widget.js";

function addStylesheet(href) {
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = href;
  document.head.append(link);
}

function start(config) {
  const widget = new Widget(config);
  widget.mount();
  window.sencoChat = widget; // for the page's own scripts and for tests: open(), close()
}

if (!window.sencoChat) {
  const config = readConfig(document.currentScript);
  window.sencoChat = "starting"; // a second copy of the tag on the page does nothing
  addStylesheet(config.stylesheet);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => start(config), { once: true });
  } else {
    start(config);
  }
}
