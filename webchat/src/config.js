// Settings read from the one <script> tag a school embeds:
//   <script src="https://assistant.example/webchat/senco-chat.js" data-server="https://assistant.example" defer>
//   </script>
// data-server is optional: it defaults to the origin the script came from, which is the assistant itself.

const DEFAULT_TITLE = "SENCO qualification assistant";

/** An http(s) URL, or null: a data-server of any other scheme is refused rather than connected to. */
function httpUrl(text, base) {
  try {
    const url = new URL(text, base);
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

/**
 * @param {HTMLScriptElement | null} script document.currentScript while the bundle runs
 * @returns {{server: string, stylesheet: string, title: string, initPayload: string}}
 */
export function readConfig(script) {
  const here = window.location.href;
  const scriptUrl = (script && script.src && httpUrl(script.src, here)) || new URL("/webchat/senco-chat.js", here);
  const data = (script && script.dataset) || {};
  let server = data.server ? httpUrl(data.server, here) : null;
  if (data.server && !server) {
    console.error(`senco-chat: data-server="${data.server}" is not an http(s) address; using ${scriptUrl.origin}`);
  }
  server = server || new URL(scriptUrl.origin);
  return {
    server: server.origin,
    stylesheet: new URL("senco-chat.css", scriptUrl).href,
    title: data.title || DEFAULT_TITLE,
    // what the widget says, unseen, when a conversation starts, so the assistant greets first with its buttons
    initPayload: data.initPayload === undefined ? "/greet" : data.initPayload,
  };
}
