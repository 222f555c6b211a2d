// Builds dist/: senco-chat.js (one script, socket.io-client included), senco-chat.css beside it, and the demo page.
// Run by tools/build_webchat.sh (`make webchat`), which skips it when nothing it reads has changed.
import { copyFile, mkdir } from "node:fs/promises";
import { build } from "esbuild";

const common = { bundle: true, minify: true, logLevel: "warning", legalComments: "eof" };

await mkdir("dist", { recursive: true });
await build({
  ...common,
  entryPoints: ["src/index.js"],
  outfile: "dist/senco-chat.js",
  format: "iife",
  target: ["es2020"],
});
await build({ ...common, entryPoints: ["src/senco-chat.css"], outfile: "dist/senco-chat.css" });
for (const name of ["index.html", "demo.css", "favicon.svg"]) await copyFile(`demo/${name}`, `dist/${name}`);
