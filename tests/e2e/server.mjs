// What every browser test needs to start its own `ayi serve`: a free
// port, and waiting until the server answers.
import net from "node:net";

export function freePort() {
  return new Promise((ok) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

export async function waitForServer(url, child, ms = 120_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`ayi serve exited with ${child.exitCode}`);
    try { if ((await fetch(url + "/healthz")).ok) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("ayi serve did not start");
}

