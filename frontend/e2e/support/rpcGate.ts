/**
 * The indexer's way to the chain, with a switch: a pass-through JSON-RPC proxy in this process that, while
 * closed, answers every request as an unreachable node does (HTTP 503), so the real indexer falls behind a chain
 * that goes on without it, and catches up once the gate opens. The chain and the indexer are untouched: only the
 * network between them fails, as it does in production.
 */
import { createServer, type Server } from "node:http";

export type RpcGate = {
  url: string;
  /**
   * Starts refusing: the indexer sees a dead RPC and stays at the block it reached. With `methods`, only those
   * (`eth_getLogs`, say: the indexer starts, then cannot read what happened).
   */
  close(methods?: readonly string[]): void;
  /** Forwards again. */
  open(): void;
  stop(): Promise<void>;
};

/** Whether a JSON-RPC request (or batch) calls one of `methods`. */
function refusesAny(methods: ReadonlySet<string>, body: Buffer): boolean {
  try {
    const parsed = JSON.parse(body.toString("utf8")) as { method?: string } | { method?: string }[];
    return (Array.isArray(parsed) ? parsed : [parsed]).some((call) => methods.has(call.method ?? ""));
  } catch {
    return false;
  }
}

/** A gate in front of the JSON-RPC node at `upstream`, open, on a free port of 127.0.0.1. */
export async function startRpcGate(upstream: string): Promise<RpcGate> {
  // Everything is refused when `closed` is true; a set refuses only its methods.
  let closed: boolean | ReadonlySet<string> = false;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (closed === true || (closed !== false && refusesAny(closed, Buffer.concat(chunks)))) {
      res.writeHead(503, { "content-type": "text/plain" }).end("the e2e gate is closed");
      return;
    }
    try {
      const answer = await fetch(upstream, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: Buffer.concat(chunks),
      });
      res.writeHead(answer.status, { "content-type": "application/json" }).end(Buffer.from(await answer.arrayBuffer()));
    } catch {
      res.writeHead(502).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the RPC gate has no address");
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: (methods) => {
      closed = methods === undefined ? true : new Set(methods);
    },
    open: () => {
      closed = false;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
