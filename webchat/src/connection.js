// socket.io to the assistant, speaking the channel's protocol (channels/webchat.py):
//   -> session_request {session_id}      <- session_confirm session_id
//   -> user_uttered {message, session_id} <- bot_uttered {text, buttons} | {custom} | ...
//                                          <- webchat_error {error}
// Messages typed before the session is confirmed wait in a queue: socket.io's own buffer would send them
// before the session_request, and the server would not yet know which conversation they belong to.

import { io } from "socket.io-client";

export class Connection {
  /**
   * @param {string} server origin of the assistant
   * @param {() => string} sessionId the id to ask for (read at every (re)connection)
   * @param {{confirmed(id: string): void, message(m: object): void, error(text: string): void,
   *          status(state: "connecting" | "online" | "offline"): void}} on
   */
  constructor(server, sessionId, on) {
    this.server = server;
    this.sessionId = sessionId;
    this.on = on;
    this.socket = null;
    this.ready = false;
    this.queue = [];
  }

  start() {
    if (this.socket) return;
    this.on.status("connecting");
    const socket = io(this.server, { path: "/socket.io", withCredentials: false });
    this.socket = socket;
    socket.on("connect", () => {
      this.ready = false;
      socket.emit("session_request", { session_id: this.sessionId() });
    });
    socket.on("session_confirm", (id) => {
      const confirmed = typeof id === "string" ? id : String(id && id.session_id);
      this.ready = true;
      this.on.confirmed(confirmed);
      this.on.status("online");
      this.flush();
    });
    socket.on("bot_uttered", (message) => {
      if (message && typeof message === "object") this.on.message(message);
    });
    socket.on("webchat_error", (data) => this.on.error(String((data && data.error) || "The assistant refused that.")));
    socket.on("disconnect", () => {
      this.ready = false;
      this.on.status("offline");
    });
    socket.on("connect_error", () => this.on.status("offline"));
  }

  send(text) {
    this.queue.push(text);
    this.start();
    this.flush();
  }

  flush() {
    while (this.ready && this.socket && this.socket.connected && this.queue.length) {
      this.socket.emit("user_uttered", { message: this.queue.shift(), session_id: this.sessionId() });
    }
  }
}
